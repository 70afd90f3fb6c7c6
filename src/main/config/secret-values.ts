import type { SwitchyardConfig } from '../../shared/config';
import { isSecretFieldName } from '../logging/redact';

/** Every key value the resolved config holds: the logger scrubs these from every line it writes. */
export function secretValues(config: SwitchyardConfig): string[] {
  const values = new Set<string>();
  const addHeaders = (headers: Record<string, string>): void => {
    for (const [name, value] of Object.entries(headers)) if (isSecretFieldName(name)) values.add(value.replace(/^(Bearer|Basic)\s+/i, ''));
  };
  if (config.routing.planoProxy.apiKey) values.add(config.routing.planoProxy.apiKey);
  addHeaders(config.routing.planoProxy.headers);
  for (const provider of Object.values(config.providers)) {
    if (provider.apiKey) values.add(provider.apiKey);
    addHeaders(provider.headers);
  }
  return [...values];
}
