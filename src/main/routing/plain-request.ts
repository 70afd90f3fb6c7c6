import type { ChatRequest } from '../../shared/chat';

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
 * The request as `validateChatRequest` would return it when it is of the common kind; undefined for
 * anything else (which the schema then checks and words the errors for).
 */
export function plainChatRequest(input: unknown): ChatRequest | undefined {
  return isPlainObject(input) ? plainlyValid(input) : undefined;
}
