// The connectivity map: the vantage, the resolver(s) it asked, the egress it
// leaves through (the proxy, or the network's own NSG / firewall / route table),
// then every host. Each host's edge takes the colour of the step that failed on
// it (DNS, TCP, TLS or HTTP) and names the code: the picture of where it breaks.
// A cluster run draws one map per node pool, its own vantage.
import type { Report } from '../../types.ts';
import { brokenStep, instancesOf, nameOf, STEPS, type Instance, type Step } from '../instances.ts';
import { MARKS } from '../table.ts';
import { esc, type Html } from './escape.ts';
import { STATUS_COLOR, STEP_COLOR, STEP_LABEL } from './palette.ts';

const COL = { vantage: 20, resolver: 230, egress: 430, host: 640 };
const NODE_W = 170;
const NODE_H = 40;
const ROW_H = 26;
const WIDTH = 1140;

/** The DNS servers the host's lookups went to, from the DNS checks' evidence. */
function resolversOf(instances: Instance[], report: Report): string[] {
  const seen = new Set<string>();
  for (const i of instances) {
    const resolvers = i.steps.dns?.evidence.resolvers;
    if (Array.isArray(resolvers))
      for (const r of resolvers)
        if (r && typeof (r as { server?: unknown }).server === 'string') seen.add((r as { server: string }).server);
  }
  if (!seen.size) {
    const configured = (report.target.dns as { servers?: unknown } | undefined)?.servers;
    if (Array.isArray(configured)) for (const s of configured) seen.add(String(s));
  }
  return seen.size ? [...seen] : ['system resolver'];
}

/** Which resolver a failed lookup is drawn from: the first that did not answer NOERROR, else the first. */
function failingResolver(i: Instance, resolvers: string[]): number {
  const asked = i.steps.dns?.evidence.resolvers;
  if (!Array.isArray(asked)) return 0;
  const bad = asked.find((r) => (r as { rcode?: unknown }).rcode !== 'NOERROR') as { server?: string } | undefined;
  return Math.max(0, resolvers.indexOf(bad?.server ?? ''));
}

/** The proxy the connections went through ("via" in the TCP evidence), if any. */
function proxyOf(instances: Instance[]): string | undefined {
  for (const i of instances) {
    const via = i.steps.tcp?.evidence.via;
    if (typeof via === 'string' && via) return via;
  }
  return undefined;
}

/** One map per vantage: the node pools of a cluster run, else the report's own vantage. */
export function renderMaps(report: Report): Html {
  const withHost = instancesOf(report).filter((i) => i.host && STEPS.some((s) => i.steps[s]));
  const pools = [...new Set(withHost.map((i) => i.pool ?? ''))];
  return pools
    .map((pool) =>
      renderMap(
        report,
        withHost.filter((i) => (i.pool ?? '') === pool),
        pool ? `node pool ${pool}` : `${report.vantage.kind} ${report.vantage.host}`,
      ),
    )
    .join('\n');
}

function box(x: number, y: number, title: string, sub: string, cls: string): Html {
  return (
    `<g class="node ${cls}"><rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
    `<text x="${x + 10}" y="${y + 17}" class="node-title">${esc(title)}</text>` +
    `<text x="${x + 10}" y="${y + 32}" class="node-sub">${esc(sub.length > 26 ? `${sub.slice(0, 12)}…${sub.slice(-13)}` : sub)}<title>${esc(sub)}</title></text></g>`
  );
}

const curve = (x1: number, y1: number, x2: number, y2: number) => `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;

function renderMap(report: Report, hosts: Instance[], vantage: string): Html {
  const resolvers = resolversOf(hosts, report);
  const proxy = proxyOf(hosts);
  const height = Math.max(hosts.length * ROW_H + 56, resolvers.length * (NODE_H + 14) + NODE_H + 60);
  const mid = height / 2;
  const parts: Html[] = [];

  // The vantage's own edges: to each resolver (red when lookups through it failed), and to the egress.
  const resolverY = (k: number) => 20 + k * (NODE_H + 14);
  const egressY = Math.max(mid - NODE_H / 2, resolverY(resolvers.length));
  resolvers.forEach((server, k) => {
    const failed = hosts.filter(
      (h) => h.steps.dns?.status === 'fail' && JSON.stringify(h.steps.dns.evidence.resolvers ?? '').includes(JSON.stringify(server)),
    ).length;
    const asked = hosts.filter((h) => h.steps.dns).length;
    const colour = failed ? STEP_COLOR.dns : STATUS_COLOR.pass;
    parts.push(`<path d="${curve(COL.vantage + NODE_W, mid, COL.resolver, resolverY(k) + NODE_H / 2)}" class="edge" stroke="${colour}"/>`);
    parts.push(box(COL.resolver, resolverY(k), 'DNS resolver', server, failed ? 'bad' : ''));
    if (failed)
      parts.push(
        `<text x="${COL.resolver}" y="${resolverY(k) + NODE_H + 11}" class="edge-label" fill="${STEP_COLOR.dns}">${failed} of ${asked} names failed</text>`,
      );
  });
  parts.push(`<path d="${curve(COL.vantage + NODE_W, mid, COL.egress, egressY + NODE_H / 2)}" class="edge" stroke="#4a5568"/>`);
  parts.push(box(COL.vantage, mid - NODE_H / 2, 'vantage', vantage, 'vantage'));
  parts.push(box(COL.egress, egressY, proxy ? 'proxy' : 'egress', proxy ?? 'NSG · firewall · UDR', 'egress'));

  // Every host, its edge coloured by the step that broke on it.
  hosts.forEach((h, k) => {
    const y = 20 + k * ROW_H + ROW_H / 2;
    const broken = brokenStep(h);
    const step = broken && (STEPS as readonly string[]).includes(broken.kind) ? (broken.kind as Step) : undefined;
    const colour = broken ? (step ? STEP_COLOR[step] : STATUS_COLOR[broken.status]) : STATUS_COLOR.pass;
    const from =
      step === 'dns'
        ? { x: COL.resolver + NODE_W, y: resolverY(failingResolver(h, resolvers)) + NODE_H / 2 }
        : { x: COL.egress + NODE_W, y: egressY + NODE_H / 2 };
    parts.push(
      `<g class="host" data-host="${esc(h.key)}" data-step="${step ?? ''}"><path d="${curve(from.x, from.y, COL.host, y)}" class="edge${broken ? ' broken' : ''}" stroke="${colour}"/>` +
        `<circle cx="${COL.host + 6}" cy="${y}" r="5" fill="${broken ? colour : STATUS_COLOR.pass}"/>` +
        `<text x="${COL.host + 16}" y="${y + 4}" class="host-name">${esc(nameOf(h))}${h.port && h.port !== 443 ? `:${h.port}` : ''}</text>` +
        (broken
          ? `<text x="${COL.host + 290}" y="${y + 4}" class="edge-label" fill="${colour}">${esc(`${MARKS[broken.status]} ${broken.code ?? broken.status}`)}</text>`
          : '') +
        `<title>${esc(broken ? `${broken.id}: ${broken.code ?? broken.status}: ${broken.message}` : `${nameOf(h)}: every step passed`)}</title></g>`,
    );
  });

  const legend =
    STEPS.map(
      (s, k) =>
        `<g transform="translate(${COL.vantage + k * 105},${height - 12})"><line x1="0" y1="-4" x2="22" y2="-4" stroke="${STEP_COLOR[s]}" stroke-width="3"/><text x="28" y="0" class="legend">${STEP_LABEL[s]} failed</text></g>`,
    ).join('') +
    `<g transform="translate(${COL.vantage + 4 * 105},${height - 12})"><line x1="0" y1="-4" x2="22" y2="-4" stroke="${STATUS_COLOR.pass}" stroke-width="3"/><text x="28" y="0" class="legend">all passed</text></g>`;
  const h = height + 10;
  return `<svg class="map" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}" role="img" aria-label="${esc(`Connectivity map from ${vantage}`)}">${parts.join('')}${legend}</svg>`;
}
