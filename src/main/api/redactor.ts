import { Redactor } from '../logging/redact';

/**
 * Last line of defence for keys: every value leaving the API (results, stream parts, events, history
 * writes) is walked and any known key value is replaced. Upstream error bodies sometimes echo the key
 * ("Incorrect API key provided: sk-..."), and this is what keeps it out of the renderer and the disk.
 * Only exact key values are replaced here: model text that merely looks like a key passes untouched.
 */

export type Redact = <T>(value: T) => T;

/** `secrets()` is asked on every call; the scrubber is rebuilt only when it returns a different list. */
export function createRedactor(secrets: () => readonly string[]): Redact {
  let list: readonly string[] | undefined;
  let redactor = new Redactor([], { shapes: false });
  return <T>(value: T): T => {
    const current = secrets();
    if (current !== list) {
      list = current;
      redactor = new Redactor(current, { shapes: false });
    }
    return redactor.redactData(value);
  };
}
