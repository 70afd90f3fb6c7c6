import type { AssistantMessage, ContentPart, ToolChoice, ToolDefinition } from '../../shared/chat';
import { SwitchyardError } from '../../shared/errors';
import { imageSource } from './image-url';
import { DEFAULT_SCHEMA_NAME, isRecord, lowerKeys } from './openai-chat-request';
import { unsupported } from './unsupported-input';
import type { WireRequest } from './types';

/**
 * The request side of Anthropic's Messages API: our (OpenAI-shaped) request translated into content
 * blocks, tool definitions and tool choice as Anthropic takes them.
 */

/** Anthropic Messages API. max_tokens is required by the API; this is what we send when the caller gives none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;
export const ANTHROPIC_VERSION = '2023-06-01';
const PROTOCOL = "Anthropic's Messages API";

/** `{base_url}/v1/messages`; base_url is the host root, but a trailing /v1 is tolerated. */
export function anthropicMessagesUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? `${trimmed}/messages` : `${trimmed}/v1/messages`;
}

export function anthropicHeaders(apiKey: string | undefined, extra: Record<string, string>, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (apiKey) headers['x-api-key'] = apiKey;
  return { ...headers, ...lowerKeys(extra) };
}

/**
 * The tool Anthropic is made to call when the caller asked for JSON output: Anthropic's documented way to
 * get JSON that follows a schema is a tool whose input schema is that schema, forced with tool_choice. Its
 * input is the reply. Undefined when the request wants no JSON.
 */
export function structuredOutputTool(req: WireRequest): string | undefined {
  const format = req.responseFormat;
  if (format === undefined || format.type === 'text') return undefined;
  return format.type === 'json_schema' ? (format.name ?? DEFAULT_SCHEMA_NAME) : DEFAULT_SCHEMA_NAME;
}

export function buildAnthropicBody(req: WireRequest, stream: boolean): Record<string, unknown> {
  refuseUnsupported(req);
  const system: string[] = [];
  for (const m of req.messages) if (m.role === 'system') system.push(m.content);
  const messages = anthropicMessages(req);
  if (messages.length === 0) {
    throw new SwitchyardError('INVALID_REQUEST', 'messages: Anthropic needs at least one user or assistant message besides the system prompt', {
      details: { field: 'messages' },
    });
  }
  const body: Record<string, unknown> = {};
  if (req.additionalParams !== undefined) {
    for (const key of Object.keys(req.additionalParams)) if (key !== 'stream') body[key] = req.additionalParams[key];
  }
  body.model = req.model;
  // The system prompt is its own field; several system messages are joined in order.
  if (system.length > 0) body.system = system.join('\n\n');
  body.messages = messages;
  body.max_tokens = req.maxTokens ?? (typeof body.max_tokens === 'number' ? body.max_tokens : ANTHROPIC_DEFAULT_MAX_TOKENS);
  // Anthropic's range is 0..1; ours is OpenAI's 0..2.
  if (req.temperature !== undefined) body.temperature = Math.min(req.temperature, 1);
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.stop !== undefined) body.stop_sequences = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.user !== undefined) body.metadata = { ...(isRecord(body.metadata) ? body.metadata : {}), user_id: req.user };
  const formatTool = structuredOutputTool(req);
  if (formatTool !== undefined) {
    const format = req.responseFormat!;
    const schema = format.type === 'json_schema' ? format.schema : { type: 'object' };
    const description = format.type === 'json_schema' && format.description !== undefined ? format.description : 'Give the reply as this JSON object.';
    body.tools = [{ name: formatTool, description, input_schema: schema }];
    body.tool_choice = { type: 'tool', name: formatTool };
  } else if (req.tools !== undefined) {
    body.tools = req.tools.map(anthropicTool);
    const choice = anthropicToolChoice(req.toolChoice, req.parallelToolCalls);
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (stream) body.stream = true;
  return body;
}

/** What Anthropic has no field for: said so up front rather than dropped. */
function refuseUnsupported(req: WireRequest): void {
  if (req.seed !== undefined) throw unsupported('seed', PROTOCOL, 'has no seed parameter');
  if (req.frequencyPenalty !== undefined) throw unsupported('frequencyPenalty', PROTOCOL, 'has no frequency penalty');
  if (req.presencePenalty !== undefined) throw unsupported('presencePenalty', PROTOCOL, 'has no presence penalty');
  if (req.metadata !== undefined) throw unsupported('metadata', PROTOCOL, 'takes no metadata besides a user id (use `user`)');
  if (structuredOutputTool(req) !== undefined && req.tools !== undefined && req.tools.length > 0) {
    throw unsupported('responseFormat', PROTOCOL, 'gives JSON output through a forced tool call, which cannot be combined with other tools');
  }
}

/**
 * Anthropic keeps tool results in user turns: a run of tool messages becomes one user message of
 * tool_result blocks (with a following user message's own content after them, as the API asks), and an
 * assistant turn's calls become tool_use blocks.
 */
function anthropicMessages(req: WireRequest): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  /** The user message collecting tool results, while consecutive results keep coming. */
  let results: unknown[] | undefined;
  req.messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
        return;
      case 'tool': {
        const block = { type: 'tool_result', tool_use_id: message.toolCallId, content: message.content };
        if (results !== undefined) results.push(block);
        else out.push({ role: 'user', content: (results = [block]) });
        return;
      }
      case 'user': {
        const content = typeof message.content === 'string' ? message.content : message.content.map((part, j) => anthropicPart(part, `messages[${i}].content[${j}]`));
        if (results !== undefined) {
          if (typeof content !== 'string') results.push(...content);
          else if (content !== '') results.push({ type: 'text', text: content });
          results = undefined;
        } else {
          out.push({ role: 'user', content });
        }
        return;
      }
      case 'assistant':
        results = undefined;
        out.push({ role: 'assistant', content: message.toolCalls === undefined ? message.content : assistantBlocks(message, i) });
    }
  });
  return out;
}

function assistantBlocks(message: AssistantMessage, i: number): unknown[] {
  const blocks: unknown[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
  message.toolCalls!.forEach((call, j) => {
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments, `messages[${i}].toolCalls[${j}].arguments`) });
  });
  return blocks;
}

/** Anthropic wants a call's input as an object, where OpenAI keeps the model's JSON text. */
function toolInput(args: string, field: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    throw unsupported(field, PROTOCOL, 'needs tool call arguments that are a JSON object; these are not valid JSON');
  }
  if (!isRecord(input)) throw unsupported(field, PROTOCOL, 'needs tool call arguments that are a JSON object');
  return input;
}

function anthropicPart(part: ContentPart, field: string): Record<string, unknown> {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.detail !== undefined && part.detail !== 'auto') throw unsupported(`${field}.detail`, PROTOCOL, 'has no image detail setting');
  const source = imageSource(part.url, `${field}.url`, PROTOCOL);
  return {
    type: 'image',
    source: source.kind === 'url' ? { type: 'url', url: source.url } : { type: 'base64', media_type: source.mediaType, data: source.data },
  };
}

function anthropicTool(tool: ToolDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) out.description = tool.description;
  // Anthropic requires an input schema; a tool without parameters takes an empty object.
  out.input_schema = tool.parameters ?? { type: 'object', properties: {} };
  if (tool.strict !== undefined) out.strict = tool.strict;
  return out;
}

function anthropicToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): Record<string, unknown> | undefined {
  if (choice === 'none') return { type: 'none' };
  const out: Record<string, unknown> =
    choice === undefined || choice === 'auto' ? { type: 'auto' } : choice === 'required' ? { type: 'any' } : { type: 'tool', name: choice.name };
  if (parallel === false) out.disable_parallel_tool_use = true;
  else if (choice === undefined) return undefined;
  return out;
}
