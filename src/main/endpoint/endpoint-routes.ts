import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ChatRequest, ChatResponse, StreamPart } from '../../shared/chat';
import { serializeError } from '../../shared/errors';
import type { TrafficClient } from '../../shared/traffic';
import type { ApiServices } from '../api/api-services';
import type { ChatOrigin } from '../api/chat-service';
import { abortWhenClientLeaves, connectionClosed } from '../http/client-gone';
import { chatRequestFromAnthropic } from './anthropic-inbound';
import { anthropicMessage, AnthropicStreamEncoder } from './anthropic-outbound';
import { sendError, sendJson, type EndpointRoute, type Exchange } from './endpoint-server';
import { listModels, resolveModel } from './model-names';
import { chatRequestFromOpenAI } from './openai-inbound';
import { openAICompletion, OpenAIStreamEncoder } from './openai-outbound';
import { httpStatusOf, type WireApi } from './wire-errors';

/**
 * What each endpoint path does. Chats go through the API's chat service — the same way in as the playground,
 * so the active mode, its retries and fallbacks, the route trace and the Traffic log all apply — marked as
 * an outside client's (never in history).
 */

export type EndpointServices = Pick<ApiServices, 'chat' | 'runtime' | 'redact'>;

/** Stops reading from the router once a client has this much unread: it is not keeping up. */
const MAX_UNREAD_BYTES = 8 * 1024 * 1024;

export function endpointRouter(services: EndpointServices): (method: string, path: string) => EndpointRoute | undefined {
  const chat = (api: WireApi): EndpointRoute => ({ api, method: 'POST', run: (exchange) => runChat(services, api, exchange) });
  const routes: Record<string, EndpointRoute> = {
    'POST /v1/chat/completions': chat('openai'),
    'POST /chat/completions': chat('openai'),
    'POST /v1/messages': chat('anthropic'),
    'GET /v1/models': { api: 'openai', method: 'GET', run: async (x) => sendJson(x.res, 200, modelList(services, x.req)) },
    'GET /models': { api: 'openai', method: 'GET', run: async (x) => sendJson(x.res, 200, modelList(services, x.req)) },
  };
  const retrieve: EndpointRoute = { api: 'openai', method: 'GET', run: async (x) => retrieveModel(services, x) };
  return (method, path) => routes[`${method} ${path}`] ?? (method === 'GET' && /^\/(v1\/)?models\/.+/.test(path) ? retrieve : undefined);
}

function aliases(services: EndpointServices): Record<string, string> {
  return services.runtime.file().endpoint.aliases;
}

/** OpenAI's list shape; Anthropic's when the client says it speaks Anthropic's API (`anthropic-version`). */
function modelList(services: EndpointServices, req: IncomingMessage): unknown {
  const models = listModels(services.runtime.get(), aliases(services));
  if (req.headers['anthropic-version'] !== undefined) {
    const data = models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: '1970-01-01T00:00:00Z' }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  return { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.ownedBy, ...(m.target ? { target: m.target } : {}) })) };
}

async function retrieveModel(services: EndpointServices, x: Exchange): Promise<void> {
  const id = decodeURIComponent(x.path.replace(/^\/(v1\/)?models\//, ''));
  const model = listModels(services.runtime.get(), aliases(services)).find((m) => m.id === id);
  if (!model) return x.fail({ code: 'NOT_FOUND', message: `The model '${id}' does not exist (GET /v1/models lists them)`, retryable: false, details: { field: 'model' } });
  sendJson(x.res, 200, { id: model.id, object: 'model', created: 0, owned_by: model.ownedBy });
}

async function runChat(services: EndpointServices, api: WireApi, x: Exchange): Promise<void> {
  let request: ChatRequest;
  let stream: boolean;
  let includeUsage = false;
  try {
    if (api === 'openai') ({ request, stream, includeUsage } = chatRequestFromOpenAI(x.body));
    else ({ request, stream } = chatRequestFromAnthropic(x.body));
    const target = resolveModel(request.model, services.runtime.get(), aliases(services));
    if (target) request = { ...request, provider: target.provider, model: target.model };
    else delete request.model;
  } catch (error) {
    return x.fail(serializeError(error));
  }
  const created = Math.floor(Date.now() / 1000);
  // Built once: for the client and for the Traffic log.
  let reply: { response: ChatResponse; body: unknown } | undefined;
  const origin: ChatOrigin = {
    client: clientOf(api, x),
    requestBody: x.body,
    responseBody: (response) => {
      if (reply?.response !== response) reply = { response, body: api === 'openai' ? openAICompletion(response, created) : anthropicMessage(response) };
      return reply.body;
    },
    httpStatus: httpStatusOf,
  };
  const input = { request, ephemeral: true };
  if (!stream) {
    // The client going away (its connection closing) cancels the upstream request.
    const gone = connectionClosed(x.req.socket);
    try {
      const { response } = await services.chat.send(input, gone, origin);
      sendJson(x.res, 200, origin.responseBody(response), { 'x-switchyard-provider': response.provider, 'x-switchyard-route': response.trace.servedBy });
    } catch (error) {
      // Errors leave as the playground's do: with every key value Switchyard knows scrubbed.
      if (!gone.aborted) x.fail(services.redact(serializeError(error)));
    }
    return;
  }
  const id = api === 'openai' ? `chatcmpl-${randomBytes(12).toString('hex')}` : `msg_${randomBytes(12).toString('hex')}`;
  const encoder = api === 'openai' ? new OpenAIStreamEncoder(id, created, includeUsage) : new AnthropicStreamEncoder(id);
  // Aborted when the client goes away before the answer is complete, or stops reading.
  const abandon = abortWhenClientLeaves(x.res);
  let open = false;
  const sink = (part: StreamPart): void => {
    if (x.res.destroyed) return;
    // Nothing is sent before the first token, so a failure before it still gets its own status (a 429
    // with Retry-After the client's SDK can wait on) rather than a 200 with an error inside.
    if (!open) {
      if (part.type === 'start') return void encoder.encode(part);
      if (part.type === 'error') return sendError(x.res, api, part.error);
      open = true;
      x.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    }
    const text = encoder.encode(part);
    if (text !== '') x.res.write(text);
    if (part.type === 'finish' || part.type === 'error') x.res.end();
    else if (x.res.writableLength > MAX_UNREAD_BYTES) abandon.abort();
  };
  await services.chat.stream(input, sink, abandon.signal, origin).catch((error: unknown) => {
    if (!open) x.fail(services.redact(serializeError(error)));
    else x.res.destroy();
  });
  if (!x.res.writableEnded && !x.res.destroyed) {
    // Cancelled (the client left, or stopped reading): nothing more to say.
    x.res.destroy();
  }
}

function clientOf(api: WireApi, x: Exchange): TrafficClient {
  const client: TrafficClient = { api, path: x.path };
  const agent = x.req.headers['user-agent'];
  if (typeof agent === 'string' && agent !== '') client.userAgent = agent.slice(0, 300);
  if (x.req.socket.remoteAddress) client.remote = x.req.socket.remoteAddress;
  return client;
}
