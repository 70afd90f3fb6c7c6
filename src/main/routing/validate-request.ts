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
  const fast = plainlyValid(input as Record<string, unknown>);
  if (fast !== undefined) return fast;
  const result = chatRequestSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: formatPath(issue.path), message: issue.message }));
  const first = issues[0]!;
  return invalid(`${first.field}: ${first.message}`, { field: first.field, issues });
}

const ROLES: ReadonlySet<unknown> = new Set(MESSAGE_ROLES);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalName = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.length > 0);

/**
 * The common case, checked by hand: every request passes through here, and the schema costs several times
 * more. Accepts only what `chatRequestSchema` accepts and builds the same output (known keys only, fresh
 * message objects); anything else returns undefined and goes to the schema, which also words the errors.
 */
function plainlyValid(input: Record<string, unknown>): ChatRequest | undefined {
  const { model, messages, provider, temperature, maxTokens, stream, additionalParams } = input;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  if (!optionalName(model) || !optionalName(provider)) return undefined;
  if (temperature !== undefined && !(typeof temperature === 'number' && Number.isFinite(temperature) && temperature >= 0 && temperature <= 2)) return undefined;
  if (maxTokens !== undefined && !(Number.isSafeInteger(maxTokens) && (maxTokens as number) > 0)) return undefined;
  if (stream !== undefined && typeof stream !== 'boolean') return undefined;
  if (additionalParams !== undefined && !isPlainObject(additionalParams)) return undefined;
  const copied: ChatRequest['messages'] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isPlainObject(message) || !ROLES.has(message.role) || typeof message.content !== 'string') return undefined;
    copied[i] = { role: message.role as ChatRequest['messages'][number]['role'], content: message.content };
  }
  const request: ChatRequest = { messages: copied };
  if (model !== undefined) request.model = model as string;
  if (provider !== undefined) request.provider = provider as string;
  if (temperature !== undefined) request.temperature = temperature as number;
  if (maxTokens !== undefined) request.maxTokens = maxTokens as number;
  if (stream !== undefined) request.stream = stream as boolean;
  if (additionalParams !== undefined) request.additionalParams = { ...(additionalParams as Record<string, unknown>) };
  return request;
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
