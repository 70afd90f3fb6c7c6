import { Redactor } from '../logging/redact';
import { StreamRedaction } from './stream-redaction';

/**
 * Last line of defence for keys: every value leaving the API (results, stream parts, events, history
 * writes) is scrubbed of any known key value. Upstream error bodies sometimes echo the key ("Incorrect
 * API key provided: sk-..."), and this is what keeps it out of the renderer and the disk. Only exact key
 * values are replaced here: model text that merely looks like a key passes untouched.
 */

export type Redact = <T>(value: T) => T;

/** The API's scrubbers over the keys main knows, rebuilt only when the list of keys changes. */
export class ApiRedaction {
  #list: readonly string[] | undefined;
  #redactor = new Redactor([], { shapes: false });

  /** `secrets()` is asked on every use; it returns the same list until settings or keys change. */
  constructor(private readonly secrets: () => readonly string[]) {}

  /** A scrubbed deep copy of JSON-like data. */
  readonly redact: Redact = (value) => this.#current().redactData(value);

  /** Scrubbed, sharing what holds no key (Redactor.redactShared): for values no one changes afterwards. */
  readonly redactShared: Redact = (value) => this.#current().redactShared(value);

  /** One string scrubbed. */
  readonly redactText = (text: string): string => this.#current().redactString(text);

  /** A scrubber for one stream's parts (see StreamRedaction). */
  stream(): StreamRedaction {
    return new StreamRedaction(this.#current());
  }

  #current(): Redactor {
    const current = this.secrets();
    if (current !== this.#list) {
      this.#list = current;
      this.#redactor = new Redactor(current, { shapes: false });
    }
    return this.#redactor;
  }
}

export function createRedactor(secrets: () => readonly string[]): Redact {
  return new ApiRedaction(secrets).redact;
}
