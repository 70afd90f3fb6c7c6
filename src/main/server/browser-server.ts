import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { MAX_REQUEST_BYTES, TOKEN_HEADER, type Envelope } from '../../shared/api-transport';
import { serializeError, SwitchyardError, type ErrorCode, type SerializedError } from '../../shared/errors';
import type { ApiCore } from '../api/api-core';
import { connectionClosed } from '../http/client-gone';
import { nullLogger, type Logger } from '../logging/logger';
import { contentSecurityPolicy } from '../security/content-security-policy';
import { allowedHosts, checkHostAndOrigin, isLoopbackHost, readBody, tokenMatches } from '../security/request-guard';
import { serveStatic } from './static-files';
import { attachWsSession } from './ws-session';

/**
 * Browser mode: the built renderer and the API on one loopback HTTP server.
 * - `POST /api/<method>` with a JSON body (the method's argument) → `{result}` or `{error}`;
 * - `GET /ws?token=...` upgrades to the WebSocket carrying events and chat streams;
 * - everything else serves out/renderer.
 * API calls need the session token (401 without it); every request needs one of our Host names and, when
 * a browser sends one, one of our Origins (403 otherwise); bodies are capped (413).
 */
export interface BrowserServerOptions {
  core: ApiCore;
  token: string;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Required to listen on a non-loopback address: the API would be reachable from the network. */
  allowRemote?: boolean;
  maxBodyBytes?: number;
  logger?: Logger;
}

export interface BrowserServer {
  readonly port: number;
  readonly host: string;
  /** The URL to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const STATUS_FOR: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  CONFIG_INVALID: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  // 507 Insufficient Storage: the server cannot store what the request needs (disk full, not writable).
  STORAGE_FAILED: 507,
  INTERNAL: 500,
};

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new SwitchyardError('VALIDATION_FAILED', `refusing to listen on ${host}: not a loopback address (pass --allow-remote to insist)`, {
      details: { field: 'host' },
    });
  }
  const logger = options.logger ?? nullLogger;
  const maxBody = options.maxBodyBytes ?? MAX_REQUEST_BYTES;
  let allowed = new Set<string>();

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      logger.log('error', 'server.request_failed', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { error: serializeError(error) });
      else res.destroy();
    });
  });

  const securityHeaders = (): Record<string, string> => ({
    'x-content-type-options': 'nosniff',
    // The page URL carries the token: never send it on as a Referer.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': contentSecurityPolicy('browser', { websocketHosts: [...allowed] }),
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const denied = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, allowed);
    if (denied) return sendJson(res, denied.status, { error: { code: 'UNAUTHORIZED', message: denied.message, retryable: false } });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: apiError('VALIDATION_FAILED', 'method not allowed') });
    return serveStatic(options.staticDir, url.pathname, res, securityHeaders());
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const given = req.headers[TOKEN_HEADER];
    if (!tokenMatches(options.token, Array.isArray(given) ? given[0] : given)) {
      req.resume();
      return sendJson(res, 401, { error: apiError('UNAUTHORIZED', 'missing or wrong session token: open the URL printed by switchyard serve') });
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: apiError('VALIDATION_FAILED', 'API calls are POST') });
    // Exactly application/json (parameters allowed): `application/json-seq` and friends are other formats.
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') {
      req.resume();
      return sendJson(res, 415, { error: apiError('VALIDATION_FAILED', 'the body must be application/json') });
    }
    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      return sendJson(res, 413, { error: apiError('VALIDATION_FAILED', `the request body is larger than ${maxBody} bytes`, { field: '', limit: maxBody }) }, true);
    }
    let args: unknown;
    try {
      args = body.length === 0 ? undefined : JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: apiError('VALIDATION_FAILED', 'the request body is not valid JSON') });
    }
    let name: string;
    try {
      name = decodeURIComponent(method);
    } catch {
      return sendJson(res, 400, { error: apiError('VALIDATION_FAILED', 'the method in the URL is not valid percent-encoding', { field: 'method' }) });
    }
    try {
      // A caller that closes its connection (a page's fetch aborted) cancels the work done for it, a chat's upstream request.
      sendJson(res, 200, { result: await options.core.invoke(name, args, connectionClosed(req.socket)) });
    } catch (error) {
      const serialized = serializeError(error);
      sendJson(res, STATUS_FOR[serialized.code] ?? 502, { error: serialized });
    }
  }

  // Room for the envelope around a maximal argument, which the API core then rejects by name.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody + 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const denied =
      checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, allowed) ??
      (url.pathname !== '/ws' ? { status: 403 as const, message: 'no such endpoint' } : undefined) ??
      (!tokenMatches(options.token, url.searchParams.get('token')) ? { status: 401 as const, message: 'missing or wrong session token' } : undefined);
    if (denied) {
      socket.end(`HTTP/1.1 ${denied.status} ${denied.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachWsSession(ws, options.core, logger));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    port,
    host,
    url: `http://${urlHost}:${port}/?token=${encodeURIComponent(options.token)}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function apiError(code: ErrorCode, message: string, details?: Record<string, unknown>): SerializedError {
  return details ? { code, message, retryable: false, details } : { code, message, retryable: false };
}

function sendJson(res: ServerResponse, status: number, body: Envelope, closeConnection = false): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}
