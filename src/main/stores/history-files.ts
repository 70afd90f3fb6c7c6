import { z } from 'zod';
import type { Conversation } from '../../shared/api';
import { MESSAGE_ROLES, ROUTING_MODES } from '../../shared/chat';
import { isImageUrl } from '../../shared/chat-schema';
import { ERROR_CODES, type SerializedError } from '../../shared/errors';

/**
 * What a conversation file must hold before the history store takes it in: everything the list, the
 * export and the UI read, checked, so one damaged or hand-edited file (a `null` message, a missing trace)
 * is skipped and reported instead of breaking every conversation. Objects are loose: fields a newer
 * version writes are kept, not stripped.
 */

const usage = z.looseObject({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() });

const attempt = z.looseObject({
  target: z.string(),
  via: z.enum(ROUTING_MODES),
  url: z.string(),
  startedAt: z.number(),
  durationMs: z.number(),
});

const trace = z.looseObject({
  mode: z.enum(ROUTING_MODES),
  servedBy: z.enum(ROUTING_MODES),
  attempts: z.array(attempt),
  retries: z.number(),
  overheadMs: z.number(),
  latencyMs: z.number(),
});

const storedError = z.looseObject({ code: z.enum(ERROR_CODES), message: z.string(), retryable: z.boolean() });

const part = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.literal('image'), url: z.string().refine(isImageUrl, 'must be an http(s) URL or a base64 data: URL') }),
]);

const toolCall = z.looseObject({ id: z.string().min(1), name: z.string().min(1), arguments: z.string() });

const message = z
  .looseObject({
    id: z.string(),
    role: z.enum(MESSAGE_ROLES),
    content: z.string(),
    parts: z.array(part).min(1).optional(),
    toolCalls: z.array(toolCall).optional(),
    toolCallId: z.string().min(1).optional(),
    createdAt: z.number(),
    status: z.enum(['pending', 'streaming', 'complete', 'error', 'cancelled']),
    response: z.looseObject({ model: z.string(), provider: z.string(), usage, latencyMs: z.number(), trace }).optional(),
    error: storedError.optional(),
  })
  .refine((m) => m.role !== 'tool' || m.toolCallId !== undefined, { message: 'a tool message needs the toolCallId of the call it answers', path: ['toolCallId'] });

const conversation = z.looseObject({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  settings: z.looseObject({
    provider: z.string().optional(),
    model: z.string().optional(),
    system: z.string().optional(),
    temperature: z.number().optional(),
    maxTokens: z.number().optional(),
  }),
  messages: z.array(message),
});

/** The conversation in a file's text, or an Error saying what is wrong with it (first problem, with its path). */
export function parseConversationFile(text: string, expectedId: string): Conversation {
  const parsed = conversation.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`);
  }
  if (parsed.data.id !== expectedId) throw new Error(`id: "${parsed.data.id}" does not match the file name`);
  return parsed.data as Conversation;
}

export const INTERRUPTED_MESSAGE = 'Switchyard stopped before this reply finished; the text received until then is kept';

/**
 * Replies still `pending` or `streaming` in a file that is only now being opened were cut off by a crash
 * or a kill: no process is streaming them any more. Marks each as failed with INTERRUPTED, keeping its
 * partial text, and returns how many there were.
 */
export function markInterrupted(c: Conversation): number {
  let count = 0;
  for (const m of c.messages) {
    if (m.status !== 'pending' && m.status !== 'streaming') continue;
    const error: SerializedError = { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE, retryable: true };
    Object.assign(m, { status: 'error', error });
    count++;
  }
  return count;
}
