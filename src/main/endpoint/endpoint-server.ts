import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { serializeError, SwitchyardError, type SerializedError } from '../../shared/errors';
import { nullLogger, type Logger } from '../logging/logger';
import { allowedHosts, checkHostAndOrigin, isLoopbackHost, readBody, tokenMatches } from '../security/request-guard';
import { errorBody, httpStatusOf, retryHeaders, type WireApi } from './wire-errors';

/**
 * The local endpoint's HTTP side: loopback by default, every request checked for one of our Host names and
 * (when a browser sends one) our Origin, then for the local key (`Authorization: Bearer` or `x-api-key`),
 * then counted against the cap on requests in flight. What a request means is the handler's business.
 */

export interface EndpointRoute {
  api: WireApi;
  /** Runs the request; the server has checked access and read the body. */
  run(exchange: Exchange): Promise<void>;
  /** GET routes take no body. */
  method: 'GET' | 'POST';
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  body: unknown;
  fail(error: SerializedError | SwitchyardError): void;
}

export interface EndpointServerOptions {
  host: string;
  port: number;
  allowRemote: boolean;
  key: () => string;
  maxInFlight: () => number;
  route(method: string, path: string, req: IncomingMessage): EndpointRoute | undefined;
  logger?: Logger;
  /** Inline images make chat bodies large; 32 MiB holds several. */
  maxBodyBytes?: number;
}

export interface EndpointServer {
  readonly host: string;
  readonly port: number;
  /** The OpenAI base URL; the Anthropic one is the same without `/v1`. */
  readonly url: string;
  readonly inFlight: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startEndpointServer(options: EndpointServerOptions): Promise<EndpointServer> {
  if (!isLoopbackHost(options.host) && !options.allowRemote) {
    throw new SwitchyardError('VALIDATION_FAILED', `refusing to listen on ${options.host}: not a loopback address (set endpoint.allow_remote to insist)`, {
      details: { field: 'endpoint.host' },
    });
  }
  const logger = options.logger ?? nullLogger;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let allowed = new Set<string>();
  let inFlight = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.log('error', 'endpoint.request_failed', { error: String(error) });
      if (!res.headersSent) sendError(res, 'openai', serializeError(error));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const api: WireApi = /\/messages(\/|$)/.test(path) ? 'anthropic' : 'openai';
    const denied = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, allowed);
    if (denied) return refuse(req, res, api, 403, `${denied.message}: the endpoint answers only to its own address`);
    if (req.method === 'GET' && (path === '/' || path === '/v1' || path === '/v1/')) {
      return sendJson(res, 200, { service: 'switchyard', openai: '/v1', anthropic: '/v1/messages' });
    }
    const route = options.route(req.method ?? 'GET', path, req);
    if (!route) return refuse(req, res, api, 404, `no such endpoint: ${req.method} ${path} (Switchyard serves /v1/chat/completions, /v1/messages and /v1/models)`);
    if (!tokenMatches(options.key(), presentedKey(req))) {
      return refuse(req, res, route.api, 401, 'missing or wrong key: use the local key Switchyard shows in Settings → Local endpoint (as the API key)', 'UNAUTHORIZED');
    }
    if (inFlight >= options.maxInFlight()) {
      const limit = options.maxInFlight();
      return refuse(req, res, route.api, 429, `Too many requests in flight: the endpoint takes ${limit} at once; try again shortly`, 'RATE_LIMITED', { retryAfterMs: 1000, limit });
    }
    let body: unknown;
    if (route.method === 'POST') {
      const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && !type.endsWith('+json')) return refuse(req, res, route.api, 415, `the body must be application/json, not ${type}`, 'INVALID_REQUEST');
      const text = await readBody(req, maxBody);
      if (text === 'too-large') return refuse(req, res, route.api, 413, `the request body is larger than ${maxBody} bytes`, 'INVALID_REQUEST', { tooLarge: true, limit: maxBody });
      try {
        body = JSON.parse(text);
      } catch {
        return refuse(req, res, route.api, 400, 'the request body is not valid JSON', 'INVALID_REQUEST', { field: 'body' });
      }
    }
    inFlight++;
    try {
      await route.run({
        req,
        res,
        path,
        body,
        fail: (error) => sendError(res, route.api, serializeError(error)),
      });
    } finally {
      inFlight--;
    }
  }

  function refuse(req: IncomingMessage, res: ServerResponse, api: WireApi, status: number, message: string, code: SerializedError['code'] = 'UNAUTHORIZED', details?: Record<string, unknown>): void {
    req.resume();
    const error: SerializedError = { code, message, retryable: status === 429, ...(details ? { details } : {}) };
    sendError(res, api, error, status);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A burst of clients (1,000 streams at once) must not overflow the default backlog of 511.
    server.listen({ port: options.port, host: options.host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowed = hostsFor(options.host, port);
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    host: options.host,
    port,
    url: `http://${urlHost}:${port}/v1`,
    get inFlight() {
      return inFlight;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The key as the OpenAI SDK sends it (`Authorization: Bearer`) or as Anthropic's does (`x-api-key`). */
function presentedKey(req: IncomingMessage): string | undefined {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const auth = req.headers.authorization;
  return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
}

/** A wildcard bind answers to this machine's names and addresses too (the key still guards it). */
function hostsFor(host: string, port: number): Set<string> {
  const allowed = allowedHosts(host, port);
  if (host === '0.0.0.0' || host === '::') {
    const names = [hostname(), ...Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => (a.family === 'IPv6' ? `[${a.address}]` : a.address)))];
    for (const name of names) allowed.add(`${name}:${port}`.toLowerCase());
  }
  return allowed;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, api: WireApi, error: SerializedError, status = httpStatusOf(error)): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, errorBody(api, error, status), retryHeaders(error));
}
