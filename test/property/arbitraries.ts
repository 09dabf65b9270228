// Generators for adversarial configuration: profile-shaped objects whose
// values are sometimes right, sometimes nearly right, sometimes hostile
// (shell and template metacharacters, control characters, huge or empty
// strings, wrong types), and YAML texts built from them or from scratch.
import fc from 'fast-check';
import { stringify } from 'yaml';

/** Characters that mean something to a shell, a template, a URL or a report format. */
export const METACHARACTERS = [
  '$(',
  '`',
  ';',
  '|',
  '&',
  '>',
  '<',
  '{',
  '}',
  '{region}',
  '${IFS}',
  '\n',
  '\r',
  '\0',
  ' ',
  '"',
  "'",
  '\\',
  '%0a',
  '#',
  '*',
  '?',
  '!',
  '..',
  '@',
  '%',
];

export const validHost = fc.constantFrom(
  'myaks-dns-1a2b3c.hcp.eastus.azmk8s.io',
  'features.contoso-db.example',
  'cache.contoso.example',
  'x.example',
);

/** A valid host name with a metacharacter spliced in somewhere. */
export const hostileHost = fc.tuple(validHost, fc.constantFrom(...METACHARACTERS), fc.nat()).map(([host, meta, at]) => {
  const i = at % (host.length + 1);
  return `${host.slice(0, i)}${meta}${host.slice(i)}`;
});

const nearlyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: validHost },
  { weight: 3, arbitrary: hostileHost },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'eastus',
      'East US',
      'myacr',
      'mysa',
      'key',
      'token',
      'azure',
      'kubenet',
      '10.0.0.4',
      '10.0.0.4:5353',
      '[fd00::53]:53',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 2000 }) },
);

/** Something in place of a value: mostly strings, sometimes the wrong type. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nearlyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(nearlyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const url = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'tcp://', 'ftp://', ''),
      fc.oneof(validHost, hostileHost),
      fc.constantFrom('', ':6380', ':0', ':99999', '/path?sig=x'),
    )
    .map(([scheme, host, rest]) => `${scheme}${host}${rest}`),
  nearlyString,
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

/** A profile as a user might write one, right or wrong key by key. */
export const profileLike: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      cluster: maybe(
        fc.record(
          {
            apiServerFqdn: maybe(fc.oneof(validHost, value)),
            name: maybe(value),
            region: maybe(fc.oneof(fc.constant('eastus'), value)),
            networkPlugin: maybe(value),
          },
          { requiredKeys: [] },
        ),
      ),
      workspace: maybe(
        fc.record(
          {
            region: maybe(value),
            acr: maybe(fc.oneof(fc.constant('myacr1'), value)),
            storageAccount: maybe(fc.oneof(fc.constant('mysa'), value)),
          },
          { requiredKeys: [] },
        ),
      ),
      endpoint: maybe(
        fc.record(
          {
            auth: maybe(fc.oneof(fc.constantFrom('key', 'token', 'none'), value)),
            domainLabel: maybe(value),
            customDomain: maybe(fc.oneof(validHost, value)),
          },
          { requiredKeys: [] },
        ),
      ),
      dns: maybe(fc.record({ servers: maybe(fc.oneof(fc.array(value, { maxLength: 3 }), value)) }, { requiredKeys: [] })),
      proxy: maybe(fc.record({ url: maybe(fc.oneof(url, value)), noProxy: maybe(value) }, { requiredKeys: [] })),
      dependencies: maybe(fc.oneof(fc.array(url, { maxLength: 4 }), value)),
      ruleSets: maybe(fc.oneof(fc.array(fc.oneof(fc.constantFrom('aml', 'aks-egress', 'nope'), value), { maxLength: 3 }), value)),
      connectTo: maybe(fc.array(fc.oneof(fc.constant('x.example:443:127.0.0.1:8443'), value), { maxLength: 2 })),
      timeoutMs: maybe(fc.oneof(fc.integer({ min: -10, max: 200_000 }), value)),
      unknownKey: maybe(value),
    },
    { requiredKeys: [] },
  )
  .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));

/** YAML a user, an editor or an attacker could hand over. */
export const yamlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: profileLike.map((p) => stringify(p)) },
  // A well-formed text, then damaged by one edit.
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        profileLike.map((p) => stringify(p)),
        fc.nat(),
        fc.nat({ max: 5 }),
        fc.string({ maxLength: 4 }),
      )
      .map(([text, at, cut, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + cut);
      }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  // Anchors and aliases: nested lists of references (a "billion laughs" when deep and wide).
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 })).map(([depth, width]) => aliasBomb(depth, width)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '--- 1\n--- 2\n',
      'cluster: &x { a: *x }\n',
      '!!binary aGk=',
      'cluster: !!set {a, b}\n',
      'a: *undefined\n',
      '? [a, b]\n: c\n',
      '\ufeffcluster: {}\n',
      'timeoutMs: 1e400\n',
      'cluster:\n\tapiServerFqdn: x\n',
    ),
  },
);

export function aliasBomb(depth: number, width: number): string {
  const lines = [`l0: &l0 [${Array(width).fill('"x"').join(', ')}]`];
  for (let d = 1; d <= depth; d++)
    lines.push(
      `l${d}: &l${d} [${Array(width)
        .fill(`*l${d - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}
