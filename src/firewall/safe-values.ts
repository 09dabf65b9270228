import { isIP } from 'node:net';
import { InputError } from '../errors.ts';

// Every value that reaches a generated rule passes through here. Names, host
// names, tags and addresses are checked against strict patterns and rejected
// when they do not match, so no format has to escape them; free text
// (descriptions) is flattened to one line here and escaped by each format.

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name, or a wildcard "*.rest" over one: what Azure Firewall accepts as a target FQDN. */
export function isFqdnPattern(s: string): boolean {
  const name = s.startsWith('*.') ? s.slice(2) : s;
  return name.length > 0 && s.length <= 253 && name.split('.').every((l) => LABEL.test(l)) && name.includes('.');
}

/** Service tags and FQDN tags: letters, digits and dots (AzureCloud.eastus, AzureFrontDoor.FirstParty). */
export const isTag = (s: string): boolean => /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/.test(s) && s.length <= 80;

/** Azure resource and rule names: letters, digits, '_', '.', '-'; start with a letter or digit; at most 80. */
export const isAzureName = (s: string): boolean => /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/.test(s);

/** An IP address or CIDR prefix, or '*' for any. */
export function isAddressOrPrefix(s: string): boolean {
  if (s === '*') return true;
  const [address, bits, ...rest] = s.split('/');
  if (rest.length) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export function checkValue(kind: 'fqdn' | 'tag' | 'name' | 'address', value: string, where: string): string {
  const ok = { fqdn: isFqdnPattern, tag: isTag, name: isAzureName, address: isAddressOrPrefix }[kind](value);
  if (!ok) {
    const expected = {
      fqdn: 'a host name such as mcr.microsoft.com or *.data.mcr.microsoft.com',
      tag: 'a tag such as AzureCloud.eastus',
      name: 'letters, digits, "_", "." and "-", starting with a letter or digit, at most 80 characters',
      address: 'an IP address or CIDR prefix such as 10.240.0.0/16',
    }[kind];
    throw new InputError(`${where}: ${JSON.stringify(value).slice(0, 80)} is not ${expected}`);
  }
  return value;
}

export const DESCRIPTION_MAX = 140;

/** Free text on one line, in NFC as HCL stores it: control characters (newlines too) become spaces, runs of spaces one,
 *  and the result is cut at NSG's limit of 140 characters, so every format gets the same text. */
export function plainText(s: string, max = DESCRIPTION_MAX): string {
  const flat = s
    .toWellFormed()
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
