import { existsSync } from 'node:fs';
import type { Store } from '../interview/Store.ts';

/**
 * For the tests only (STORE_OUTAGE_FILE_FOR_TESTS): `store`, except that while `isDown()` every
 * call but `close` fails the way node-postgres fails against a stopped server (ECONNREFUSED).
 * A fault injection hook for the embedded database, which cannot be stopped from outside.
 */
export function withInjectedOutage(store: Store, isDown: () => boolean): Store {
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      if (prop === 'close') return method;
      return (...args: unknown[]) =>
        isDown()
          ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED (injected store outage)'), { code: 'ECONNREFUSED' }))
          : method(...args);
    },
  });
}

/** The database counts as down while `path` exists. */
export function outageWhileFileExists(path: string): () => boolean {
  return () => existsSync(path);
}
