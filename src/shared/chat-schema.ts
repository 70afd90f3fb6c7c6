import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart } from './chat';

/**
 * The chat request as any caller may send it (router, app API, CLI): strict, so a misspelt or
 * wrong-cased field is named rather than silently ignored. Shared so every entry point accepts and
 * rejects exactly the same requests. Cross-field rules (tool results answer a call, a named tool
 * exists) are in `chatRequestSchema`'s refinement below.
 */

const MAX_TEXT = 1_000_000;
/** A base64 image of about 22 MB; both providers' own limits are lower and they say so themselves. */
const MAX_IMAGE_URL = 30_000_000;
const MAX_MESSAGES = 2000;
const MAX_TOOLS = 128;

/** What people coming from the providers' own APIs tend to write, and what it is called here. */
const FIELD_HINTS: Record<string, string> = {
  max_tokens: 'maxTokens',
  max_completion_tokens: 'maxTokens',
  top_p: 'topP',
  stop_sequences: 'stop',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
  tool_choice: 'toolChoice',
  parallel_tool_calls: 'parallelToolCalls',
  response_format: 'responseFormat',
  tool_calls: 'toolCalls',
  tool_call_id: 'toolCallId',
  tool_use_id: 'toolCallId',
  image_url: "{ type: 'image', url }",
  input_schema: 'parameters',
  function: 'name, description and parameters at the top level of the tool',
};

function unknownFields(keys: string[]): string {
  const named = keys.map((key) => (FIELD_HINTS[key] ? `'${key}' (did you mean ${FIELD_HINTS[key]}?)` : `'${key}'`));
  return `unknown field${keys.length > 1 ? 's' : ''} ${named.join(', ')}`;
}

/** A strict object whose unknown keys are reported by name, with a hint where one helps. */
function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFields(issue.keys) : undefined) });
}

const text = (max = MAX_TEXT) => z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`);
const nonEmpty = (max = 200) => z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const number = (min: number, max: number) =>
  z.number({ error: 'must be a number' }).min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`);
const jsonSchema = z.record(z.string(), z.unknown(), { error: 'must be a JSON Schema object' });

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,[A-Za-z0-9+/]+={0,2}$/i;

/** `https://…` / `http://…`, or a base64 `data:` URL. Which media types a provider takes is its wire builder's call. */
export function isImageUrl(url: string): boolean {
  if (url.startsWith('data:')) return DATA_URL.test(url);
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

const textPart = strict({ type: z.literal('text'), text: text() });
const imagePart = strict({
  type: z.literal('image'),
  url: z
    .string({ error: 'must be a string' })
    .max(MAX_IMAGE_URL, `must be at most ${MAX_IMAGE_URL} characters`)
    .refine(isImageUrl, 'must be an http(s) URL or a data: URL with base64 data (data:image/png;base64,...)'),
  detail: z.enum(['auto', 'low', 'high'], { error: 'must be auto, low or high' }).optional(),
});
const contentPart = z.discriminatedUnion('type', [textPart, imagePart], { error: 'must be a part of type text or image' });

const contentParts = z.array(contentPart).min(1, 'must contain at least one part');
const contentText = text();

/** A string or a list of parts; a list's own problems are reported part by part, not as "neither". */
const userContent = z.unknown().transform((value, ctx): string | ContentPart[] => {
  if (typeof value !== 'string' && !Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be a string or a list of parts' });
    return z.NEVER;
  }
  const result = (typeof value === 'string' ? contentText : contentParts).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

const toolName = z
  .string({ error: 'must be a string' })
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or - (what both OpenAI and Anthropic accept)');

const toolCall = strict({ id: nonEmpty(256), name: toolName, arguments: text() });

const MESSAGE_ERROR = 'must be one of system, user, assistant, tool';

const messageSchema = z.discriminatedUnion(
  'role',
  [
    strict({ role: z.literal('system'), content: text() }),
    strict({ role: z.literal('user'), content: userContent }),
    strict({ role: z.literal('assistant'), content: text(), toolCalls: z.array(toolCall).min(1, 'must not be empty').optional() }),
    strict({ role: z.literal('tool'), toolCallId: nonEmpty(256), content: text() }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? MESSAGE_ERROR : 'must be a message object') },
);

const toolDefinition = strict({
  name: toolName,
  description: text(10_000).optional(),
  parameters: jsonSchema.optional(),
  strict: z.boolean({ error: 'must be true or false' }).optional(),
});

const toolChoice = z.union([z.enum(['auto', 'none', 'required']), strict({ name: toolName })], {
  error: "must be 'auto', 'none', 'required' or { name }",
});

const responseFormat = z.discriminatedUnion(
  'type',
  [
    strict({ type: z.literal('text') }),
    strict({ type: z.literal('json_object') }),
    strict({
      type: z.literal('json_schema'),
      schema: jsonSchema,
      name: toolName.optional(),
      description: text(10_000).optional(),
      strict: z.boolean({ error: 'must be true or false' }).optional(),
    }),
  ],
  { error: 'must have type text, json_object or json_schema' },
);

const requestShape = strict({
  model: nonEmpty().optional(),
  messages: z
    .array(messageSchema, { error: 'must be a list of messages' })
    .min(1, 'must contain at least one message')
    .max(MAX_MESSAGES, `must contain at most ${MAX_MESSAGES} messages`),
  provider: nonEmpty(100).optional(),
  temperature: number(0, 2).optional(),
  maxTokens: z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be a positive whole number').max(10_000_000, 'must be at most 10000000').optional(),
  stream: z.boolean({ error: 'must be true or false' }).optional(),
  topP: number(0, 1).optional(),
  stop: z.union([text(1000), z.array(text(1000)).max(64, 'must contain at most 64 sequences')], { error: 'must be a string or a list of strings' }).optional(),
  seed: z.number({ error: 'must be a number' }).int('must be a whole number').optional(),
  frequencyPenalty: number(-2, 2).optional(),
  presencePenalty: number(-2, 2).optional(),
  user: nonEmpty(256).optional(),
  metadata: z.record(z.string(), z.string({ error: 'must be a string' }), { error: 'must be an object of strings' }).optional(),
  tools: z.array(toolDefinition, { error: 'must be a list of tools' }).max(MAX_TOOLS, `must contain at most ${MAX_TOOLS} tools`).optional(),
  toolChoice: toolChoice.optional(),
  parallelToolCalls: z.boolean({ error: 'must be true or false' }).optional(),
  responseFormat: responseFormat.optional(),
  additionalParams: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
});

export const chatRequestSchema: z.ZodType<ChatRequest> = requestShape.superRefine((request, ctx) => {
  for (const issue of crossFieldIssues(request as ChatRequest)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

interface CrossFieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * What the providers would reject with a less helpful message: tool settings without tools, a named tool
 * that is not defined, duplicate tool names, and tool results that answer no call of the assistant turn
 * just before them.
 */
function crossFieldIssues(request: ChatRequest): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const names = new Set<string>();
  request.tools?.forEach((tool, i) => {
    if (names.has(tool.name)) issues.push({ path: ['tools', i, 'name'], message: `'${tool.name}' is defined twice` });
    names.add(tool.name);
  });
  if (request.tools === undefined || request.tools.length === 0) {
    if (request.toolChoice !== undefined) issues.push({ path: ['toolChoice'], message: 'needs tools' });
    if (request.parallelToolCalls !== undefined) issues.push({ path: ['parallelToolCalls'], message: 'needs tools' });
  } else if (typeof request.toolChoice === 'object' && !names.has(request.toolChoice.name)) {
    issues.push({ path: ['toolChoice', 'name'], message: `'${request.toolChoice.name}' is not one of the tools (${[...names].join(', ')})` });
  }
  issues.push(...toolResultIssues(request.messages));
  return issues;
}

/** Both providers insist that every call of an assistant turn is answered by the tool messages right after it. */
function toolResultIssues(messages: ChatMessage[]): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  let open = new Map<string, number>();
  let caller = -1;
  const closeTurn = (): void => {
    for (const [id, j] of open) issues.push({ path: ['messages', caller, 'toolCalls', j], message: `call '${id}' has no tool message answering it` });
    open = new Map();
  };
  messages.forEach((message, i) => {
    if (message.role === 'tool') {
      if (!open.delete(message.toolCallId)) {
        issues.push({ path: ['messages', i, 'toolCallId'], message: `'${message.toolCallId}' answers no tool call of the assistant message before it` });
      }
      return;
    }
    closeTurn();
    if (message.role === 'assistant' && message.toolCalls !== undefined) {
      caller = i;
      message.toolCalls.forEach((call, j) => {
        if (open.has(call.id)) issues.push({ path: ['messages', i, 'toolCalls', j, 'id'], message: `'${call.id}' is used twice` });
        open.set(call.id, j);
      });
    }
  });
  closeTurn();
  return issues;
}
