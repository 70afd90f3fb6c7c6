import type { SecretStatus, SecretsView } from '../../shared/api';
import type { SwitchyardConfig } from '../../shared/config';
import type { ConfigFile } from '../../shared/config-schema';
import { envReferenceName } from '../config/resolve-config';

/**
 * Where provider keys come from. Two backends: an encrypted file (Electron safeStorage) and, in browser
 * mode, the environment (read-only: the user sets variables before `switchyard serve`). Keys are merged
 * into the runtime config only inside main; the renderer only ever sees a masked status.
 */
export interface SecretsBackend {
  readonly kind: 'safeStorage' | 'environment';
  get(name: string): string | undefined;
  set(name: string, value: string): Promise<void>;
  clear(name: string): Promise<void>;
}

/** The name the proxy's key is stored under (provider names are the others). */
export const PLANO_PROXY_SECRET = 'plano_proxy';

/** `openai` → `OPENAI_API_KEY`, `my-groq` → `MY_GROQ_API_KEY`, the proxy → `PLANO_API_KEY`: read when the config names no key. */
export function conventionalEnvVar(name: string): string {
  if (name === PLANO_PROXY_SECRET) return 'PLANO_API_KEY';
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
}

/** Names a key can be stored under with this config. */
export function secretNames(file: ConfigFile): string[] {
  return [...Object.keys(file.providers), PLANO_PROXY_SECRET];
}

function configuredKey(file: ConfigFile, name: string): string | undefined {
  if (name === PLANO_PROXY_SECRET) return file.routing.plano_proxy.api_key;
  return file.providers[name]?.api_key;
}

/**
 * Runtime config with keys filled in. Precedence: a key stored in the backend, then the config file's
 * value (a literal or a `$ENV` reference, resolved by resolveConfig), then the conventional variable.
 */
export function applySecrets(
  config: SwitchyardConfig,
  file: ConfigFile,
  backend: SecretsBackend,
  env: NodeJS.ProcessEnv,
): SwitchyardConfig {
  const out = structuredClone(config);
  for (const [name, provider] of Object.entries(out.providers)) {
    const key = effectiveKey(name, file, backend, env, provider.apiKey);
    if (key !== undefined) provider.apiKey = key;
  }
  const proxyKey = effectiveKey(PLANO_PROXY_SECRET, file, backend, env, out.routing.planoProxy.apiKey);
  if (proxyKey !== undefined) out.routing.planoProxy.apiKey = proxyKey;
  return out;
}

function effectiveKey(
  name: string,
  file: ConfigFile,
  backend: SecretsBackend,
  env: NodeJS.ProcessEnv,
  fromConfig: string | undefined,
): string | undefined {
  const stored = backend.get(name);
  if (stored) return stored;
  if (fromConfig) return fromConfig;
  if (configuredKey(file, name) === undefined) {
    const conventional = env[conventionalEnvVar(name)];
    if (conventional) return conventional;
  }
  return undefined;
}

/**
 * The masked view: set or not, last four characters, where the key comes from, and which environment
 * variable it is (or would be) read from, so "not set" can name it.
 */
export function secretsView(file: ConfigFile, backend: SecretsBackend, env: NodeJS.ProcessEnv): SecretsView {
  const secrets: SecretStatus[] = secretNames(file).map((name) => {
    const stored = backend.get(name);
    if (stored) return status(name, stored, backend.kind);
    const raw = configuredKey(file, name);
    if (raw) {
      const ref = envReferenceName(raw);
      if (ref === undefined) return status(name, raw, 'config');
      const value = env[ref];
      const fromEnv = { envVar: ref, referenced: true };
      return value ? { ...status(name, value, 'environment'), ...fromEnv } : { name, set: false, source: 'none', ...fromEnv };
    }
    const envVar = conventionalEnvVar(name);
    const conventional = env[envVar];
    return conventional ? { ...status(name, conventional, 'environment'), envVar } : { name, set: false, source: 'none', envVar };
  });
  return { backend: backend.kind, secrets };
}

function status(name: string, value: string, source: SecretStatus['source']): SecretStatus {
  // Short keys show no suffix: four characters of an eight-character key is half of it.
  return value.length >= 12 ? { name, set: true, last4: value.slice(-4), source } : { name, set: true, source };
}
