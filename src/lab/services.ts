// What each real Azure service answers to an anonymous GET. The checker's HTTP
// probe tells "the real service answered" from "something else answered" by
// these statuses and headers, so they must stay faithful to the real ones.
import { randomUUID } from 'node:crypto';

export type ServiceKind = 'mcr' | 'acr' | 'storage' | 'aks-api' | 'other';

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
    case 'storage': {
      // Blob and table storage reject a bare GET / for its missing ?comp=.
      const requestId = randomUUID();
      return {
        status: 400,
        headers: { 'x-ms-request-id': requestId, 'content-type': 'application/xml' },
        body:
          '<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidQueryParameterValue</Code>' +
          '<Message>Value for one of the query parameters specified in the request URI is invalid.\n' +
          `RequestId:${requestId}\nTime:${new Date().toISOString()}</Message>` +
          '<QueryParameterName>comp</QueryParameterName><QueryParameterValue /><Reason /></Error>',
      };
    }
    case 'aks-api':
      // AKS disables anonymous access: every path is 401 to a caller without a token.
      return {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
      };
    case 'other':
      return notFound();
  }
}
