import type { ChatMessage, ChatRequest, ContentPart, ToolCall, ToolDefinition } from '../../shared/chat';
import { imageUrlFromSource } from '../providers/image-url';
import { isRecord } from '../providers/openai-chat-request';
import { badField, optionalString, textOf } from './inbound-helpers';

/**
 * An Anthropic Messages body as our request: the mirror of buildAnthropicBody. A user turn's tool_result
 * blocks become tool messages (then the turn's own text and images, if any, a user message after them);
 * an assistant turn's tool_use blocks become its tool calls; thinking blocks the model wrote are left out
 * (no other provider could read them). Parameters we have no field for travel in `additionalParams`.
 */

export interface AnthropicInbound {
  request: ChatRequest;
  stream: boolean;
}

const KNOWN = new Set(['model', 'messages', 'system', 'max_tokens', 'temperature', 'top_p', 'stop_sequences', 'stream', 'tools', 'tool_choice', 'metadata']);

export function chatRequestFromAnthropic(body: unknown): AnthropicInbound {
  if (!isRecord(body)) throw badField('body', 'must be a JSON object');
  if (body.max_tokens === undefined) throw badField('max_tokens', 'Field required');
  if (!Array.isArray(body.messages)) throw badField('messages', 'Field required');
  const messages: ChatMessage[] = [];
  if (body.system !== undefined && body.system !== null) messages.push({ role: 'system', content: textOf(body.system, 'system', ['text']) });
  body.messages.forEach((m: unknown, i) => messages.push(...anthropicMessage(m, `messages.${i}`)));
  const request: ChatRequest = { messages, maxTokens: body.max_tokens as number };
  if (typeof body.model === 'string') request.model = body.model;
  if (body.temperature !== undefined) request.temperature = body.temperature as number;
  if (body.top_p !== undefined) request.topP = body.top_p as number;
  if (body.stop_sequences !== undefined) request.stop = body.stop_sequences as string[];
  if (isRecord(body.metadata) && typeof body.metadata.user_id === 'string') request.user = body.metadata.user_id;
  if (Array.isArray(body.tools)) request.tools = body.tools.map((t: unknown, i) => anthropicTool(t, `tools.${i}`));
  if (isRecord(body.tool_choice)) {
    const choice = body.tool_choice;
    if (choice.type === 'any') request.toolChoice = 'required';
    else if (choice.type === 'tool') request.toolChoice = { name: choice.name as string };
    else if (choice.type === 'none' || choice.type === 'auto') request.toolChoice = choice.type;
    else throw badField('tool_choice.type', "must be 'auto', 'any', 'tool' or 'none'");
    if (choice.disable_parallel_tool_use === true) request.parallelToolCalls = false;
  }
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(body)) if (!KNOWN.has(key) && body[key] !== undefined) extra[key] = body[key];
  if (Object.keys(extra).length > 0) request.additionalParams = extra;
  return { request, stream: body.stream === true };
}

function anthropicMessage(message: unknown, at: string): ChatMessage[] {
  if (!isRecord(message)) throw badField(at, 'must be a message object');
  const content = message.content;
  if (message.role === 'assistant') {
    if (typeof content === 'string') return [{ role: 'assistant', content }];
    const { text, calls } = assistantBlocks(content, `${at}.content`);
    return [calls.length > 0 ? { role: 'assistant', content: text, toolCalls: calls } : { role: 'assistant', content: text }];
  }
  if (message.role !== 'user') throw badField(`${at}.role`, `must be user or assistant (got ${JSON.stringify(message.role)})`);
  if (typeof content === 'string') return [{ role: 'user', content }];
  if (!Array.isArray(content)) throw badField(`${at}.content`, 'must be a string or a list of content blocks');
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  content.forEach((block: unknown, j) => {
    const field = `${at}.content.${j}`;
    if (!isRecord(block)) throw badField(field, 'must be a content block');
    if (block.type === 'tool_result') {
      const text = block.content === undefined ? '' : textOf(block.content, `${field}.content`, ['text']);
      out.push({ role: 'tool', toolCallId: optionalString(block.tool_use_id, `${field}.tool_use_id`), content: block.is_error === true ? `Error: ${text}` : text });
    } else if (block.type === 'text') {
      parts.push({ type: 'text', text: block.text as string });
    } else if (block.type === 'image') {
      parts.push({ type: 'image', url: imageUrl(block.source, `${field}.source`) });
    } else {
      throw badField(`${field}.type`, `Switchyard carries text, image and tool_result blocks in user turns, not ${JSON.stringify(block.type)}`);
    }
  });
  if (parts.length > 0) out.push({ role: 'user', content: parts.length === 1 && parts[0]!.type === 'text' ? parts[0]!.text : parts });
  return out;
}

function assistantBlocks(content: unknown, at: string): { text: string; calls: ToolCall[] } {
  if (!Array.isArray(content)) throw badField(at, 'must be a string or a list of content blocks');
  let text = '';
  const calls: ToolCall[] = [];
  content.forEach((block: unknown, j) => {
    const field = `${at}.${j}`;
    if (!isRecord(block)) throw badField(field, 'must be a content block');
    if (block.type === 'text') text += optionalString(block.text, `${field}.text`);
    else if (block.type === 'tool_use') calls.push({ id: optionalString(block.id, `${field}.id`), name: block.name as string, arguments: JSON.stringify(block.input ?? {}) });
    else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') {
      throw badField(`${field}.type`, `Switchyard carries text and tool_use blocks in assistant turns, not ${JSON.stringify(block.type)}`);
    }
  });
  return { text, calls };
}

function imageUrl(source: unknown, at: string): string {
  if (isRecord(source) && source.type === 'base64' && typeof source.media_type === 'string' && typeof source.data === 'string') {
    return imageUrlFromSource({ kind: 'base64', mediaType: source.media_type, data: source.data });
  }
  if (isRecord(source) && source.type === 'url' && typeof source.url === 'string') return imageUrlFromSource({ kind: 'url', url: source.url });
  throw badField(at, 'must be {type: base64, media_type, data} or {type: url, url}');
}

function anthropicTool(tool: unknown, at: string): ToolDefinition {
  if (!isRecord(tool)) throw badField(at, 'must be a tool object');
  if (tool.type !== undefined && tool.type !== 'custom') throw badField(`${at}.type`, `Switchyard carries custom tools only, not Anthropic's server tool ${JSON.stringify(tool.type)}`);
  const out: ToolDefinition = { name: tool.name as string };
  if (tool.description !== undefined) out.description = tool.description as string;
  if (tool.input_schema !== undefined) out.parameters = tool.input_schema as Record<string, unknown>;
  if (tool.strict !== undefined) out.strict = tool.strict as boolean;
  return out;
}
