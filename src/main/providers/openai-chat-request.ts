import type { ChatMessage, ContentPart, ResponseFormat, ToolChoice, ToolDefinition } from '../../shared/chat';
import { imageSource } from './image-url';
import type { WireRequest } from './types';

/**
 * The request side of OpenAI chat completions: our request in OpenAI's own field names. This is also
 * what Plano's model listener takes, so the proxy modes carry the whole request the same way.
 */

const PROTOCOL = 'the OpenAI chat completions API';
/** OpenAI requires a name for a JSON schema; Anthropic's tool-based JSON output uses the same one. */
export const DEFAULT_SCHEMA_NAME = 'response';

/** `{base_url}/chat/completions`; base_url is the part that usually ends in /v1. */
export function openAIChatUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}

export function buildOpenAIChatBody(req: WireRequest, stream: boolean): Record<string, unknown> {
  // Caller extras first, so they can add knobs (logprobs, top_k on compatible APIs) but never undo the
  // fields we set. (Copied key by key rather than spread-then-delete: `delete` makes V8 slow down the object.)
  const body: Record<string, unknown> = {};
  const extra = req.additionalParams;
  if (extra !== undefined) {
    for (const key of Object.keys(extra)) {
      if (key !== 'stream' && key !== 'stream_options') body[key] = extra[key];
    }
  }
  body.model = req.model;
  body.messages = req.messages.map(openAIMessage);
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.stop !== undefined) body.stop = req.stop;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.frequencyPenalty !== undefined) body.frequency_penalty = req.frequencyPenalty;
  if (req.presencePenalty !== undefined) body.presence_penalty = req.presencePenalty;
  if (req.user !== undefined) body.user = req.user;
  if (req.metadata !== undefined) body.metadata = req.metadata;
  if (req.tools !== undefined) body.tools = req.tools.map(openAITool);
  if (req.toolChoice !== undefined) body.tool_choice = openAIToolChoice(req.toolChoice);
  if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  if (req.responseFormat !== undefined) body.response_format = openAIResponseFormat(req.responseFormat);
  if (stream) {
    body.stream = true;
    const options = extra?.stream_options;
    // Without include_usage a stream reports no token counts at all.
    body.stream_options = { ...(isRecord(options) ? options : {}), include_usage: true };
  }
  return body;
}

function openAIMessage(message: ChatMessage, i: number): Record<string, unknown> {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map((part, j) => openAIPart(part, `messages[${i}].content[${j}]`)) };
    case 'assistant': {
      if (message.toolCalls === undefined) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // The API takes null content beside tool calls; an empty string is refused by some compatible servers.
        content: message.content === '' ? null : message.content,
        tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
      };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function openAIPart(part: ContentPart, field: string): Record<string, unknown> {
  if (part.type === 'text') return { type: 'text', text: part.text };
  imageSource(part.url, `${field}.url`, PROTOCOL);
  const image: Record<string, unknown> = { url: part.url };
  if (part.detail !== undefined) image.detail = part.detail;
  return { type: 'image_url', image_url: image };
}

function openAITool(tool: ToolDefinition): Record<string, unknown> {
  const fn: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  if (tool.parameters !== undefined) fn.parameters = tool.parameters;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function openAIToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function openAIResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type !== 'json_schema') return { type: format.type };
  const schema: Record<string, unknown> = { name: format.name ?? DEFAULT_SCHEMA_NAME, schema: format.schema };
  if (format.description !== undefined) schema.description = format.description;
  if (format.strict !== undefined) schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}

export function openAIChatHeaders(apiKey: string | undefined, extra: Record<string, string>, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return { ...headers, ...lowerKeys(extra) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
