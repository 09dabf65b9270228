import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { ipFamily } from '../src/ip-literal.ts';

test('ipFamily answers as net.isIP does, for addresses and for names that only look like them', () => {
  const samples = [
    '10.0.0.4',
    '127.0.0.1',
    '255.255.255.255',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '0x7f.0.0.1',
    '::',
    '::1',
    'fd00::53',
    'fe80::1%eth0',
    '::ffff:10.0.0.4',
    '2001:db8::1:0:0:1',
    'gggg::1',
    '1e3',
    '1234',
    '...',
    '',
    'myacr.azurecr.io',
    'dep-0000.load.aml-preflight.example',
    '10.0.0.4.nip.io',
    'cafe.example',
    'abcd',
  ];
  for (const text of samples) assert.equal(ipFamily(text), net.isIP(text), JSON.stringify(text));
});
