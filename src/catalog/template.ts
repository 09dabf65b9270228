/** The variables a rule's host, zone and firewall templates may use. */
export const TEMPLATE_VARIABLES = [
  'apiServerFqdn',
  'region',
  'workspaceRegion',
  'acr',
  'storageAccount',
  'domainLabel',
  'workspaceId',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

/** Fills {name} placeholders; returns undefined (and the missing names) when a value is not configured. */
export function fillTemplate(template: string, values: TemplateValues): { value?: string; missing: string[] } {
  const missing: string[] = [];
  const value = template.replace(/\{([^}]+)\}/g, (_, name: TemplateVariable) => {
    const v = values[name];
    if (v === undefined) missing.push(name);
    return v ?? '';
  });
  return missing.length ? { missing } : { value, missing };
}
