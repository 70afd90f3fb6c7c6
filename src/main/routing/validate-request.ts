import type { ChatRequest } from '../../shared/chat';
import { chatRequestSchema } from '../../shared/chat-schema';
import type { ProviderConfig, SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { WireRequest } from '../providers/types';

export { chatRequestSchema };

/** A request that passed validation, with its provider and model settled. */
export interface ResolvedRequest {
  provider: ProviderConfig;
  model: string;
  /** The validated request with its model settled; the wire builders read what their protocol takes. */
  wire: WireRequest;
}

export function validateChatRequest(input: unknown): ChatRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SwitchyardError('INVALID_REQUEST', 'request: must be an object with messages', { details: { field: 'request' } });
  }
  const fast = plainlyValid(input as Record<string, unknown>);
  if (fast !== undefined) return fast;
  const result = chatRequestSchema.safeParse(input);
  if (result.success) return result.data;
  // Unknown fields first: for a request written in another API's shape, that is the message that helps.
  const sorted = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const issues = sorted.map((issue) => ({
    // An unknown field is named itself, so `details.field` points at what to remove or rename.
    field: formatPath(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path),
    message: issue.message,
  }));
  const first = issues[0]!;
  return invalid(`${first.field}: ${first.message}`, { field: first.field, issues });
}

const PLAIN_ROLES: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant']);
/** The fields the fast path knows; a request with any other goes to the schema. */
const PLAIN_FIELDS: ReadonlySet<string> = new Set(['model', 'messages', 'provider', 'temperature', 'maxTokens', 'stream', 'additionalParams']);
const MAX_PLAIN_TEXT = 1_000_000;
const MAX_PLAIN_MESSAGES = 2000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalName = (value: unknown, max: number): boolean => value === undefined || (typeof value === 'string' && value.length > 0 && value.length <= max);

/**
 * The common case — text messages and the basic knobs — checked by hand: every request passes through
 * here, and the schema costs several times more. Accepts only what `chatRequestSchema` accepts and
 * builds the same output (fresh objects); anything else returns undefined and goes to the schema, which
 * also words the errors.
 */
function plainlyValid(input: Record<string, unknown>): ChatRequest | undefined {
  for (const key in input) if (!PLAIN_FIELDS.has(key)) return undefined;
  const { model, messages, provider, temperature, maxTokens, stream, additionalParams } = input;
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_PLAIN_MESSAGES) return undefined;
  if (!optionalName(model, 200) || !optionalName(provider, 100)) return undefined;
  if (temperature !== undefined && !(typeof temperature === 'number' && Number.isFinite(temperature) && temperature >= 0 && temperature <= 2)) return undefined;
  if (maxTokens !== undefined && !(Number.isSafeInteger(maxTokens) && (maxTokens as number) > 0 && (maxTokens as number) <= 10_000_000)) return undefined;
  if (stream !== undefined && typeof stream !== 'boolean') return undefined;
  if (additionalParams !== undefined && !isPlainObject(additionalParams)) return undefined;
  const copied: ChatRequest['messages'] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isPlainObject(message) || !PLAIN_ROLES.has(message.role)) return undefined;
    const content = message.content;
    if (typeof content !== 'string' || content.length > MAX_PLAIN_TEXT) return undefined;
    for (const key in message) if (key !== 'role' && key !== 'content') return undefined;
    copied[i] = { role: message.role as 'system' | 'user' | 'assistant', content };
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
  // The validated request is already our own copy: settle its model in place rather than copy it again.
  const wire = request as WireRequest;
  wire.model = model;
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
