// The Markdown report rendered by a real GFM parser (marked): peer text with line
// breaks, pipes, link and image syntax, raw HTML and autolink bait stays one row
// per check, as plain text, with no link or image of its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lexer, marked, type Tokens } from 'marked';
import { formatReport } from '../../src/report/format.ts';
import { check, reportOf } from '../metrics/report-fixture.ts';

const HOSTILE = [
  'split\rrow',
  'split\nrow',
  'split\r\nrow',
  'a | b | c',
  'back\\|slash',
  '[click](https://evil.example/phish)',
  '![pixel](https://evil.example/p.png)',
  '<img src=https://evil.example/x.png>',
  '<a href="https://evil.example">here</a>',
  '<https://evil.example/angle>',
  'see https://evil.example/bare and www.evil.example and admin@evil.example',
  '*bold* _em_ ~~gone~~ `code` $x^2$',
  '[ref]: https://evil.example/ref',
  '&lt;script&gt; &#124;',
];

const report = reportOf(
  HOSTILE.map((text, i) =>
    check(`dependency@h${i}.example:443/http`, 'fail', {
      phase: 'model-serve',
      code: 'HTTP_UNEXPECTED_STATUS',
      message: `peer said: ${text}`,
      remediation: text,
    }),
  ),
);
// One id with a backtick run and a pipe: the code span must hold it.
report.checks.push(check('odd``id|x/dns', 'pass', { phase: 'model-serve', message: 'fine' }));

const markdown = await formatReport(report, 'markdown');
const tables = Lexer.lex(markdown, { gfm: true }).filter((t): t is Tokens.Table => t.type === 'table');

test('every check is exactly one row, with six cells', () => {
  assert.equal(tables.length, 1);
  const rows = tables.flatMap((t) => t.rows);
  assert.equal(rows.length, report.checks.length, markdown);
  for (const row of rows) assert.equal(row.length, 6);
});

test('peer text renders as the text it was: no link, no image, no HTML', () => {
  const html = marked.parse(markdown, { gfm: true, async: false });
  assert.doesNotMatch(html, /<a[\s>]/i, html);
  assert.doesNotMatch(html, /<img[\s>]/i);
  const body = html.slice(html.indexOf('<tbody>'));
  assert.doesNotMatch(body, /<(del|em|strong|script|h\d|p)[\s>]/i, body);
  // The detail column reads back as what the peer said (the table keeps cells apart).
  const rows = body
    .split('<tr>')
    .slice(1)
    .map((row) => [...row.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => m[1]!));
  assert.equal(rows.length, report.checks.length);
  HOSTILE.forEach((text, i) => {
    const shown = rows[i]![4]!;
    // Line breaks become spaces; a lone CR was already made visible (␍) for a person, as in the table.
    assert.equal(decode(shown), `peer said: ${text.replace(/\r\n|\n/g, ' ').replace(/\r/g, '\u240d')}`);
  });
});

test('an id with backticks and a pipe stays one code span', () => {
  const row = tables[0]!.rows.at(-1)!;
  const span = row[1]!.tokens;
  assert.equal(span.length, 1);
  assert.equal(span[0]!.type, 'codespan');
  assert.equal((span[0] as Tokens.Codespan).text, 'odd``id|x/dns');
});

// The rendered cell's text, as a browser shows it.
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
const decode = (s: string): string => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ENTITIES[name]!);
