import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProxy, proxyFor, proxySettingsFromEnv } from '../../src/probes/proxy.ts';

const PROXY = 'http://proxy.corp:3128';
const via = (url: string, noProxy?: string) => proxyFor(new URL(url), { proxy: PROXY, noProxy })?.href;

describe('proxyFor: NO_PROXY as curl reads it', () => {
  const cases: [url: string, noProxy: string | undefined, proxied: boolean][] = [
    ['https://mcr.microsoft.com/', undefined, true],
    ['https://mcr.microsoft.com/', '*', false],
    // A domain entry matches the name and everything below it, with or without a leading dot or "*.".
    ['https://myacr.azurecr.io/', 'azurecr.io', false],
    ['https://azurecr.io/', '.azurecr.io', false],
    ['https://myacr.azurecr.io/', '.azurecr.io', false],
    ['https://myacr.azurecr.io/', '*.azurecr.io', false],
    ['https://notazurecr.io/', 'azurecr.io', true],
    ['https://MyAcr.AzureCR.io./', 'myacr.azurecr.io', false],
    // Lists: commas and blanks.
    ['https://api.azureml.ms/', 'localhost, 127.0.0.1 , .svc,api.azureml.ms', false],
    ['https://api.azureml.ms/', 'localhost 127.0.0.1 api.azureml.ms', false],
    ['https://management.azure.com/', 'localhost,.svc', true],
    // host:port applies to that port only.
    ['https://myacr.azurecr.io/', 'myacr.azurecr.io:443', false],
    ['https://myacr.azurecr.io:5000/', 'myacr.azurecr.io:443', true],
    // IP and CIDR entries match IP URLs only.
    ['http://10.1.2.3/', '10.0.0.0/8', false],
    ['http://10.1.2.3/', '10.1.2.3', false],
    ['http://11.1.2.3/', '10.0.0.0/8', true],
    ['http://[fd00::5]/', 'fd00::/8', false],
    ['http://[fd00::5]/', '[fd00::5]', false],
    ['http://10.1.2.3/', '.1.2.3', true],
  ];
  for (const [url, noProxy, proxied] of cases) {
    it(`${url} with NO_PROXY=${JSON.stringify(noProxy)} → ${proxied ? 'proxy' : 'direct'}`, () => {
      assert.equal(via(url, noProxy), proxied ? `${PROXY}/` : undefined);
    });
  }

  it('reads a scheme-less proxy as http://', () => {
    assert.equal(proxyFor(new URL('https://mcr.microsoft.com/'), { proxy: 'proxy.corp:3128' })?.href, 'http://proxy.corp:3128/');
  });

  it('uses the http proxy for http: URLs when one is set', () => {
    assert.equal(proxyFor(new URL('http://example.com/'), { proxy: PROXY, httpProxy: 'http://plain:8080' })?.host, 'plain:8080');
    assert.equal(proxyFor(new URL('https://example.com/'), { proxy: PROXY, httpProxy: 'http://plain:8080' })?.host, 'proxy.corp:3128');
  });

  it('describes a proxy without its credentials', () => {
    assert.equal(describeProxy(new URL('http://alice:s3cret@proxy.corp:3128')), 'proxy.corp:3128');
    assert.equal(describeProxy(new URL('http://proxy.corp')), 'proxy.corp:80');
  });
});

describe('proxySettingsFromEnv', () => {
  it('prefers the lower-case names, as curl does, and ignores empty values', () => {
    const settings = proxySettingsFromEnv({
      https_proxy: PROXY,
      HTTPS_PROXY: 'http://upper:1',
      HTTP_PROXY: 'http://plain:8080',
      no_proxy: '',
      NO_PROXY: '.svc',
    });
    assert.deepEqual(settings, { proxy: PROXY, httpProxy: 'http://plain:8080', noProxy: '.svc' });
  });

  it('returns nothing when no proxy is configured', () => {
    assert.deepEqual(proxySettingsFromEnv({}), {});
  });
});
