// @ts-check
/**
 * The checks the real OpenAI chat completions API makes on tools, tool messages, image parts and
 * response_format, with its own (sometimes misspelt) messages, so a client that builds a body the API
 * would refuse gets the refusal it would get in production.
 */

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const DATA_URL = /^data:(image\/(png|jpeg|gif|webp));base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * @typedef {{ message: string, param?: string | null, code?: string | null }} OpenAIRequestProblem
 */

/** @param {string} message @param {string | null} [param] @returns {OpenAIRequestProblem} */
const problem = (message, param = null) => ({ message, param, code: param ? 'invalid_value' : null });

/**
 * @param {Record<string, any>} body
 * @returns {OpenAIRequestProblem | undefined}
 */
export function checkOpenAIRequest(body) {
  const tools = body.tools;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return problem("Invalid type for 'tools': expected an array of objects.", 'tools');
    for (const [i, tool] of tools.entries()) {
      if (tool?.type !== 'function' || typeof tool.function !== 'object') return problem(`Missing required parameter: 'tools[${i}].function'.`, `tools[${i}].function`);
      if (typeof tool.function.name !== 'string' || !NAME.test(tool.function.name)) {
        return problem(`Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `tools[${i}].function.name`);
      }
    }
  }
  const hasTools = Array.isArray(tools) && tools.length > 0;
  if (body.tool_choice !== undefined && !hasTools) {
    return problem("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
  }
  if (body.parallel_tool_calls !== undefined && !hasTools) {
    return problem("Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.", 'parallel_tool_calls');
  }
  const choice = body.tool_choice;
  if (typeof choice === 'object' && choice !== null && !tools.some((/** @type {any} */ t) => t.function.name === choice.function?.name)) {
    return problem(`Invalid value for 'tool_choice': function '${choice.function?.name}' is not among the tools.`, 'tool_choice');
  }
  if (typeof choice === 'string' && !['none', 'auto', 'required'].includes(choice)) {
    return problem(`Invalid value: '${choice}'. Supported values are: 'none', 'auto', and 'required'.`, 'tool_choice');
  }
  return checkMessages(body.messages) ?? checkResponseFormat(body);
}

/** @param {any[]} messages @returns {OpenAIRequestProblem | undefined} */
function checkMessages(messages) {
  /** @type {Set<string>} */
  let awaiting = new Set();
  for (const [i, m] of messages.entries()) {
    if (m?.role === 'tool') {
      if (!awaiting.delete(m.tool_call_id)) {
        return problem("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${i}].role`);
      }
      continue;
    }
    if (awaiting.size > 0) {
      return problem(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting].join(', ')}`,
        `messages.[${i}].role`,
      );
    }
    if (!['system', 'developer', 'user', 'assistant'].includes(m?.role)) {
      return problem(`Invalid value: '${m?.role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `messages[${i}].role`);
    }
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) awaiting = new Set(m.tool_calls.map((/** @type {any} */ c) => c.id));
    if (m.role === 'assistant' && m.content == null && !Array.isArray(m.tool_calls)) {
      return problem(`Invalid value for 'content': expected a string, got null.`, `messages.[${i}].content`);
    }
    if (Array.isArray(m.content)) {
      for (const [j, part] of m.content.entries()) {
        const at = `messages[${i}].content[${j}]`;
        if (part?.type === 'text' && typeof part.text === 'string') continue;
        if (part?.type !== 'image_url' || m.role !== 'user') return problem(`Invalid value: '${part?.type}'. Supported values are: 'text' and 'image_url'.`, `${at}.type`);
        const url = part.image_url?.url;
        if (typeof url !== 'string' || !(url.startsWith('https://') || url.startsWith('http://') || DATA_URL.test(url))) {
          return problem(
            `Invalid '${at}.image_url.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got ${typeof url === 'string' ? 'a value in an invalid format' : 'no URL'}.`,
            `${at}.image_url.url`,
          );
        }
      }
    }
  }
  if (awaiting.size > 0) {
    return problem(
      `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting].join(', ')}`,
      'messages',
    );
  }
  return undefined;
}

/** @param {Record<string, any>} body @returns {OpenAIRequestProblem | undefined} */
function checkResponseFormat(body) {
  const format = body.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_object') {
    const said = JSON.stringify(body.messages).toLowerCase().includes('json');
    return said ? undefined : problem("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
  }
  if (format.type === 'json_schema') {
    if (typeof format.json_schema !== 'object' || format.json_schema === null) return problem("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema');
    if (typeof format.json_schema.name !== 'string' || !NAME.test(format.json_schema.name)) {
      return problem("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name');
    }
    return undefined;
  }
  return problem(`Invalid value: '${format.type}'. Supported values are: 'json_object', 'json_schema', and 'text'.`, 'response_format.type');
}
