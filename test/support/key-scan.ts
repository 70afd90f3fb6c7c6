import { expect } from 'vitest';
import { PROVIDER_KEYS } from './endpoint-harness';

/**
 * A fetch for the SDK clients that keeps a copy of every response (status line, headers, body), so a test
 * file can prove at the end that no provider key ever left Switchyard, whatever the path or failure.
 */
export function scanningFetch(): { fetch: typeof fetch; assertNoProviderKeys(): Promise<void>; count(): number } {
  const pending: Promise<string>[] = [];
  return {
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      const headers = JSON.stringify([...res.headers]);
      pending.push(res.clone().text().then((body) => `${res.status} ${headers} ${body}`, () => `${res.status} ${headers}`));
      return res;
    },
    assertNoProviderKeys: async () => {
      const seen = await Promise.all(pending);
      for (const text of seen) {
        for (const key of Object.values(PROVIDER_KEYS)) expect(text).not.toContain(key);
        // Nor a recognisable piece of one.
        for (const key of Object.values(PROVIDER_KEYS)) expect(text).not.toContain(key.slice(-12));
      }
    },
    count: () => pending.length,
  };
}
