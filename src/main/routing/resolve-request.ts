import type { ChatRequest } from '../../shared/chat';
import type { ProviderConfig, SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { WireRequest } from '../providers/types';
import { plainChatRequest } from './plain-request';

/** A request that passed validation, with its provider and model settled. */
export interface ResolvedRequest {
  provider: ProviderConfig;
  model: string;
  /** The validated request with its model settled; the wire builders read what their protocol takes. */
  wire: WireRequest;
}

/**
 * Validates, then picks the provider (the named one, else the first configured) and the model (the
 * requested one, else the provider's default).
 */
export async function resolveRequest(config: SwitchyardConfig, input: unknown): Promise<ResolvedRequest> {
  // The schema (and its library) loads only for a request the common-case check does not accept.
  const request: ChatRequest = plainChatRequest(input) ?? (await import('./validate-request')).validateChatRequest(input);
  const names = Object.keys(config.providers);
  const name = request.provider ?? names[0];
  if (name === undefined) {
    throw new SwitchyardError('PROVIDER_NOT_FOUND', 'provider: no providers are configured', { details: { field: 'provider', available: [] } });
  }
  const provider = config.providers[name];
  if (provider === undefined) {
    throw new SwitchyardError('PROVIDER_NOT_FOUND', `provider: '${name}' is not configured (configured: ${names.join(', ') || 'none'})`, {
      details: { field: 'provider', provider: name, available: names },
    });
  }
  const model = request.model ?? provider.defaultModel;
  if (model === undefined) {
    throw new SwitchyardError('INVALID_REQUEST', `model: no model given and provider '${name}' has no default model`, {
      retryable: false,
      details: { field: 'model', provider: name },
    });
  }
  // The validated request is already our own copy: settle its model in place rather than copy it again.
  const wire = request as WireRequest;
  wire.model = model;
  return { provider, model, wire };
}

