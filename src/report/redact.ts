// Secrets must never reach a report, whatever the format: SAS tokens, account
// keys, passwords in proxy URLs, Authorization headers. Redaction runs once on
// the report object, so every format inherits it.

// Header names whose whole value is a credential (API keys sent as headers).
const KEY_HEADERS = 'ocp-apim-subscription-key|x-api-key|api-key|x-functions-key|x-ms-client-secret';

const PATTERNS: [RegExp, string][] = [
  // Any user information in a URL: "user:password@" and a token alone as "token@" alike.
  // Up to the last "@" of the authority: a password may itself hold a raw "@" (URL parsers take the last one).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]+@/gi, '$1***@'],
  [/([?&](?:sig|se|sp|sv|st|spr|srt|ss|sr|skoid|sktid|skt|ske|sks|skv|code|token|access_token|api-key|apikey|key|subscription-key)=)[^&\s"'#<>]+/gi, '$1***'],
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature|password|pwd|client_secret)=([^;&\s"'<>]+)/gi, '$1=***'],
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(Bearer|Basic|SharedKey|Negotiate)?\s*[^\s"',}<>]+/gi, '$1$2$3 ***'],
  [new RegExp(`\\b(${KEY_HEADERS})(["']?\\s*[:=]\\s*["']?)[^\\s"',}<>]+`, 'gi'), '$1$2***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, '***jwt***'],
];

// A URL's query string is never needed in a report (probes send none): every value in it is hidden,
// whatever the parameter is called.
const URL_QUERY = /(\b(?:https?|wss?|tcp):\/\/[^\s?#"'<>]*\?)([^\s#"'<>]*)/gi;

export function redactString(s: string): string {
  const queriesHidden = s.replace(URL_QUERY, (_, head: string, query: string) => head + query.replace(/(^|&)([^=&]*)=[^&]*/g, (__, sep: string, name: string) => `${sep}${name}=***`));
  return PATTERNS.reduce((acc, [re, to]) => acc.replace(re, to), queriesHidden);
}

const SECRET_KEYS = new RegExp(`^(authorization|proxy-authorization|password|secret|client_secret|token|sas|accountkey|cookie|set-cookie|${KEY_HEADERS})$`, 'i');

export function redact<T>(value: T): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) && v ? '***' : redact(v)])) as T;
  }
  return value;
}
