// @ts-check
/**
 * A loopback server that speaks the Anthropic Messages API: POST /v1/messages with x-api-key and
 * anthropic-version checked, `message` JSON, and the real event stream (message_start,
 * content_block_start, ping, content_block_delta/text_delta, content_block_stop, message_delta with
 * usage, message_stop). Errors use `{"type":"error","error":{"type","message"}}`; a stream can fail
 * mid-way with `event: error` (overloaded_error), as the real API does under load.
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
 * @property {string} [model]
 * @property {string} [stopReason]       default end_turn
 * @property {{ input_tokens: number, output_tokens: number }} [usage]
 * @property {'\n' | '\r\n' | '\r'} [lineEnding]
 * @property {boolean} [comments]
 * @property {number} [splitBytes]
 * @property {boolean} [multiLineData]
 */

/**
 * @typedef {object} AnthropicMockOptions
 * @property {string} [host]
 * @property {number} [port]
 * @property {string} [apiKey]   when set, x-api-key must equal it
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

      const apiKey = req.headers['x-api-key'];
      if (typeof apiKey !== 'string' || apiKey === '') return sendError(res, 401, 'authentication_error', 'x-api-key header is required');
      if (options.apiKey !== undefined && apiKey !== options.apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
      if (!req.headers['anthropic-version']) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
      const body = record.body;
      if (typeof body !== 'object' || body === null) return sendError(res, 400, 'invalid_request_error', 'There was an issue with your request body: invalid JSON');
      if (typeof body.model !== 'string') return sendError(res, 400, 'invalid_request_error', 'model: Field required');
      if (typeof body.max_tokens !== 'number') return sendError(res, 400, 'invalid_request_error', 'max_tokens: Field required');
      if (!Array.isArray(body.messages) || body.messages.length === 0) return sendError(res, 400, 'invalid_request_error', 'messages: Field required');
      const badRole = body.messages.find((/** @type {any} */ m) => m?.role !== 'user' && m?.role !== 'assistant');
      if (badRole) {
        return sendError(res, 400, 'invalid_request_error', `messages: Unexpected role "${badRole?.role}". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`);
      }

      const lastUser = [...body.messages].reverse().find((m) => m.role === 'user');
      const reply = behavior.reply ?? replyFor(contentText(lastUser?.content));
      const promptText = [typeof body.system === 'string' ? body.system : '', ...body.messages.map((/** @type {any} */ m) => contentText(m.content))].join(' ');
      const usage = behavior.usage ?? { input_tokens: countTokens(promptText), output_tokens: countTokens(reply) };
      seq += 1;
      const id = `msg_mock${seq}`;
      const model = behavior.model ?? body.model;
      const stopReason = behavior.stopReason ?? 'end_turn';

      if (body.stream !== true) {
        const message = {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [{ type: 'text', text: reply }],
          stop_reason: stopReason,
          stop_sequence: null,
          usage: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
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

      if (!(await send('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } }))) return;
      if (!(await send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }))) return;
      if (!behavior.omitPing && !(await send('ping', {}))) return;
      const pieces = replyPieces(reply, behavior.chunks);
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
      if (!(await send('content_block_stop', { index: 0 }))) return;
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

/** Message content is a string or a list of blocks. @param {unknown} content */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (b && typeof b.text === 'string' ? b.text : '')).join('');
  return '';
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
