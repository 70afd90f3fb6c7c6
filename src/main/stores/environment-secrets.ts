import { SwitchyardError } from '../../shared/errors';
import { conventionalEnvVar, PLANO_PROXY_SECRET, type SecretsBackend } from './secrets-store';

/**
 * Browser mode: keys come from environment variables and cannot be changed from the UI (there is no
 * OS keychain to protect them with). Lookups go through the config (`api_key: $VAR`) and the
 * conventional `<NAME>_API_KEY`; this backend itself stores nothing.
 */
export class EnvironmentSecrets implements SecretsBackend {
  readonly kind = 'environment' as const;

  get(): string | undefined {
    return undefined;
  }

  async set(name: string): Promise<void> {
    throw readOnly(name);
  }

  async clear(name: string): Promise<void> {
    throw readOnly(name);
  }
}

function readOnly(name: string): SwitchyardError {
  const variable = conventionalEnvVar(name);
  const where = name === PLANO_PROXY_SECRET ? 'routing.plano_proxy.api_key' : `providers.${name}.api_key`;
  return new SwitchyardError(
    'VALIDATION_FAILED',
    `In browser mode keys come from environment variables: set ${variable} (or point ${where} at a $VARIABLE in the config file) and restart switchyard serve.`,
    { details: { field: 'name', envVar: variable } },
  );
}
