import { describe, expect, it } from 'vitest';
import { createParamsStore } from './params-store';
import { toolNames } from './tool-params';

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

function paramsWith(fields: Record<string, string | boolean>) {
  const s = createParamsStore(undefined);
  for (const [key, value] of Object.entries(fields)) s.getState().setField(key as 'tools', value as string);
  return s;
}

describe('tools and JSON output in the parameters', () => {
  it('takes tools in OpenAI function-tool shape and sends them, with the tool choice, in the request model', () => {
    const s = paramsWith({ tools: JSON.stringify([weather]), toolChoice: 'tool:get_weather' });
    expect(s.getState().errors).toEqual({});
    expect(s.getState().toChatSettings()).toEqual({ tools: [weather.function], toolChoice: { name: 'get_weather' } });
    expect(toolNames(s.getState().fields.tools)).toEqual(['get_weather']);
  });

  it.each([
    ['{"type": "function"}', /^Tools must be a JSON array like/],
    ['[{"type": "function", "function": {"name": "get weather"}}]', /^Tool 1 \(get weather\): function\.name: must be 1 to 64 letters, digits, _ or -/],
    ['[{"type": "function", "function": {"name": "a", "input_schema": {}}}]', /^Tool 1 \(a\): function: unknown field 'input_schema' \(did you mean parameters\?\)/],
    ['[{"name": "a"}]', /^Tool 1: unknown field 'name' \(only "type" and "function" go at this level\)/],
    ['[{"type": "tool", "function": {"name": "a"}}]', /^Tool 1: "type" must be "function"/],
    ['[{"type": "function", "function": {"name": "a", "parameters": []}}]', /^Tool 1 \(a\): function\.parameters: must be a JSON Schema object/],
    ['[{"type": "function", "function": {"name": "a"}}, {"type": "function", "function": {"name": "a"}}]', /^Tool 2 \(a\): function\.name: 'a' is defined twice/],
    ['[{"type": "function", "function": {"name": "a"}', /^Tools: invalid JSON: /],
  ])('names what is wrong with %s', (tools, message) => {
    const s = paramsWith({ tools });
    expect(s.getState().errors.tools).toMatch(message);
    expect(s.getState().toChatSettings()).toBeUndefined();
    // What was typed stays as typed.
    expect(s.getState().fields.tools).toBe(tools);
  });

  it('refuses a tool choice without tools, or naming a tool that is not defined', () => {
    expect(paramsWith({ toolChoice: 'required' }).getState().errors).toEqual({ toolChoice: 'Tool choice needs at least one tool' });
    expect(paramsWith({ tools: JSON.stringify([weather]), toolChoice: 'tool:get_time' }).getState().errors).toEqual({
      toolChoice: "Tool choice: 'get_time' is not one of the tools (get_weather)",
    });
  });

  it('switches JSON output on as json_object, or json_schema with a schema, and only checks the schema while on', () => {
    expect(paramsWith({ jsonOutput: true }).getState().toChatSettings()).toEqual({ responseFormat: { type: 'json_object' } });
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(paramsWith({ jsonOutput: true, jsonSchema: JSON.stringify(schema) }).getState().toChatSettings()).toEqual({ responseFormat: { type: 'json_schema', schema } });
    expect(paramsWith({ jsonOutput: true, jsonSchema: '[1]' }).getState().errors.jsonSchema).toMatch(/^JSON schema must be a JSON object/);
    expect(paramsWith({ jsonOutput: false, jsonSchema: '[1]' }).getState().toChatSettings()).toEqual({});
  });

  it('a reopened conversation puts its tools and JSON output back into the fields, in the shape they were typed', () => {
    const s = createParamsStore(undefined);
    const schema = { type: 'object' };
    s.getState().applySettings({ tools: [weather.function], toolChoice: 'required', responseFormat: { type: 'json_schema', schema } });
    expect(JSON.parse(s.getState().fields.tools)).toEqual([weather]);
    expect(s.getState().fields).toMatchObject({ toolChoice: 'required', jsonOutput: true });
    expect(s.getState().toChatSettings()).toEqual({ tools: [weather.function], toolChoice: 'required', responseFormat: { type: 'json_schema', schema } });
  });
});
