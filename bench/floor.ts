// The floor: the least a client can do to prove what `check` proves for each
// host (resolve, connect, handshake, one GET), with the same concurrency. It
// resolves as getaddrinfo does for curl, A and AAAA at once: the DNS check
// reports both, so asking A alone would prove less than `check` does.
// `npm run bench` runs it beside `check` on the same lab; its wall time and
// peak RSS are the goal's unit.
//
//   node bench/floor.ts DNS_HOST:PORT CA_FILE CONCURRENCY URL...  (or URLs on stdin, one a line)
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';

const [dnsServer, caFile, concurrencyText, ...args] = process.argv.slice(2);
const urls = (args.length ? args : readFileSync(0, 'utf8').split('\n')).filter(Boolean).map((u) => new URL(u));
// One context for every connection, as any client that trusts an extra CA should build it.
const secureContext = tls.createSecureContext({ ca: [...tls.getCACertificates('default'), readFileSync(caFile!, 'utf8')] });
const resolver = new Resolver({ timeout: 2000, tries: 1 });
resolver.setServers([dnsServer!]);

async function probe(url: URL): Promise<boolean> {
  const [[address]] = await Promise.all([resolver.resolve4(url.hostname), resolver.resolve6(url.hostname).catch(() => [])]);
  return new Promise((resolve) => {
    const options: https.RequestOptions & tls.ConnectionOptions = {
      host: address,
      port: Number(url.port || 443),
      path: url.pathname,
      servername: url.hostname,
      headers: { host: url.host },
      secureContext,
      agent: false,
      timeout: 5000,
    };
    const request = https.get(options, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode !== undefined));
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

let next = 0;
let ok = 0;
const worker = async (): Promise<void> => {
  while (next < urls.length) if (await probe(urls[next++]!).catch(() => false)) ok++;
};
await Promise.all(Array.from({ length: Number(concurrencyText) }, worker));
console.log(JSON.stringify({ hosts: urls.length, ok }));
