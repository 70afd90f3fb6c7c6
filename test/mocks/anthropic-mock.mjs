// @ts-check
/**
 * A loopback server that speaks the Anthropic Messages API: POST /v1/messages with x-api-key and
 * anthropic-version checked, the body checked as the API does (unknown fields, content blocks, images,
 * tools, tool_use / tool_result pairing), `message` JSON, and the real event stream (message_start,
 * content_block_start, ping, content_block_delta with text_delta or input_json_delta,
 * content_block_stop, message_delta with usage, message_stop). Errors use
 * `{"type":"error","error":{"type","message"}}`; a stream can fail mid-way with `event: error`
 * (overloaded_error), as the real API does under load.
 *
 *   const mock = await startAnthropicMock({ apiKey: 'sk-ant-test' });   // mock.url === 'http://127.0.0.1:PORT'
 */
import { Buffer } from 'node:buffer';
import {
  BehaviorScript,
  countTokens,
  dropConnection,
  holdBeforeHeaders,
  replyPieces,
  sendRawBody,
  sleep,
  sseWireOptions,
  startRecordingServer,
  writeSseEvent,
} from './mock-http.mjs';
import { checkAnthropicRequest } from './anthropic-request-checks.mjs';
import { contentText, jsonPieces, sampleFor } from './sample-json.mjs';

/**
 * @typedef {object} AnthropicBehavior
 * @property {string} [reply]            assistant text (default: echoes the last user message)
 * @property {number | string[]} [chunks] stream the reply in this many pieces, or exactly these pieces (default: one per word)
 * @property {number} [chunkDelayMs]
 * @property {number} [headersDelayMs]
 * @property {number} [status]           >= 400 sends an Anthropic error body
 * @property {string} [errorType]        e.g. overloaded_error (default from the status)
 * @property {string} [errorMessage]
 * @property {string | number} [retryAfter]
 * @property {string} [rawBody]
 * @property {string} [contentType]
 * @property {number} [errorAfterChunks] send `event: error` (overloaded_error) after this many text deltas, then end
 * @property {number} [dropAfterChunks]  destroy the socket after this many text deltas
 * @property {number} [malformedChunkAt] the text delta at this index carries broken JSON
 * @property {boolean} [omitPing]
 * @property {boolean} [hang]
 * @property {boolean} [reset]  cut the connection (TCP RST) before any answer
 * @property {string} [model]
 * @property {string} [stopReason]       default end_turn
 * @property {{ input_tokens: number, output_tokens: number, cache_read_input_tokens?: number, cache_creation_input_tokens?: number }} [usage]
 * @property {{ name: string, input?: object, id?: string }[]} [toolUses] answer with these tool_use blocks (after
 *   `reply`'s text, if given; stop_reason tool_use); without it, tool_choice any / tool calls a tool with
 *   input made from its schema
 * @property {number} [toolChunks]       stream each tool input in this many input_json_delta pieces (default 3)
 * @property {'\n' | '\r\n' | '\r'} [lineEnding]
 * @property {boolean} [comments]
 * @property {number} [splitBytes]
 * @property {boolean} [multiLineData]
 */

/**
 * @typedef {object} AnthropicMockOptions
 * @property {string} [host]
 * @property {number} [port]
 * @property {string} [apiKey]   when set, x-api-key (or, as the SDK's newer API versions send it, `Authorization: Bearer`) must equal it
 * @property {string[]} [models]  what GET /v1/models lists
 * @property {(text: string) => string} [replyFor]
 */

/**
 * @typedef {import('./mock-http.mjs').MockServerHandle & {
 *   url: string,
 *   behave: (spec: AnthropicBehavior | AnthropicBehavior[] | ((record: import('./mock-http.mjs').RecordedRequest) => AnthropicBehavior | undefined) | null | undefined) => void,
 *   messageRequests: () => import('./mock-http.mjs').RecordedRequest[],
 * }} AnthropicMock
 */

const ERROR_TYPES = /** @type {Record<number, [string, string]>} */ ({
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
});

/** @param {AnthropicMockOptions} [options] @returns {Promise<AnthropicMock>} */
export async function startAnthropicMock(options = {}) {
  /** @type {BehaviorScript<AnthropicBehavior>} */
  const script = new BehaviorScript();
  const replyFor = options.replyFor ?? ((text) => text);
  let seq = 0;

  const server = await startRecordingServer({
    host: options.host,
    port: options.port,
    async handle(req, res, record) {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/v1/models') return listModels(req, res, options);
      if (req.method !== 'POST' || path !== '/v1/messages') {
        return sendError(res, 404, 'not_found_error', `${req.method} ${path} not found`);
      }
      const behavior = script.next(record);
      if (!(await holdBeforeHeaders(res, behavior))) return;
      /** @type {Record<string, string>} */
      const headers = { 'request-id': `req_mock_${record.index}` };
      if (behavior.rawBody !== undefined) return sendRawBody(res, behavior, headers);
      if (behavior.status !== undefined && behavior.status >= 400) {
        const [type, message] = ERROR_TYPES[behavior.status] ?? ['api_error', `Error ${behavior.status}`];
        if (behavior.retryAfter !== undefined) headers['retry-after'] = String(behavior.retryAfter);
        return sendError(res, behavior.status, behavior.errorType ?? type, behavior.errorMessage ?? message, headers);
      }

      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const apiKey = req.headers['x-api-key'] ?? bearer;
      if (typeof apiKey !== 'string' || apiKey === '') return sendError(res, 401, 'authentication_error', 'x-api-key header is required');
      if (options.apiKey !== undefined && apiKey !== options.apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
      if (!req.headers['anthropic-version']) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
      const body = record.body;
      if (typeof body !== 'object' || body === null) return sendError(res, 400, 'invalid_request_error', 'There was an issue with your request body: invalid JSON');
      if (typeof body.model !== 'string') return sendError(res, 400, 'invalid_request_error', 'model: Field required');
      if (typeof body.max_tokens !== 'number') return sendError(res, 400, 'invalid_request_error', 'max_tokens: Field required');
      if (!Array.isArray(body.messages) || body.messages.length === 0) return sendError(res, 400, 'invalid_request_error', 'messages: Field required');
      const invalid = checkAnthropicRequest(body);
      if (invalid) return sendError(res, 400, 'invalid_request_error', invalid);

      const lastUser = [...body.messages].reverse().find((m) => m.role === 'user');
      const lastText = contentText(lastUser?.content);
      const toolUses = toolUsesFor(behavior, body, lastText);
      const reply = behavior.reply ?? (toolUses.length > 0 ? '' : replyFor(lastText));
      const promptText = [typeof body.system === 'string' ? body.system : '', ...body.messages.map((/** @type {any} */ m) => contentText(m.content))].join(' ');
      const usage = { input_tokens: countTokens(promptText), output_tokens: countTokens(reply) + toolUses.length * 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...behavior.usage };
      seq += 1;
      const id = `msg_mock${seq}`;
      const model = behavior.model ?? body.model;
      const stopReason = behavior.stopReason ?? (toolUses.length > 0 ? 'tool_use' : 'end_turn');
      /** @type {object[]} */
      const content = reply === '' && toolUses.length > 0 ? [] : [{ type: 'text', text: reply }];
      for (const use of toolUses) content.push({ type: 'tool_use', id: use.id, name: use.name, input: use.input });

      if (body.stream !== true) {
        const message = {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content,
          stop_reason: stopReason,
          stop_sequence: null,
          usage,
        };
        const text = JSON.stringify(message);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(text);
        return;
      }

      const wire = sseWireOptions(behavior);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
      res.flushHeaders();
      /** @param {string} event @param {object} data */
      const send = (event, data) => writeSseEvent(res, { event, data: JSON.stringify({ type: event, ...data }) }, wire);

      if (!(await send('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }))) return;
      const hasText = content.length > toolUses.length;
      if (hasText && !(await send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }))) return;
      if (!behavior.omitPing && !(await send('ping', {}))) return;
      const pieces = hasText ? replyPieces(reply, behavior.chunks) : [];
      for (let i = 0; i < pieces.length; i++) {
        if (behavior.dropAfterChunks !== undefined && i >= behavior.dropAfterChunks) {
          await dropConnection(res);
          return;
        }
        if (behavior.errorAfterChunks !== undefined && i >= behavior.errorAfterChunks) {
          await send('error', { error: { type: behavior.errorType ?? 'overloaded_error', message: behavior.errorMessage ?? 'Overloaded' } });
          res.end();
          return;
        }
        if (behavior.chunkDelayMs) await sleep(behavior.chunkDelayMs);
        if (i === behavior.malformedChunkAt) {
          if (!(await writeSseEvent(res, { event: 'content_block_delta', data: '{"type":"content_block_delta", broken' }, wire))) return;
          continue;
        }
        if (!(await send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: pieces[i] } }))) return;
      }
      if (behavior.errorAfterChunks !== undefined && behavior.errorAfterChunks >= pieces.length) {
        await send('error', { error: { type: behavior.errorType ?? 'overloaded_error', message: behavior.errorMessage ?? 'Overloaded' } });
        res.end();
        return;
      }
      if (hasText && !(await send('content_block_stop', { index: 0 }))) return;
      // Each tool_use block opens with an empty input, then the input's JSON text in pieces (the first one empty, as the API sends it).
      for (const [k, use] of toolUses.entries()) {
        const index = k + (hasText ? 1 : 0);
        if (!(await send('content_block_start', { index, content_block: { type: 'tool_use', id: use.id, name: use.name, input: {} } }))) return;
        for (const piece of ['', ...jsonPieces(JSON.stringify(use.input), behavior.toolChunks ?? 3)]) {
          if (behavior.chunkDelayMs) await sleep(behavior.chunkDelayMs);
          if (!(await send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }))) return;
        }
        if (!(await send('content_block_stop', { index }))) return;
      }
      if (!(await send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }))) return;
      if (!(await send('message_stop', {}))) return;
      res.end();
    },
  });

  return {
    ...server,
    url: server.origin,
    behave: (spec) => script.set(spec),
    messageRequests: () => server.requests.filter((r) => r.path.startsWith('/v1/messages')),
  };
}

/**
 * The tool_use blocks to answer with: the scripted ones, else — when tool_choice demands a call — the
 * named (or first) tool, with input made from its input schema.
 * @param {AnthropicBehavior} behavior @param {Record<string, any>} body @param {string} text
 * @returns {{ id: string, name: string, input: object }[]}
 */
function toolUsesFor(behavior, body, text) {
  const id = () => `toolu_mock${Math.random().toString(36).slice(2, 14)}`;
  if (behavior.toolUses) return behavior.toolUses.map((u) => ({ id: u.id ?? id(), name: u.name, input: u.input ?? {} }));
  const choice = body.tool_choice;
  if (!Array.isArray(body.tools) || body.tools.length === 0 || (choice?.type !== 'any' && choice?.type !== 'tool')) return [];
  const tool = choice.type === 'tool' ? body.tools.find((/** @type {any} */ t) => t.name === choice.name) : body.tools[0];
  return [{ id: id(), name: tool.name, input: /** @type {object} */ (sampleFor(tool.input_schema, text)) }];
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} type
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
function sendError(res, status, type, message, headers = {}) {
  const text = JSON.stringify({ type: 'error', error: { type, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * `GET /v1/models` as the real API answers it: x-api-key and anthropic-version required, newest first,
 * `{data: [{type, id, display_name, created_at}], has_more, first_id, last_id}`.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {AnthropicMockOptions} options
 */
function listModels(req, res, options) {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey !== 'string' || apiKey === '') return sendError(res, 401, 'authentication_error', 'x-api-key header is required');
  if (options.apiKey !== undefined && apiKey !== options.apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
  if (!req.headers['anthropic-version']) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
  const ids = options.models ?? ['claude-sonnet-4-5', 'claude-haiku-4-5'];
  const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null }));
}
