import type { ChatSettings } from '../../../shared/api';
import type { ResponseFormat, ToolChoice, ToolDefinition } from '../../../shared/chat';
import { chatRequestSchema } from '../../../shared/chat-schema';

/**
 * The playground's tools and JSON output, as typed: tools as a JSON array in OpenAI's function-tool shape
 * (`[{"type": "function", "function": {"name", "description", "parameters"}}]`), the tool choice, and JSON
 * output with an optional JSON Schema. Checked by the same schema the router checks requests with, so an
 * error here names what the router would refuse, as the user wrote it.
 */

export interface ToolFields {
  tools: string;
  /** '' (the provider's default), 'auto', 'none', 'required', or `tool:<name>`. */
  toolChoice: string;
  jsonOutput: boolean;
  /** Optional: with it JSON output follows this schema (json_schema), without it any JSON object (json_object). */
  jsonSchema: string;
}

export type ToolErrors = Partial<Record<'tools' | 'toolChoice' | 'jsonSchema', string>>;

type ToolSettings = Pick<ChatSettings, 'tools' | 'toolChoice' | 'responseFormat'>;

export const TOOL_CHOICE_PREFIX = 'tool:';
const SHAPE = 'Tools must be a JSON array like [{"type": "function", "function": {"name": "get_weather", "parameters": {...}}}]';

/** The settings these fields ask for, or the errors (each naming the field and what is wrong with it). */
export function checkToolFields(f: ToolFields): { settings: ToolSettings; errors: ToolErrors } {
  const errors: ToolErrors = {};
  const settings: ToolSettings = {};
  const tools = parseTools(f.tools);
  if (typeof tools === 'string') errors.tools = tools;
  else if (tools.length > 0) settings.tools = tools;
  const choice = toolChoiceOf(f.toolChoice);
  if (choice !== undefined) {
    if (settings.tools === undefined && errors.tools === undefined) errors.toolChoice = 'Tool choice needs at least one tool';
    else settings.toolChoice = choice;
  }
  if (f.jsonOutput) {
    const format = responseFormatOf(f.jsonSchema);
    if (typeof format === 'string') errors.jsonSchema = format;
    else settings.responseFormat = format;
  }
  if (Object.keys(errors).length > 0) return { settings: {}, errors };
  // The router's own checks: tool names and schemas, unknown fields, a chosen tool that is not defined.
  const checked = chatRequestSchema.safeParse({ messages: [{ role: 'user', content: '-' }], ...settings });
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [field, index, ...rest] = issue.path.map(String);
      if (field === 'tools' && index !== undefined) {
        const name = settings.tools?.[Number(index)]?.name;
        errors.tools ??= `Tool ${Number(index) + 1}${typeof name === 'string' && name ? ` (${name})` : ''}: ${['function', ...rest].join('.')}: ${issue.message}`;
      } else if (field === 'tools') errors.tools ??= `Tools: ${issue.message}`;
      else if (field === 'toolChoice') errors.toolChoice ??= `Tool choice: ${issue.message}`;
      else if (field === 'responseFormat') errors.jsonSchema ??= `JSON schema: ${issue.message}`;
    }
    return { settings: {}, errors };
  }
  return { settings, errors };
}

/** Settings back into the fields (a reopened conversation, a preset): tools in OpenAI's shape, pretty. */
export function toolFieldsOf(s: ToolSettings): ToolFields {
  const format = s.responseFormat;
  return {
    tools: s.tools?.length ? JSON.stringify(s.tools.map((fn) => ({ type: 'function', function: fn })), null, 2) : '',
    toolChoice: s.toolChoice === undefined ? '' : typeof s.toolChoice === 'string' ? s.toolChoice : `${TOOL_CHOICE_PREFIX}${s.toolChoice.name}`,
    jsonOutput: format !== undefined && format.type !== 'text',
    jsonSchema: format?.type === 'json_schema' ? JSON.stringify(format.schema, null, 2) : '',
  };
}

/** The tool names in the field's text, for the tool choice list (none while the text does not parse). */
export function toolNames(text: string): string[] {
  const tools = parseTools(text);
  return typeof tools === 'string' ? [] : tools.map((t) => t.name).filter((n): n is string => typeof n === 'string');
}

/** OpenAI's wrapper taken off each tool; the function objects are left for the schema to judge. */
function parseTools(text: string): ToolDefinition[] | string {
  if (!text.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Tools: invalid JSON: ${(error as Error).message}`;
  }
  if (!Array.isArray(value)) return SHAPE;
  const tools: ToolDefinition[] = [];
  for (const [i, item] of value.entries()) {
    const at = `Tool ${i + 1}`;
    if (!isObject(item)) return `${at} must be an object like {"type": "function", "function": {...}}`;
    const extra = Object.keys(item).filter((k) => k !== 'type' && k !== 'function');
    if (extra.length > 0) return `${at}: unknown field '${extra[0]}' (only "type" and "function" go at this level)`;
    if (item.type !== 'function') return `${at}: "type" must be "function"`;
    if (!isObject(item.function)) return `${at}: "function" must be an object with name, description and parameters`;
    tools.push(item.function as unknown as ToolDefinition);
  }
  return tools;
}

function toolChoiceOf(value: string): ToolChoice | undefined {
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (value.startsWith(TOOL_CHOICE_PREFIX)) return { name: value.slice(TOOL_CHOICE_PREFIX.length) };
  return undefined;
}

function responseFormatOf(schemaText: string): ResponseFormat | string {
  if (!schemaText.trim()) return { type: 'json_object' };
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (error) {
    return `JSON schema: invalid JSON: ${(error as Error).message}`;
  }
  if (!isObject(schema)) return 'JSON schema must be a JSON object, e.g. {"type": "object", "properties": {...}}';
  return { type: 'json_schema', schema };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
