// Credentials as they turn up in real configurations and answers, each with
// the part that must never be printed. Shared by the format tests.

export interface Planted {
  what: string;
  /** As it would appear in a URL, a header, a message or a body. */
  text: string;
  /** The secret part: no report may contain it. */
  secret: string;
}

const SAS_SIG = 'Zm9vYmFyU0VDUkVUc2lnbmF0dXJl%2BdGVzdA%3D%3D';
const ACCOUNT_KEY = 'c2VjcmV0LWFjY291bnQta2V5LXRoYXQtaXMtODgtY2hhcmFjdGVycy1sb25nLWFuZC1lbmRzLXdpdGgtZXF1YWxzLXNpZ24tcGFk==';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL21sLmF6dXJlLmNvbSIsInNlY3JldCI6dHJ1ZX0.c2lnbmF0dXJlLXNlY3JldC1qd3Q';

export const PLANTED: Planted[] = [
  {
    what: 'a blob SAS token in a URL',
    text: `https://demostore.blob.core.windows.net/models/m.pkl?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=${SAS_SIG}`,
    secret: 'Zm9vYmFyU0VDUkVUc2lnbmF0dXJl',
  },
  {
    what: 'an API Management subscription key in a query string',
    text: 'https://api.contoso.example/score?subscription-key=3f2a9c0d4e5b6a7f8e9d0c1b2a3f4e5d',
    secret: '3f2a9c0d4e5b6a7f8e9d0c1b2a3f4e5d',
  },
  {
    what: 'an Azure Functions key in a query string',
    text: 'https://fn.contoso.example/api/features?code=Rk5LRVktc2VjcmV0LWZ1bmN0aW9uLWtleQ==',
    secret: 'Rk5LRVktc2VjcmV0LWZ1bmN0aW9uLWtleQ',
  },
  { what: 'a password in a proxy URL', text: 'http://aks-egress:Pr0xy-Pa55w0rd@proxy.contoso.example:3128', secret: 'Pr0xy-Pa55w0rd' },
  {
    what: 'a password holding a raw "@" in a proxy URL',
    text: 'http://aks-egress:Pr0xy@Tail-Secret@proxy.contoso.example:3128',
    secret: 'Tail-Secret',
  },
  {
    what: 'a token as the user name of a URL',
    text: 'https://ghp_T0kenAsUserName1234567890@git.contoso.example/models.git',
    secret: 'ghp_T0kenAsUserName1234567890',
  },
  { what: 'a bearer token in an Authorization header', text: `Authorization: Bearer ${JWT}`, secret: 'c2lnbmF0dXJlLXNlY3JldC1qd3Q' },
  {
    what: 'a storage shared key in an Authorization header',
    text: 'authorization: SharedKey demostore:U2hhcmVkS2V5U2VjcmV0U2lnbmF0dXJlMTIzNA==',
    secret: 'U2hhcmVkS2V5U2VjcmV0U2lnbmF0dXJlMTIzNA',
  },
  {
    what: 'basic credentials in a Proxy-Authorization header',
    text: 'Proxy-Authorization: Basic YWtzLWVncmVzczpQcjB4eS1QYTU1dzByZA==',
    secret: 'YWtzLWVncmVzczpQcjB4eS1QYTU1dzByZA',
  },
  {
    what: 'an API Management key header',
    text: 'Ocp-Apim-Subscription-Key: 9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
    secret: '9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  },
  {
    what: 'an Azure OpenAI api-key header, as JSON',
    text: '{"api-key": "0a1b2c3d4e5f60718293a4b5c6d7e8f9"}',
    secret: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  },
  {
    what: 'an account key in a connection string',
    text: `DefaultEndpointsProtocol=https;AccountName=demostore;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
    secret: ACCOUNT_KEY.slice(0, 40),
  },
  {
    what: 'a Service Bus shared access signature in a connection string',
    text: 'Endpoint=sb://demo.servicebus.windows.net/;SharedAccessSignature=c2FzLXNpZ25hdHVyZS1zZWNyZXQtdmFsdWU',
    secret: 'c2FzLXNpZ25hdHVyZS1zZWNyZXQtdmFsdWU',
  },
  {
    what: 'a password in a database connection string',
    text: 'Server=tcp:demo.database.windows.net,1433;User ID=scorer;Pwd=Db-Pa55w0rd-9f3k;Encrypt=True',
    secret: 'Db-Pa55w0rd-9f3k',
  },
  { what: 'a JWT on its own', text: `token was ${JWT}`, secret: 'c2lnbmF0dXJlLXNlY3JldC1qd3Q' },
  {
    what: 'a client secret in a form body',
    text: 'grant_type=client_credentials&client_id=abc&client_secret=Q~secretValue1234567890abcdefgh',
    secret: 'Q~secretValue1234567890abcdefgh',
  },
];

/** Every format must also hide a secret whose parts were escaped for it (XML, Markdown, JSON). */
export function leaks(output: string): Planted[] {
  return PLANTED.filter((p) => output.includes(p.secret) || output.includes(encodeURIComponent(p.secret)));
}
