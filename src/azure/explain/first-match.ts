// "The first matching rule decides": the one ordering concept NSGs and the
// firewall policy share. A match can be certain or possible (it depends on IP
// ranges the snapshot does not hold); a possible match before the decider with
// a different action makes the answer unknown.

export type Match = { kind: 'yes' } | { kind: 'no' } | { kind: 'maybe'; why: string };
export const YES: Match = { kind: 'yes' };
export const NO: Match = { kind: 'no' };
export const maybe = (why: string): Match => ({ kind: 'maybe', why });

/** All must match: any "no" is no, any "maybe" is maybe (the first reason), else yes. */
export function allOf(...matches: Match[]): Match {
  if (matches.some((m) => m.kind === 'no')) return NO;
  return matches.find((m) => m.kind === 'maybe') ?? YES;
}

/** One must match: any "yes" is yes, else the first "maybe", else no. */
export function anyOf(matches: Match[]): Match {
  if (matches.some((m) => m.kind === 'yes')) return YES;
  return matches.find((m) => m.kind === 'maybe') ?? NO;
}

export interface Ordered<T> {
  item: T;
  action: 'allow' | 'deny';
}

export interface Decision<T> {
  verdict: 'allow' | 'deny' | 'unknown';
  /** The first certain match; undefined: nothing matched (the default decides). */
  decider?: Ordered<T>;
  /** Possible matches before the decider whose action differs: why the verdict is unknown. */
  uncertain: { entry: Ordered<T>; why: string }[];
}

/** Walks the entries in order; the first certain match decides, else `fallback`. */
export function firstMatch<T>(entries: Ordered<T>[], match: (item: T) => Match, fallback: 'allow' | 'deny'): Decision<T> {
  const possible: { entry: Ordered<T>; why: string }[] = [];
  for (const entry of entries) {
    const m = match(entry.item);
    if (m.kind === 'maybe') possible.push({ entry, why: m.why });
    if (m.kind !== 'yes') continue;
    const uncertain = possible.filter((p) => p.entry.action !== entry.action);
    return { verdict: uncertain.length ? 'unknown' : entry.action, decider: entry, uncertain };
  }
  const uncertain = possible.filter((p) => p.entry.action !== fallback);
  return { verdict: uncertain.length ? 'unknown' : fallback, uncertain };
}
