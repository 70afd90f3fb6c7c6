// @ts-check
/**
 * The checks Anthropic's Messages API makes on a request body — unknown fields, content blocks, images,
 * tool definitions, tool choice, and the pairing of tool_use with tool_result — worded as its own
 * invalid_request_error messages, so a client's translation mistakes fail here as they would there.
 */

/** Top-level fields of POST /v1/messages (anything else: "Extra inputs are not permitted"). */
const FIELDS = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier', 'container', 'mcp_servers', 'output_config', 'context_management',
  'cache_control', 'inference_geo', 'speed', 'diagnostics',
]);
const MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/**
 * @param {Record<string, any>} body
 * @returns {string | undefined} the error message, if the API would refuse the body
 */
export function checkAnthropicRequest(body) {
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) return `${key}: Extra inputs are not permitted`;
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) return 'temperature: Input should be less than or equal to 1';
  if (body.metadata !== undefined) {
    for (const key of Object.keys(body.metadata ?? {})) if (key !== 'user_id') return `metadata.${key}: Extra inputs are not permitted`;
  }
  if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || body.stop_sequences.some((/** @type {unknown} */ s) => typeof s !== 'string'))) {
    return 'stop_sequences: Input should be a valid list';
  }
  return checkTools(body) ?? checkMessages(body.messages);
}

/** @param {Record<string, any>} body @returns {string | undefined} */
function checkTools(body) {
  const tools = body.tools ?? [];
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  for (const [i, tool] of tools.entries()) {
    if (typeof tool?.name !== 'string' || !NAME.test(tool.name)) return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    if (typeof tool.input_schema !== 'object' || tool.input_schema === null) return `tools.${i}.custom.input_schema: Field required`;
    if (tool.input_schema.type !== 'object') return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
    for (const key of Object.keys(tool)) {
      if (!['name', 'description', 'input_schema', 'strict', 'cache_control', 'type', 'input_examples'].includes(key)) return `tools.${i}.custom.${key}: Extra inputs are not permitted`;
    }
  }
  const choice = body.tool_choice;
  if (choice === undefined) return undefined;
  if (tools.length === 0 && choice.type !== 'none') return 'tool_choice: tool_choice may only be specified while providing tools.';
  if (!['auto', 'any', 'tool', 'none'].includes(choice?.type)) return "tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'";
  if (choice.type === 'tool' && !tools.some((/** @type {any} */ t) => t.name === choice.name)) return `tool_choice.tool.name: Tool '${choice.name}' not found in provided tools`;
  return undefined;
}

/** @param {any[]} messages @returns {string | undefined} */
function checkMessages(messages) {
  /** @type {string[]} */
  let pending = [];
  for (const [i, m] of messages.entries()) {
    if (m?.role !== 'user' && m?.role !== 'assistant') {
      return `messages: Unexpected role "${m?.role}". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`;
    }
    const blocks = typeof m.content === 'string' ? [] : m.content;
    if (!Array.isArray(blocks)) return `messages.${i}.content: Input should be a valid list`;
    /** @type {string[]} */
    const results = [];
    for (const [j, block] of blocks.entries()) {
      const bad = checkBlock(block, m.role, `messages.${i}.content.${j}`);
      if (bad) return bad;
      if (block.type === 'tool_result') {
        if (j !== results.length) return `messages.${i}.content.${j}: tool_result blocks must come before any other content in a user message`;
        results.push(block.tool_use_id);
      }
    }
    const unexpected = results.filter((id) => !pending.includes(id));
    if (unexpected.length > 0) {
      return `messages.${i}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    const unanswered = pending.filter((id) => !results.includes(id));
    if (unanswered.length > 0) {
      return `messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    pending = m.role === 'assistant' ? blocks.filter((/** @type {any} */ b) => b.type === 'tool_use').map((/** @type {any} */ b) => b.id) : [];
  }
  if (pending.length > 0) return `messages.${messages.length - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${pending.join(', ')}.`;
  return undefined;
}

/** @param {any} block @param {string} role @param {string} at @returns {string | undefined} */
function checkBlock(block, role, at) {
  switch (block?.type) {
    case 'text':
      return typeof block.text === 'string' && block.text !== '' ? undefined : `${at}.text: text content blocks must be non-empty`;
    case 'image': {
      const source = block.source;
      if (role !== 'user') return `${at}: image blocks are only allowed in user messages`;
      if (source?.type === 'url') return typeof source.url === 'string' && /^https?:\/\//.test(source.url) ? undefined : `${at}.image.source.url.url: Input should be a valid URL`;
      if (source?.type !== 'base64') return `${at}.image.source: Input tag '${source?.type}' found using 'type' does not match any of the expected tags: 'base64', 'url'`;
      if (!MEDIA_TYPES.has(source.media_type)) return `${at}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
      return typeof source.data === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(source.data) ? undefined : `${at}.image.source.base64.data: The image data is not valid base64`;
    }
    case 'tool_use':
      if (role !== 'assistant') return `${at}: tool_use blocks are only allowed in assistant messages`;
      return typeof block.id === 'string' && typeof block.name === 'string' && typeof block.input === 'object' && block.input !== null && !Array.isArray(block.input)
        ? undefined
        : `${at}.tool_use.input: Input should be a valid dictionary`;
    case 'tool_result':
      if (role !== 'user') return `${at}: tool_result blocks are only allowed in user messages`;
      return typeof block.tool_use_id === 'string' ? undefined : `${at}.tool_result.tool_use_id: Field required`;
    default:
      return `${at}: Input tag '${block?.type}' found using 'type' does not match any of the expected tags`;
  }
}
