// Every command's --help, -o check and flag parsing come from its declaration
// (src/cli/): walk the declarations and hold each one to that through the real CLI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from '../../src/cli/command.ts';
import { helpText } from '../../src/cli/help.ts';
import { ROOT } from '../../src/commands/index.ts';
import { runCli } from '../helpers/cli.ts';

interface Declared {
  path: string[];
  command: Command;
}

async function walk(command: Command, path: string[]): Promise<Declared[]> {
  const found: Declared[] = [{ path, command }];
  for (const [name, entry] of Object.entries(command.subcommands ?? {})) found.push(...(await walk(await entry.load(), [...path, name])));
  return found;
}

const all = (await walk(ROOT, [])).filter((d) => d.path.length > 0);
const optionsOf = (c: Command) => c.groups.flatMap((g) => Object.entries(g.options));

test('the declarations cover every command and subcommand', () => {
  const paths = all.map((d) => d.path.join(' '));
  for (const p of [
    'check',
    'demo',
    'cluster run',
    'cluster manifests',
    'cluster probe',
    'audit',
    'audit run',
    'audit history',
    'audit diff',
    'firewall generate',
    'firewall apply',
    'rules list',
    'rules explain',
  ]) {
    assert.ok(paths.includes(p), `${p} is declared`);
  }
});

describe('--help of each declaration, through the real CLI', { concurrency: 4 }, () => {
  for (const { path, command } of all) {
    test(`${path.join(' ')} --help is its declaration's help, with every option`, async () => {
      const r = await runCli([...path, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, helpText(command, path));
      for (const [name, o] of optionsOf(command)) {
        assert.match(r.stdout, new RegExp(`^  ${o.short ? `-${o.short}, ` : ''}--${name}\\b`, 'm'), `--${name} is in the help`);
      }
      for (const sub of Object.keys(command.subcommands ?? {})) assert.match(r.stdout, new RegExp(`^  ${sub} `, 'm'), `${sub} is listed`);
    });
  }
});

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('bad values and flags: one line, exit 2, before anything runs', { concurrency: 4 }, () => {
  const withChoices = all.flatMap(({ path, command }) =>
    optionsOf(command)
      .filter(([, o]) => o.choices)
      .map(([name, o]) => ({ path, name, choices: o.choices! })),
  );
  test('every command that prints a report or a listing declares its -o formats', () => {
    const withOutput = withChoices.filter((c) => c.name === 'output').map((c) => c.path.join(' '));
    for (const p of [
      'check',
      'demo',
      'report',
      'audit',
      'audit run',
      'audit history',
      'audit diff',
      'cluster run',
      'cluster probe',
      'defender',
      'explain',
      'capacity',
      'rules list',
    ])
      assert.ok(withOutput.includes(p), `${p} declares -o`);
  });
  for (const { path, name, choices } of withChoices) {
    test(`${path.join(' ')} --${name} with a value it does not take`, async () => {
      // Given before anything else: the command would otherwise need a target, a cluster or a file.
      const r = await runCli([...path, `--${name}`, 'no-such-format']);
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(oneLine(r.stderr), [`aml-preflight: --${name}: must be one of ${choices.join(', ')} (got "no-such-format")`]);
      assert.equal(r.stdout, '');
    });
  }
  for (const { path } of all) {
    test(`${path.join(' ')} --no-such-flag`, async () => {
      const r = await runCli([...path, '--no-such-flag']);
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(oneLine(r.stderr), ["aml-preflight: Unknown option '--no-such-flag'"]);
    });
  }
  test('an unknown subcommand names the known ones', async () => {
    const r = await runCli(['cluster', 'deploy']);
    assert.equal(r.code, 2);
    assert.deepEqual(oneLine(r.stderr), [
      'aml-preflight: cluster: expected "run", "manifests" or "probe" (got "deploy"); see aml-preflight cluster --help',
    ]);
  });
});
