// Every string of a report is peer-supplied somewhere (certificate names, status
// lines, DNS labels): nothing reaches the page without going through here.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. Characters HTML forbids (NUL, lone surrogates) become U+FFFD. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c])
    .replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A trusted fragment of markup, built by this renderer only from escaped parts. */
export type Html = string;

/** Joins fragments, skipping the empty ones. */
export const join = (parts: (Html | false | undefined | null)[]): Html => parts.filter(Boolean).join('');
