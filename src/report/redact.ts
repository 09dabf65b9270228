// Secrets must never reach a report, whatever the format: SAS tokens, account
// keys, passwords in proxy URLs, Authorization headers. Redaction runs once on
// the report object, so every format inherits it.

// Header names whose whole value is a credential (API keys sent as headers).
const KEY_HEADERS = 'ocp-apim-subscription-key|x-api-key|api-key|x-functions-key|x-ms-client-secret';

const PATTERNS: [RegExp, string][] = [
  // Any user information in a URL inside free text: "user:password@" and a token alone as "token@" alike.
  // Up to the last "@" of the authority: a password may itself hold a raw "@", quotes or "<" (URL parsers take the
  // last "@"). A whole value that is a URL is redacted from its parsed form instead (redactUrl), spaces included.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi, '$1***@'],
  [
    /([?&](?:sig|se|sp|sv|st|spr|srt|ss|sr|skoid|sktid|skt|ske|sks|skv|code|token|access_token|api-key|apikey|key|subscription-key)=)[^&\s"'#<>]+/gi,
    '$1***',
  ],
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature|password|pwd|client_secret)=([^;&\s"'<>]+)/gi, '$1=***'],
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(Bearer|Basic|SharedKey|Negotiate)?\s*[^\s"',}<>]+/gi, '$1$2$3 ***'],
  [new RegExp(`\\b(${KEY_HEADERS})(["']?\\s*[:=]\\s*["']?)[^\\s"',}<>]+`, 'gi'), '$1$2***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, '***jwt***'],
];

// A URL's query string is never needed in a report (probes send none): every value in it is hidden,
// whatever the parameter is called.
const URL_QUERY = /(\b(?:https?|wss?|tcp):\/\/[^\s?#"'<>]*\?)([^\s#"'<>]*)/gi;

// What a URL parser skips first (C0 controls and spaces), then a scheme.
const STARTS_WITH_SCHEME = /^[\x00-\x20]*[a-z][a-z0-9+.-]*:/i;

/** A value that is one URL (a proxy, a dependency, a Pushgateway), redacted from what a URL parser makes of it:
 *  whatever characters its user information holds, the parser and we agree on where it ends. */
export function redactUrl(value: string): string | undefined {
  // A whole value that is a URL starts with its scheme; most values a report holds do not, and a parse is costly.
  if (!STARTS_WITH_SCHEME.test(value)) return undefined;
  // Only user information (an "@") or a query (a "?") is ever hidden: a URL with neither comes back as it is.
  if (!/[@?]/.test(value)) return value;
  const url = URL.parse(value);
  if (!url) return undefined;
  const start = value.indexOf('//');
  if (start < 0) return undefined;
  let shown = value;
  if (url.username || url.password) {
    // The authority ends where the parser ends it: at the first "/", "?" or "#" (or "\\" in http/https URLs).
    const authority = value.slice(start + 2);
    const end = authority.search(url.protocol === 'http:' || url.protocol === 'https:' ? /[/?#\\]/ : /[/?#]/);
    const at = authority.lastIndexOf('@', end < 0 ? authority.length : end);
    shown = `${value.slice(0, start + 2)}***${authority.slice(at)}`;
  }
  // The query is what follows the first "?" after the authority, up to "#".
  const query = url.search ? shown.indexOf('?', start + 2) : -1;
  if (query < 0) return shown;
  const hash = shown.indexOf('#', query);
  const end = hash < 0 ? shown.length : hash;
  return (
    shown.slice(0, query + 1) +
    shown.slice(query + 1, end).replace(/(^|&)([^=&]*)=[^&]*/g, (_, sep: string, name: string) => `${sep}${name}=***`) +
    shown.slice(end)
  );
}

/** Any value for a person to read back, e.g. in "(got …)" of a validation error: quoted, with its secrets hidden. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(redactString(redactUrl(text) ?? text));
}

const hideQueryValues = (s: string): string =>
  s.replace(
    URL_QUERY,
    (_, head: string, query: string) =>
      head + query.replace(/(^|&)([^=&]*)=[^&]*/g, (__, sep: string, name: string) => `${sep}${name}=***`),
  );

// What each pattern above (and URL_QUERY) cannot match without: user information needs an "@" and a "//" (every
// check id has an "@" and no "//"), parameters a "?" or "&" before them, the key=value and header patterns their
// names (each holds "key", "secret", "password", "pwd", "signature" or "authorization"), a JWT its "eyJ". A string
// with none holds no secret: check ids and the "CN=…" names of a certificate's evidence skip every pattern.
const MAY_HOLD_SECRET = /\/\/.*@|@.*\/\/|[?&]|eyJ|authorization|key|secret|password|pwd|signature/is;

/** Every pattern run on `s`; only for what passed MAY_HOLD_SECRET. */
const hidePatterns = (s: string): string => PATTERNS.reduce((acc, [re, to]) => acc.replace(re, to), hideQueryValues(s));

export function redactString(s: string): string {
  return MAY_HOLD_SECRET.test(s) ? hidePatterns(s) : s;
}

const SECRET_KEYS = new RegExp(
  `^(authorization|proxy-authorization|password|secret|client_secret|token|sas|accountkey|cookie|set-cookie|${KEY_HEADERS})$`,
  'i',
);

// A report repeats a few dozen key names thousands of times: each is tested once.
const secretKeys = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEYS.test(key);
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

/** `value` with every secret hidden. Copy on write: what holds no secret comes back as it is (no copy of a
 *  4,000-check report to find that most of it is clean); what does is a new object, the input left untouched. */
export function redact<T>(value: T): T {
  if (typeof value === 'string') return (MAY_HOLD_SECRET.test(value) ? hidePatterns(redactUrl(value) ?? value) : value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const hidden = redact(value[i]);
      if (hidden === value[i]) continue;
      copy ??= value.slice();
      copy[i] = hidden;
    }
    return (copy ?? value) as T;
  }
  if (value && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      const hidden = v && isSecretKey(k) ? '***' : redact(v);
      if (hidden === v) continue;
      copy ??= { ...(value as Record<string, unknown>) };
      copy[k] = hidden;
    }
    return (copy ?? value) as T;
  }
  return value;
}
