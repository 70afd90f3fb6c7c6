// @ts-check
/**
 * A loopback server that speaks OpenAI chat completions (non-streaming JSON and SSE streaming, with the
 * usage chunk and `[DONE]`), with tools (tool calls streamed as indexed fragments), image parts and JSON
 * output checked and answered as the real API does, errors in OpenAI's own shape, and per-request
 * scripts to misbehave: slow headers, slow chunks, status sequences, malformed chunks, dropped
 * connections, SSE bytes split anywhere, CRLF, comment lines.
 *
 *   const mock = await startOpenAIMock();            // mock.url === 'http://127.0.0.1:PORT/v1'
 *   mock.behave([{ status: 503 }, { status: 503 }, {}]);  // two failures then a normal reply
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
import { checkOpenAIRequest } from './openai-request-checks.mjs';
import { contentText, jsonPieces, sampleFor } from './sample-json.mjs';

/**
 * @typedef {object} OpenAIBehavior
 * @property {string} [reply]            assistant text (default: echoes the last user message)
 * @property {number | string[]} [chunks] stream the reply in this many pieces, or exactly these pieces (default: one per word)
 * @property {number} [chunkDelayMs]     wait before each streamed content chunk
 * @property {number} [headersDelayMs]   wait before sending the status line and headers
 * @property {number} [bodyDelayMs]      non-streaming: wait after the headers before the body
 * @property {number} [status]           answer with this status; >= 400 sends an OpenAI error body
 * @property {string} [errorMessage]
 * @property {string} [errorType]
 * @property {string | null} [errorCode]
 * @property {string | number} [retryAfter] Retry-After header value (seconds or an HTTP date)
 * @property {string} [rawBody]          send exactly this body (status defaults to 200)
 * @property {string} [contentType]      content type for rawBody
 * @property {number} [malformedChunkAt] streamed content chunk at this index is replaced by `malformedChunk`
 * @property {string} [malformedChunk]   default: `{"id": broken`
 * @property {number} [dropAfterChunks]  destroy the socket after this many content chunks
 * @property {number} [holdAfterChunks]  after this many content chunks, wait for `release` before the rest
 * @property {Promise<unknown>} [release] ends a hold (a test keeps a reply in flight until it has looked)
 * @property {boolean} [hang]            never answer (the socket stays open)
 * @property {boolean} [reset]           cut the connection (TCP RST) before any answer
 * @property {boolean} [omitDone]        end the stream without `data: [DONE]`
 * @property {string} [model]            model reported back (default: the requested one)
 * @property {string} [finishReason]     default 'stop'
 * @property {{ prompt_tokens: number, completion_tokens: number }} [usage]
 * @property {number} [cachedTokens]     prompt tokens reported as read from the prompt cache
 * @property {{ name: string, arguments?: string | object, id?: string }[]} [toolCalls] answer with these tool calls
 *   (finish_reason tool_calls); without it, tool_choice 'required' or a named function calls a tool with
 *   arguments made from its schema
 * @property {number} [toolChunks]       stream each call's arguments in this many pieces (default 3)
 * @property {number} [holdAfterToolChunks] after this many argument pieces (all calls counted), wait for `release`
 * @property {Record<string, string>} [headers] extra response headers
 * @property {'\n' | '\r\n' | '\r'} [lineEnding]
 * @property {boolean} [comments]
 * @property {number} [splitBytes]
 * @property {boolean} [multiLineData]
 */

/**
 * @typedef {object} OpenAIMockOptions
 * @property {string} [host]      default 127.0.0.1
 * @property {number} [port]      default 0 (any free port)
 * @property {number} [backlog]   listen backlog (default 511)
 * @property {string} [apiKey]    when set, requests must carry `Authorization: Bearer <apiKey>`
 * @property {string[]} [models]  when set, other models answer 404 model_not_found
 * @property {(text: string) => string} [replyFor] default reply from the last user message, or the tool results that end
 *   the conversation (default: that text)
 */

/**
 * @typedef {import('./mock-http.mjs').MockServerHandle & {
 *   url: string,
 *   behave: (spec: OpenAIBehavior | OpenAIBehavior[] | ((record: import('./mock-http.mjs').RecordedRequest) => OpenAIBehavior | undefined) | null | undefined) => void,
 *   chatRequests: () => import('./mock-http.mjs').RecordedRequest[],
 * }} OpenAIMock
 */

const DEFAULT_MODELS = ['gpt-4o-mock', 'gpt-4o-mini-mock'];

/** Messages and types the real API uses for these statuses. */
const ERROR_DEFAULTS = /** @type {Record<number, { message: string, type: string, code: string | null }>} */ ({
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to sample from this model', type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  408: { message: 'Request timed out.', type: 'timeout', code: null },
  409: { message: 'Conflict.', type: 'invalid_request_error', code: null },
  429: { message: 'Rate limit reached for requests. Please try again in 1s.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
});

/** @param {OpenAIMockOptions} [options] @returns {Promise<OpenAIMock>} */
export async function startOpenAIMock(options = {}) {
  /** @type {BehaviorScript<OpenAIBehavior>} */
  const script = new BehaviorScript();
  const models = options.models ?? DEFAULT_MODELS;
  const replyFor = options.replyFor ?? ((text) => text);
  let completionSeq = 0;

  const server = await startRecordingServer({
    host: options.host,
    port: options.port,
    backlog: options.backlog,
    async handle(req, res, record) {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/v1/models') {
        // The real API wants the key for the model list too.
        if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
          return sendError(res, 401, /** @type {{ message: string, type: string, code: string | null }} */ (ERROR_DEFAULTS[401]));
        }
        return sendJson(res, 200, {
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'mock' })),
        });
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        return sendError(res, 404, { message: `Invalid URL (${req.method} ${path})`, type: 'invalid_request_error', code: null });
      }

      const behavior = script.next(record);
      if (!(await holdBeforeHeaders(res, behavior))) return;
      const extraHeaders = { 'x-request-id': `req_mock_${record.index}`, ...(behavior.headers ?? {}) };

      if (behavior.rawBody !== undefined) return sendRawBody(res, behavior, extraHeaders);
      if (behavior.status !== undefined && behavior.status >= 400) {
        const base = ERROR_DEFAULTS[behavior.status] ?? { message: `Error ${behavior.status}`, type: 'server_error', code: null };
        /** @type {Record<string, string>} */
        const headers = { ...extraHeaders };
        if (behavior.retryAfter !== undefined) headers['retry-after'] = String(behavior.retryAfter);
        return sendError(
          res,
          behavior.status,
          {
            message: behavior.errorMessage ?? base.message,
            type: behavior.errorType ?? base.type,
            code: behavior.errorCode !== undefined ? behavior.errorCode : base.code,
          },
          headers,
        );
      }

      // Validate the way the real API does, so a client bug shows up as the error a user would get.
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        if (!req.headers.authorization) {
          return sendError(res, 401, { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", type: 'invalid_request_error', code: null });
        }
        return sendError(res, 401, /** @type {{ message: string, type: string, code: string | null }} */ (ERROR_DEFAULTS[401]));
      }
      const body = record.body;
      if (typeof body !== 'object' || body === null) {
        return sendError(res, 400, { message: 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)', type: 'invalid_request_error', code: null });
      }
      if (typeof body.model !== 'string' || body.model === '') {
        return sendError(res, 400, { message: 'you must provide a model parameter', type: 'invalid_request_error', code: null });
      }
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        return sendError(res, 400, { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' });
      }
      if (options.models !== undefined && !models.includes(body.model)) {
        return sendError(res, 404, { message: `The model \`${body.model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' });
      }
      const invalid = checkOpenAIRequest(body);
      if (invalid) return sendError(res, 400, { type: 'invalid_request_error', ...invalid, code: invalid.code ?? null });

      const lastText = lastTurnText(body.messages);
      const toolCalls = toolCallsFor(behavior, body, lastText);
      const reply = behavior.reply ?? (toolCalls.length > 0 ? '' : jsonReply(body.response_format, lastText) ?? replyFor(lastText));
      const promptText = body.messages.map((/** @type {any} */ m) => contentText(m?.content)).join(' ');
      const usage = behavior.usage ?? { prompt_tokens: countTokens(promptText), completion_tokens: countTokens(reply) + toolCalls.length * 10 };
      completionSeq += 1;
      const common = {
        id: `chatcmpl-mock${completionSeq}`,
        created: 1_700_000_000 + completionSeq,
        model: behavior.model ?? body.model,
        system_fingerprint: 'fp_mock',
      };
      const finishReason = behavior.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
      // The real API always itemises usage this way.
      const totalUsage = {
        ...usage,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
        prompt_tokens_details: { cached_tokens: behavior.cachedTokens ?? 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      };

      if (body.stream !== true) {
        res.writeHead(behavior.status ?? 200, { 'content-type': 'application/json', ...extraHeaders });
        if (behavior.bodyDelayMs) {
          res.flushHeaders();
          await sleep(behavior.bodyDelayMs);
        }
        res.end(
          JSON.stringify({
            ...common,
            object: 'chat.completion',
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: reply === '' && toolCalls.length > 0 ? null : reply,
                  refusal: null,
                  annotations: [],
                  ...(toolCalls.length > 0 ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) } : {}),
                },
                logprobs: null,
                finish_reason: finishReason,
              },
            ],
            usage: totalUsage,
          }),
        );
        return;
      }

      const includeUsage = body.stream_options?.include_usage === true;
      const wire = sseWireOptions(behavior);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...extraHeaders });
      res.flushHeaders();
      /** @param {object} choiceFields @param {object} [extra] */
      const chunk = (choiceFields, extra = {}) =>
        JSON.stringify({
          ...common,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, logprobs: null, finish_reason: null, ...choiceFields }],
          ...(includeUsage ? { usage: null } : {}),
          ...extra,
        });

      const toolOnly = reply === '' && toolCalls.length > 0;
      if (!(await writeSseEvent(res, { data: chunk({ delta: { role: 'assistant', content: toolOnly ? null : '', refusal: null } }) }, wire))) return;
      const pieces = toolOnly ? [] : replyPieces(reply, behavior.chunks);
      for (let i = 0; i < pieces.length; i++) {
        if (behavior.dropAfterChunks !== undefined && i >= behavior.dropAfterChunks) {
          await dropConnection(res);
          return;
        }
        if (behavior.chunkDelayMs) await sleep(behavior.chunkDelayMs);
        if (i === behavior.holdAfterChunks) await behavior.release;
        const data = i === behavior.malformedChunkAt ? (behavior.malformedChunk ?? '{"id": broken') : chunk({ delta: { content: pieces[i] } });
        if (!(await writeSseEvent(res, { data }, wire))) return;
      }
      // Each call: its id, type and name with empty arguments, then the arguments in pieces, by index.
      let argumentPieces = 0;
      for (const [index, call] of toolCalls.entries()) {
        const header = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
        if (!(await writeSseEvent(res, { data: chunk({ delta: { tool_calls: [header] } }) }, wire))) return;
        for (const piece of jsonPieces(call.arguments, behavior.toolChunks ?? 3)) {
          if (behavior.chunkDelayMs) await sleep(behavior.chunkDelayMs);
          if (argumentPieces++ === behavior.holdAfterToolChunks) await behavior.release;
          if (!(await writeSseEvent(res, { data: chunk({ delta: { tool_calls: [{ index, function: { arguments: piece } }] } }) }, wire))) return;
        }
      }
      if (behavior.dropAfterChunks !== undefined && behavior.dropAfterChunks >= pieces.length) {
        await dropConnection(res);
        return;
      }
      if (!(await writeSseEvent(res, { data: chunk({ delta: {}, finish_reason: finishReason }) }, wire))) return;
      if (includeUsage) {
        const usageChunk = JSON.stringify({ ...common, object: 'chat.completion.chunk', choices: [], usage: totalUsage });
        if (!(await writeSseEvent(res, { data: usageChunk }, wire))) return;
      }
      if (!behavior.omitDone && !(await writeSseEvent(res, { data: '[DONE]' }, wire))) return;
      res.end();
    },
  });

  return {
    ...server,
    url: `${server.origin}/v1`,
    behave: (spec) => script.set(spec),
    chatRequests: () => server.requests.filter((r) => r.path.startsWith('/v1/chat/completions')),
  };
}

/**
 * The calls to answer with: the scripted ones, else — when tool_choice demands a call — the demanded (or
 * first) tool, with arguments made from its parameters schema.
 * @param {OpenAIBehavior} behavior @param {Record<string, any>} body @param {string} text
 * @returns {{ id: string, name: string, arguments: string }[]}
 */
function toolCallsFor(behavior, body, text) {
  const id = (/** @type {number} */ i) => `call_mock${String(i).padStart(3, '0')}${Math.random().toString(36).slice(2, 10)}`;
  if (behavior.toolCalls) {
    return behavior.toolCalls.map((c, i) => ({ id: c.id ?? id(i), name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) }));
  }
  const choice = body.tool_choice;
  if (!Array.isArray(body.tools) || body.tools.length === 0 || !(choice === 'required' || typeof choice === 'object')) return [];
  const name = typeof choice === 'object' ? choice.function.name : body.tools[0].function.name;
  const tool = body.tools.find((/** @type {any} */ t) => t.function.name === name);
  return [{ id: id(0), name, arguments: JSON.stringify(sampleFor(tool?.function.parameters ?? { type: 'object' }, text)) }];
}

/**
 * What the caller said last: the tool results that end the conversation (joined), else the last user message.
 * @param {any[]} messages
 */
function lastTurnText(messages) {
  /** @type {string[]} */
  const results = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--) results.unshift(contentText(messages[i].content));
  if (results.length > 0) return results.join(' ');
  return contentText([...messages].reverse().find((m) => m?.role === 'user')?.content);
}

/**
 * JSON output when response_format asks for it: a value fitting the schema, or `{"echo": text}`.
 * @param {any} format @param {string} text @returns {string | undefined}
 */
function jsonReply(format, text) {
  if (format?.type === 'json_schema') return JSON.stringify(sampleFor(format.json_schema.schema, text));
  if (format?.type === 'json_object') return JSON.stringify({ echo: text });
  return undefined;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * OpenAI's error envelope: `{"error":{"message","type","param","code"}}`.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {{ message: string, type: string, code: string | null, param?: string | null }} error
 * @param {Record<string, string>} [headers]
 */
function sendError(res, status, error, headers = {}) {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } }, headers);
}
