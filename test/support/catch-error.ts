import type { SwitchyardError } from '../../src/shared/errors';

/** Runs `fn` and returns what it threw, so a test can assert on the error's code and details. */
export function catchError(fn: () => unknown): SwitchyardError {
  try {
    fn();
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected a throw');
}
