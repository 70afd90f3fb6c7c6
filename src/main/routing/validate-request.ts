import { z } from 'zod';
import { MESSAGE_ROLES, type ChatRequest } from '../../shared/chat';
import type { ProviderConfig, SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { WireRequest } from '../providers/types';

const messageSchema = z.object({
  role: z.enum(MESSAGE_ROLES, { error: `must be one of ${MESSAGE_ROLES.join(', ')}` }),
  content: z.string({ error: 'must be a string' }),
});

/** The request as callers may send it; anything else is rejected before a byte goes on the wire. */
export const chatRequestSchema = z.object({
  model: z.string({ error: 'must be a string' }).min(1, 'must not be empty').optional(),
  messages: z.array(messageSchema, { error: 'must be a list of messages' }).min(1, 'must contain at least one message'),
  provider: z.string({ error: 'must be a string' }).min(1, 'must not be empty').optional(),
  temperature: z.number({ error: 'must be a number' }).min(0, 'must be between 0 and 2').max(2, 'must be between 0 and 2').optional(),
  maxTokens: z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be a positive whole number').optional(),
  stream: z.boolean({ error: 'must be true or false' }).optional(),
  additionalParams: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
});

/** A request that passed validation, with its provider and model settled. */
export interface ResolvedRequest {
  provider: ProviderConfig;
  model: string;
  wire: Omit<WireRequest, 'stream'>;
}

export function validateChatRequest(input: unknown): ChatRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SwitchyardError('INVALID_REQUEST', 'request: must be an object with messages', { details: { field: 'request' } });
  }
  const result = chatRequestSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: formatPath(issue.path), message: issue.message }));
  const first = issues[0]!;
  return invalid(`${first.field}: ${first.message}`, { field: first.field, issues });
}

/**
 * Validates, then picks the provider (the named one, else the first configured) and the model (the
 * requested one, else the provider's default).
 */
export function resolveRequest(config: SwitchyardConfig, input: unknown): ResolvedRequest {
  const request = validateChatRequest(input);
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
    return invalid(`model: no model given and provider '${name}' has no default model`, { field: 'model', provider: name });
  }
  const wire: ResolvedRequest['wire'] = { model, messages: request.messages };
  if (request.temperature !== undefined) wire.temperature = request.temperature;
  if (request.maxTokens !== undefined) wire.maxTokens = request.maxTokens;
  if (request.additionalParams !== undefined) wire.additionalParams = request.additionalParams;
  return { provider, model, wire };
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new SwitchyardError('INVALID_REQUEST', message, { retryable: false, details });
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out || 'request';
}
