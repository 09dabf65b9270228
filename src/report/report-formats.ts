/** The formats schema/report.schema.json names beyond JSON Schema's types (its validator imports them). */
export const REPORT_FORMATS: Record<string, { validate: (s: string) => boolean }> = {
  'date-time': { validate: (s) => !Number.isNaN(Date.parse(s)) },
};
