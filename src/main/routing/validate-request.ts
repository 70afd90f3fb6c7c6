import type { ChatRequest } from '../../shared/chat';
import { chatRequestSchema } from '../../shared/chat-schema';
import { SwitchyardError } from '../../shared/errors';
import { plainChatRequest } from './plain-request';

export { chatRequestSchema };

/**
 * The full check of a chat request, with the schema's wording for every problem. Routers load it only for
 * a request the common-case check (plain-request.ts) does not accept, so the schema library stays unloaded
 * on the usual path.
 */
export function validateChatRequest(input: unknown): ChatRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SwitchyardError('INVALID_REQUEST', 'request: must be an object with messages', { details: { field: 'request' } });
  }
  const fast = plainChatRequest(input);
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

function invalid(message: string, details: Record<string, unknown>): never {
  throw new SwitchyardError('INVALID_REQUEST', message, { retryable: false, details });
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out || 'request';
}
