// Secrets must never reach a report, whatever the format: SAS tokens, account
// keys, passwords in proxy URLs, Authorization headers. Redaction runs once on
// the report object, so every format inherits it.

const PATTERNS: [RegExp, string][] = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, '$1***@'],
  [/([?&](?:sig|se|sp|sv|st|spr|srt|ss|sr|skoid|sktid|skt|ske|sks|skv|code|token|access_token|api-key|apikey|key)=)[^&\s"'#]+/gi, '$1***'],
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature|password|pwd|client_secret)=([^;&\s"']+)/gi, '$1=***'],
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(Bearer|Basic|SharedKey|Negotiate)?\s*[^\s"',}]+/gi, '$1$2$3 ***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, '***jwt***'],
];

export function redactString(s: string): string {
  return PATTERNS.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

const SECRET_KEYS = /^(authorization|proxy-authorization|password|secret|token|sas|accountkey|cookie|set-cookie)$/i;

export function redact<T>(value: T): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) && v ? '***' : redact(v)])) as T;
  }
  return value;
}
