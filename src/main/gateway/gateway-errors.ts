import { SwitchyardError } from '../../shared/errors';

/** Anything thrown, as a SwitchyardError (unknown failures count as a retryable container failure). */
export function asSwitchyardError(error: unknown): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  return new SwitchyardError('CONTAINER_FAILED', error instanceof Error ? error.message : String(error), { retryable: true, cause: error });
}

export function portInUseError(port: number): SwitchyardError {
  return new SwitchyardError(
    'CONTAINER_FAILED',
    `Port ${port} on 127.0.0.1 is already in use, so the gateway cannot listen there. Free port ${port}, or set routing.plano_embedded.port to another port or to auto.`,
    { retryable: false, details: { reason: 'port_in_use', port } },
  );
}

export function nameInUseError(name: string): SwitchyardError {
  return new SwitchyardError(
    'CONTAINER_FAILED',
    `A container named "${name}" exists and was not created by Switchyard. Remove it (docker rm -f ${name}) or set routing.plano_embedded.container_name to another name.`,
    { retryable: false, details: { reason: 'name_in_use', container: name } },
  );
}
