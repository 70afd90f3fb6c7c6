import { SwitchyardError } from '../../shared/errors';

/**
 * A request a wire protocol cannot carry as asked: reported before anything is sent, naming the field,
 * rather than dropped on the way (the caller would never learn their setting did nothing).
 */
export function unsupported(field: string, protocol: string, why: string): SwitchyardError {
  return new SwitchyardError('INVALID_REQUEST', `${field}: ${protocol} ${why}`, {
    retryable: false,
    details: { field, protocol, unsupported: true },
  });
}
