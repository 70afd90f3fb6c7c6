import type { ConfigProblem } from '../../shared/api';
import type { ProviderConfig } from '../../shared/config';
import { isSecretFieldName } from '../logging/redact';

/**
 * How keys and headers reach Plano without being written into plano_config.yaml: the file says `$NAME`,
 * the container gets NAME in its environment, and Plano's start-up runs envsubst over its rendered config.
 * One env name per distinct value, so two providers never share a name for different keys.
 */

export interface ProviderSecrets {
  /** `$ENV` reference for access_key. */
  accessKey?: string;
  /** Headers as written in the file: literal values, or `$ENV` for secret ones. */
  headers?: Record<string, string>;
}

export interface PlanoSecrets {
  env: Record<string, string>;
  byProvider: Map<string, ProviderSecrets>;
  problems: ConfigProblem[];
}

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const envPart = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** The env var name a provider's key travels under: its `$ENV` reference, else one derived from its name. */
export function keyEnvName(provider: Pick<ProviderConfig, 'name' | 'apiKeyEnv'>): string {
  if (provider.apiKeyEnv && ENV_NAME_RE.test(provider.apiKeyEnv)) return provider.apiKeyEnv;
  return `SWITCHYARD_${envPart(provider.name)}_API_KEY`;
}

/**
 * envsubst pastes the value into YAML unquoted: a value that YAML would read differently (a leading
 * indicator, `: `, ` #`, a line break, surrounding spaces) would change or break Plano's config.
 */
function unsafeForSubstitution(value: string): boolean {
  return /^[\s!&*[\]{}|>'"%@`#,?-]|[\r\n]|: |\s#|:$|\s$/.test(value);
}

export function planoSecrets(providers: ProviderConfig[]): PlanoSecrets {
  const env: Record<string, string> = {};
  const byProvider = new Map<string, ProviderSecrets>();
  const problems: ConfigProblem[] = [];
  /** Reuses `wanted` for the same value; otherwise a free variant of `fallback`. */
  const bind = (wanted: string, fallback: string, value: string): string => {
    let name = env[wanted] === undefined || env[wanted] === value ? wanted : fallback;
    for (let n = 2; env[name] !== undefined && env[name] !== value; n++) name = `${fallback}_${n}`;
    env[name] = value;
    return name;
  };

  for (const provider of providers) {
    const secrets: ProviderSecrets = {};
    if (provider.apiKey) {
      if (unsafeForSubstitution(provider.apiKey)) {
        problems.push({ path: `providers.${provider.name}.api_key`, message: 'the key has characters (spaces, line breaks, leading symbols) that Plano\'s start-up substitution would garble' });
      }
      secrets.accessKey = `$${bind(keyEnvName(provider), `SWITCHYARD_${envPart(provider.name)}_API_KEY`, provider.apiKey)}`;
    }
    const headerNames = Object.keys(provider.headers);
    if (headerNames.length > 0) {
      if (!provider.apiKey) {
        problems.push({
          path: `providers.${provider.name}.headers`,
          message: 'Plano sends a provider\'s headers only together with its key, and this provider has none: set api_key (any value the server accepts) or remove the headers',
        });
      }
      secrets.headers = {};
      for (const name of headerNames) {
        const value = provider.headers[name]!;
        // Secrets travel by env; so does any `$`, which Plano's envsubst would otherwise eat.
        if (isSecretFieldName(name) || value.includes('$')) {
          if (unsafeForSubstitution(value)) {
            problems.push({ path: `providers.${provider.name}.headers.${name}`, message: 'the value has characters that Plano\'s start-up substitution would garble' });
          }
          const envName = `SWITCHYARD_${envPart(provider.name)}_HEADER_${envPart(name)}`;
          secrets.headers[name] = `$${bind(envName, envName, value)}`;
        } else {
          secrets.headers[name] = value;
        }
      }
    }
    byProvider.set(provider.name, secrets);
  }
  return { env, byProvider, problems };
}
