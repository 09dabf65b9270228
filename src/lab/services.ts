// What each real Azure service answers to an anonymous GET. The checker's HTTP
// probe tells "the real service answered" from "something else answered" by
// these statuses and headers, so they must stay faithful to the real ones.
import { randomUUID } from 'node:crypto';

export type ServiceKind = 'mcr' | 'acr' | 'storage' | 'aks-api' | 'kusto' | 'azureml' | 'pypi' | 'apt-archive' | 'other';

/** Served over plain HTTP on port 80, as the Ubuntu archives are; every other kind is HTTPS on 443. */
export const PLAIN_HTTP_SERVICES: readonly ServiceKind[] = ['apt-archive'];

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const REGISTRY = { 'docker-distribution-api-version': 'registry/2.0' };

function notFound(): HttpAnswer {
  return { status: 404, headers: { 'x-ms-request-id': randomUUID() }, body: '' };
}

export function serviceAnswer(service: ServiceKind, host: string, path: string): HttpAnswer {
  const registryRoot = path === '/v2/' || path === '/v2';
  switch (service) {
    case 'mcr':
      // MCR lets anyone read /v2/.
      if (!registryRoot) return notFound();
      return { status: 200, headers: { ...REGISTRY, 'content-type': 'application/json' }, body: '{}' };
    case 'acr':
      // ACR asks for a token, and says where to get it.
      if (!registryRoot) return notFound();
      return {
        status: 401,
        headers: {
          ...REGISTRY,
          'content-type': 'application/json; charset=utf-8',
          'www-authenticate': `Bearer realm="https://${host}/oauth2/token",service="${host}"`,
        },
        body: '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required, visit https://aka.ms/acr/authorization for more information.","detail":null}]}',
      };
    case 'storage':
      // Blob and table storage reject a bare GET / for its missing ?comp=, and hide what an anonymous caller may not see.
      return path === '/'
        ? storageError(
            400,
            'InvalidQueryParameterValue',
            'Value for one of the query parameters specified in the request URI is invalid.',
            '<QueryParameterName>comp</QueryParameterName><QueryParameterValue /><Reason />',
          )
        : storageError(404, 'ResourceNotFound', 'The specified resource does not exist.');
    case 'aks-api':
      // AKS disables anonymous access: every path is 401 to a caller without a token.
      return {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
      };
    case 'kusto':
      // Every Kusto SDK first reads the cluster's cloud metadata, without a token.
      if (path !== '/v1/rest/auth/metadata') return notFound();
      return { status: 200, headers: { 'content-type': 'application/json' }, body: KUSTO_METADATA };
    case 'azureml':
      // Azure ML's front end stamps its answers, errors included.
      return {
        status: 404,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-ms-response-type': 'error',
          'x-request-time': '0.004',
          'x-ms-request-id': randomUUID(),
        },
        body: '{"error":{"code":"NotFound","message":"Not found"}}',
      };
    case 'pypi':
      // The simple index lists every project; anything else is a 404.
      if (path !== '/simple/') return notFound();
      return {
        status: 200,
        headers: { 'content-type': 'application/vnd.pypi.simple.v1+html' },
        body: '<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"></head><body></body></html>',
      };
    case 'apt-archive':
      // An Ubuntu mirror's directory listing, over plain HTTP.
      return {
        status: 200,
        headers: { 'content-type': 'text/html;charset=UTF-8' },
        body: `<html><head><title>Index of ${path}</title></head><body><h1>Index of ${path}</h1></body></html>`,
      };
    case 'other':
      return notFound();
  }
}

/** An Azure Storage REST error: the code in the x-ms-error-code header and in the XML body. */
function storageError(status: number, code: string, message: string, details = ''): HttpAnswer {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'x-ms-request-id': requestId, 'x-ms-error-code': code, 'content-type': 'application/xml' },
    body:
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code>` +
      `<Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message>${details}</Error>`,
  };
}

// The public cloud's answer to GET /v1/rest/auth/metadata, as the Kusto SDKs read it.
const KUSTO_METADATA = JSON.stringify({
  AzureAD: {
    LoginEndpoint: 'https://login.microsoftonline.com',
    LoginMfaRequired: false,
    KustoClientAppId: 'db662dc1-0cfe-4e1c-a843-19a68e65be58',
    KustoClientRedirectUri: 'https://microsoft/kustoclient',
    KustoServiceResourceId: 'https://kusto.kusto.windows.net',
    FirstPartyAuthorityUrl: 'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  },
});
