import type { ConfigFile } from '../../shared/config-schema';
import { envReferenceName } from '../config/resolve-config';

/**
 * A config file may hold literal keys (`api_key: sk-...`) and auth headers. The renderer sees the file with
 * those values masked; when a masked value comes back in a save it means "unchanged" and the value on
 * record is restored. `$ENV` references are not secrets and pass through as written.
 */

export const MASK_PREFIX = '••••';
const SENSITIVE_HEADER_RE = /auth|key|token|secret|cookie|password/i;

export function maskSecretValue(value: string): string {
  return `${MASK_PREFIX}${value.length >= 12 ? value.slice(-4) : ''}`;
}

function isLiteralSecret(value: string | undefined): value is string {
  return value !== undefined && value !== '' && envReferenceName(value) === undefined;
}

type Visit = (value: string | undefined, keep: (v: string) => void, previous: string | undefined) => void;

/** Walks every secret-bearing field of `file` alongside the same field of `reference`. */
function visitSecrets(file: ConfigFile, reference: ConfigFile | undefined, visit: Visit): void {
  const proxy = file.routing.plano_proxy;
  visit(proxy.api_key, (v) => (proxy.api_key = v), reference?.routing.plano_proxy.api_key);
  visitHeaders(proxy.headers, reference?.routing.plano_proxy.headers, visit);
  for (const [name, provider] of Object.entries(file.providers)) {
    const previous = reference?.providers[name];
    visit(provider.api_key, (v) => (provider.api_key = v), previous?.api_key);
    visitHeaders(provider.headers, previous?.headers, visit);
  }
}

function visitHeaders(headers: Record<string, string>, previous: Record<string, string> | undefined, visit: Visit): void {
  for (const name of Object.keys(headers)) {
    if (SENSITIVE_HEADER_RE.test(name)) visit(headers[name], (v) => (headers[name] = v), previous?.[name]);
  }
}

/** A copy safe to hand to the renderer. */
export function maskConfigSecrets(file: ConfigFile): ConfigFile {
  const copy = structuredClone(file);
  visitSecrets(copy, undefined, (value, keep) => {
    if (isLiteralSecret(value)) keep(maskSecretValue(value));
  });
  return copy;
}

/** Puts back the values on record wherever `incoming` still carries their mask. */
export function restoreMaskedSecrets(incoming: ConfigFile, onRecord: ConfigFile): ConfigFile {
  const copy = structuredClone(incoming);
  visitSecrets(copy, onRecord, (value, keep, previous) => {
    if (value !== undefined && value.startsWith(MASK_PREFIX) && isLiteralSecret(previous) && value === maskSecretValue(previous)) {
      keep(previous);
    }
  });
  return copy;
}

/** Every literal secret in the file (for redaction). */
export function literalSecrets(file: ConfigFile): string[] {
  const out: string[] = [];
  visitSecrets(structuredClone(file), undefined, (value) => {
    if (isLiteralSecret(value) && !value.startsWith(MASK_PREFIX)) out.push(value);
  });
  return out;
}
