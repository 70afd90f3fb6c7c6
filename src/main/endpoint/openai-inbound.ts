import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from '../../shared/chat';
import { isRecord } from '../providers/openai-chat-request';
import { badField, optionalString, textOf } from './inbound-helpers';

/**
 * An OpenAI chat completions body as our request: the mirror of buildOpenAIChatBody. Only the structure is
 * read here; values are checked by the router (its errors are named back in OpenAI's field names). Each
 * OpenAI message becomes exactly one of ours, so message indexes in errors stay the client's. Parameters
 * we have no field for travel in `additionalParams`, so the provider still gets (or refuses) them.
 */

export interface OpenAIInbound {
  request: ChatRequest;
  stream: boolean;
  /** `stream_options.include_usage`: the stream ends with a usage chunk. */
  includeUsage: boolean;
}

/** Fields read into the request; everything else passes through. */
const KNOWN = new Set([
  'model', 'messages', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop', 'seed', 'frequency_penalty', 'presence_penalty',
  'user', 'metadata', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'stream', 'stream_options', 'n',
]);

const SCALARS: [wire: string, ours: keyof ChatRequest][] = [
  ['temperature', 'temperature'],
  ['top_p', 'topP'],
  ['max_tokens', 'maxTokens'],
  ['max_completion_tokens', 'maxTokens'],
  ['stop', 'stop'],
  ['seed', 'seed'],
  ['frequency_penalty', 'frequencyPenalty'],
  ['presence_penalty', 'presencePenalty'],
  ['user', 'user'],
  ['metadata', 'metadata'],
  ['parallel_tool_calls', 'parallelToolCalls'],
];

export function chatRequestFromOpenAI(body: unknown): OpenAIInbound {
  if (!isRecord(body)) throw badField('body', 'must be a JSON object');
  if (!Array.isArray(body.messages)) throw badField('messages', 'is required and must be a list of messages');
  if (body.n !== undefined && body.n !== null && body.n !== 1) throw badField('n', 'Switchyard returns one choice: n must be 1');
  const request: ChatRequest = { messages: body.messages.map((m: unknown, i) => openAIMessage(m, `messages[${i}]`)) };
  if (typeof body.model === 'string') request.model = body.model;
  for (const [wire, ours] of SCALARS) {
    const value = body[wire];
    // OpenAI takes null for "not set", and some clients (LangChain) send it.
    if (value !== undefined && value !== null) (request as unknown as Record<string, unknown>)[ours] = value;
  }
  if (Array.isArray(body.tools)) request.tools = body.tools.map((t: unknown, i) => openAITool(t, `tools[${i}]`));
  else if (body.tools !== undefined && body.tools !== null) throw badField('tools', 'must be a list of tools');
  if (body.tool_choice !== undefined && body.tool_choice !== null) request.toolChoice = toolChoice(body.tool_choice);
  if (body.response_format !== undefined && body.response_format !== null) request.responseFormat = responseFormat(body.response_format);
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(body)) if (!KNOWN.has(key) && body[key] !== undefined) extra[key] = body[key];
  if (Object.keys(extra).length > 0) request.additionalParams = extra;
  const options = isRecord(body.stream_options) ? body.stream_options : {};
  return { request, stream: body.stream === true, includeUsage: options.include_usage === true };
}

function openAIMessage(message: unknown, at: string): ChatMessage {
  if (!isRecord(message)) throw badField(at, 'must be a message object');
  const content = message.content;
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(content, `${at}.content`, ['text']) };
    case 'user':
      return { role: 'user', content: typeof content === 'string' ? content : userParts(content, `${at}.content`) };
    case 'assistant': {
      const out: ChatMessage = { role: 'assistant', content: content === null || content === undefined ? '' : textOf(content, `${at}.content`, ['text', 'refusal']) };
      if (message.function_call !== undefined && message.function_call !== null) throw badField(`${at}.function_call`, 'the legacy function_call is not supported: use tool_calls');
      if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) out.toolCalls = message.tool_calls.map((c: unknown, j) => toolCall(c, `${at}.tool_calls[${j}]`));
      return out;
    }
    case 'tool':
      return { role: 'tool', toolCallId: optionalString(message.tool_call_id, `${at}.tool_call_id`), content: textOf(content, `${at}.content`, ['text']) };
    default:
      throw badField(`${at}.role`, `must be one of system, developer, user, assistant, tool (got ${JSON.stringify(message.role)})`);
  }
}

function userParts(content: unknown, at: string): ContentPart[] {
  if (!Array.isArray(content)) throw badField(at, 'must be a string or a list of content parts');
  return content.map((part: unknown, j): ContentPart => {
    const field = `${at}[${j}]`;
    if (!isRecord(part)) throw badField(field, 'must be a content part object');
    if (part.type === 'text') return { type: 'text', text: part.text as string };
    if (part.type === 'image_url') {
      const image = part.image_url;
      const url = typeof image === 'string' ? image : isRecord(image) ? image.url : undefined;
      if (typeof url !== 'string') throw badField(`${field}.image_url.url`, 'is required');
      const out: ContentPart = { type: 'image', url };
      if (isRecord(image) && image.detail !== undefined) out.detail = image.detail as 'auto' | 'low' | 'high';
      return out;
    }
    throw badField(`${field}.type`, `Switchyard carries text and image_url parts, not ${JSON.stringify(part.type)}`);
  });
}

function toolCall(call: unknown, at: string): ToolCall {
  if (!isRecord(call) || !isRecord(call.function)) throw badField(`${at}.function`, 'is required');
  return { id: optionalString(call.id, `${at}.id`), name: call.function.name as string, arguments: (call.function.arguments as string) ?? '' };
}

function openAITool(tool: unknown, at: string): ToolDefinition {
  if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function)) throw badField(`${at}.type`, "Switchyard carries tools of type 'function' only");
  const fn = tool.function;
  const out: ToolDefinition = { name: fn.name as string };
  if (fn.description !== undefined && fn.description !== null) out.description = fn.description as string;
  if (fn.parameters !== undefined && fn.parameters !== null) out.parameters = fn.parameters as Record<string, unknown>;
  if (fn.strict !== undefined && fn.strict !== null) out.strict = fn.strict as boolean;
  return out;
}

function toolChoice(choice: unknown): ToolChoice {
  if (typeof choice === 'string') return choice as ToolChoice;
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string') return { name: choice.function.name };
  throw badField('tool_choice', "must be 'auto', 'none', 'required' or {type: 'function', function: {name}}");
}

function responseFormat(format: unknown): ResponseFormat {
  if (!isRecord(format)) throw badField('response_format', 'must be an object');
  if (format.type !== 'json_schema') return { type: format.type } as ResponseFormat;
  const spec = format.json_schema;
  if (!isRecord(spec)) throw badField('response_format.json_schema', 'is required for type json_schema');
  const out: ResponseFormat = { type: 'json_schema', schema: spec.schema as Record<string, unknown> };
  if (typeof spec.name === 'string') out.name = spec.name;
  if (spec.description !== undefined && spec.description !== null) out.description = spec.description as string;
  if (spec.strict !== undefined && spec.strict !== null) out.strict = spec.strict as boolean;
  return out;
}
