// @peculiar/x509 loads tsyringe, which refuses to start unless a Reflect
// metadata polyfill is installed. tsyringe only stores and reads back its own
// injection metadata, so three WeakMap-backed functions are all it needs.
// Import this module before '@peculiar/x509'; a real polyfill, if one is
// already loaded, is left alone.

const store = new WeakMap<object, Map<unknown, unknown>>();

function getOwnMetadata(key: unknown, target: object): unknown {
  return store.get(target)?.get(key);
}

if (!('getMetadata' in Reflect)) {
  Object.assign(Reflect, {
    defineMetadata(key: unknown, value: unknown, target: object): void {
      const entries = store.get(target) ?? new Map<unknown, unknown>();
      entries.set(key, value);
      store.set(target, entries);
    },
    getOwnMetadata,
    getMetadata(key: unknown, target: object): unknown {
      for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
        const value = getOwnMetadata(key, t);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  });
}
