// @ts-check
/**
 * Plumbing shared by the mock servers: a loopback HTTP server that records every request and counts
 * distinct TCP connections, a per-request behaviour script, and an SSE writer that can mangle the wire
 * (byte splits, CRLF, comment lines, multi-line data) the way real providers and proxies sometimes do.
 * Plain ESM so a container can run it with `node`; JSDoc gives TypeScript tests their types.
 */
import { Buffer } from 'node:buffer';
import { setImmediate } from 'node:timers';
import http from 'node:http';

/**
 * @typedef {object} RecordedRequest
 * @property {number} index        0-based order of arrival
 * @property {string} method
 * @property {string} path         path plus query, as sent
 * @property {http.IncomingHttpHeaders} headers
 * @property {any} body            parsed JSON when the body parses, else the raw string
 * @property {string} rawBody
 * @property {number} connectionId which TCP connection carried it (1-based)
 * @property {'pending' | 'finished' | 'aborted'} outcome  'aborted' when the client went away before the reply ended
 * @property {Promise<'finished' | 'aborted'>} ended        settles when the outcome is known
 */

/**
 * @typedef {object} MockServerHandle
 * @property {string} origin         http://127.0.0.1:PORT
 * @property {number} port
 * @property {RecordedRequest[]} requests
 * @property {() => number} connectionCount   distinct TCP connections accepted so far
 * @property {() => number} openConnectionCount
 * @property {() => Promise<void>} close       closes the server and destroys every socket
 */

/**
 * @param {{ host?: string, port?: number, backlog?: number,
 *   handle: (req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest) => Promise<void> | void }} options
 * @returns {Promise<MockServerHandle>}
 */
export async function startRecordingServer(options) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {WeakMap<import('node:net').Socket, number>} */
  const socketIds = new WeakMap();
  let connections = 0;

  const server = http.createServer(async (req, res) => {
    const rawBody = await readBody(req);
    let body = /** @type {any} */ (rawBody);
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody) : rawBody;
    } catch {
      // keep the raw string: malformed JSON is something the handlers answer
    }
    /** @type {(v: 'finished' | 'aborted') => void} */
    let settle = () => {};
    /** @type {RecordedRequest} */
    const record = {
      index: requests.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      rawBody,
      connectionId: socketIds.get(req.socket) ?? 0,
      outcome: 'pending',
      ended: new Promise((resolve) => (settle = resolve)),
    };
    requests.push(record);
    res.on('close', () => {
      record.outcome = res.writableFinished ? 'finished' : 'aborted';
      settle(record.outcome);
    });
    try {
      await options.handle(req, res, record);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`mock server bug: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        res.destroy();
      }
    }
  });
  // Real providers keep connections open for a long while; make sure the mock never closes first.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  server.on('connection', (socket) => {
    connections += 1;
    socketIds.set(socket, connections);
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue for benchmarks that open a thousand connections at once (Node's default is 511).
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: options.backlog ?? 511 }, () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('mock server has no TCP address');
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const hostForUrl = host.includes(':') ? `[${host}]` : host;

  return {
    origin: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    requests,
    connectionCount: () => connections,
    openConnectionCount: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
export function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const parts = [];
    req.on('data', (chunk) => parts.push(chunk));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

/**
 * A per-request behaviour source. `behave(x)`:
 *  - a function `(record) => behaviour` decides for every request;
 *  - an array is a script, one entry per request in order, then the defaults again;
 *  - a plain object applies to every request until changed;
 *  - `undefined`/`null` resets to the defaults.
 * @template B
 */
export class BehaviorScript {
  /** @type {B[]} */ #queue = [];
  /** @type {((record: RecordedRequest) => B | undefined) | undefined} */ #fn;
  /** @type {B | undefined} */ #fixed;

  /** @param {B | B[] | ((record: RecordedRequest) => B | undefined) | null | undefined} spec */
  set(spec) {
    this.#queue = [];
    this.#fn = undefined;
    this.#fixed = undefined;
    if (spec === null || spec === undefined) return;
    if (typeof spec === 'function') this.#fn = /** @type {(record: RecordedRequest) => B | undefined} */ (spec);
    else if (Array.isArray(spec)) this.#queue = [...spec];
    else this.#fixed = spec;
  }

  /** @param {RecordedRequest} record @returns {Partial<B>} */
  next(record) {
    if (this.#queue.length > 0) return /** @type {B} */ (this.#queue.shift());
    if (this.#fn) return this.#fn(record) ?? {};
    return this.#fixed ?? {};
  }
}

/**
 * Cuts the connection the way a crashed upstream does, but only after what was already written has
 * left (destroy() alone would throw away data still in the socket's buffer).
 * @param {http.ServerResponse} res
 */
export async function dropConnection(res) {
  const socket = res.socket;
  if (!socket) return;
  // The callback of an empty write runs once everything queued before it has been handed to the kernel.
  await new Promise((resolve) => socket.write('', () => resolve(undefined)));
  await new Promise((resolve) => setTimeout(resolve, 10));
  socket.destroy();
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * @typedef {object} SseWireOptions
 * @property {'\n' | '\r\n' | '\r'} [lineEnding]  line terminator (default LF)
 * @property {boolean} [comments]      put a `: keep-alive` comment line before every event
 * @property {number} [splitBytes]     write each event in pieces of this many bytes (splits UTF-8 sequences too)
 * @property {boolean} [multiLineData] spread each JSON payload over several `data:` lines
 */

/**
 * Writes one SSE event. Resolves false when the client has gone away.
 * @param {http.ServerResponse} res
 * @param {{ event?: string, data: string }} message
 * @param {SseWireOptions} [wire]
 * @returns {Promise<boolean>}
 */
export async function writeSseEvent(res, message, wire = {}) {
  const eol = wire.lineEnding ?? '\n';
  let text = wire.comments ? `: keep-alive${eol}` : '';
  if (message.event !== undefined) text += `event: ${message.event}${eol}`;
  const dataLines = wire.multiLineData ? spreadJson(message.data) : message.data.split('\n');
  for (const line of dataLines) text += `data: ${line}${eol}`;
  text += eol;
  return writeRaw(res, Buffer.from(text, 'utf8'), wire.splitBytes);
}

/**
 * @param {http.ServerResponse} res
 * @param {Buffer} bytes
 * @param {number} [splitBytes]
 * @returns {Promise<boolean>}
 */
export async function writeRaw(res, bytes, splitBytes) {
  const step = splitBytes && splitBytes > 0 ? splitBytes : bytes.length;
  for (let offset = 0; offset < bytes.length; offset += step) {
    if (res.destroyed || res.writableEnded) return false;
    const ok = res.write(bytes.subarray(offset, offset + step));
    if (!ok) await new Promise((resolve) => res.once('drain', resolve));
    // Yield so separate pieces tend to leave as separate TCP segments.
    if (step < bytes.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return !res.destroyed;
}

/** Pretty-prints JSON so it spans several lines; SSE joins them back with '\n', which JSON tolerates. */
function spreadJson(/** @type {string} */ data) {
  try {
    return JSON.stringify(JSON.parse(data), null, 1).split('\n');
  } catch {
    return data.split('\n');
  }
}

/** Splits text into `count` pieces on code-point boundaries. @param {string} text @param {number} count */
export function splitText(text, count) {
  const chars = Array.from(text);
  const n = Math.max(1, Math.min(count, chars.length || 1));
  const size = Math.ceil(chars.length / n);
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length > 0 ? out : [''];
}

/** Splits text into words, keeping the spaces attached, like a tokenizer would stream them. @param {string} text */
export function splitWords(text) {
  const parts = text.match(/\S+\s*|\s+/g);
  return parts && parts.length > 0 ? parts : [''];
}

/**
 * The part of a scripted behaviour every mock shares before it answers: `hang` leaves the socket open and
 * silent, `reset` cuts the connection before a byte of the answer (a crashed upstream, a proxy dropping
 * it), `headersDelayMs` holds the status line back. Resolves false when nothing should be sent.
 * @param {http.ServerResponse} res
 * @param {{ hang?: boolean, reset?: boolean, headersDelayMs?: number }} behavior
 * @returns {Promise<boolean>}
 */
export async function holdBeforeHeaders(res, behavior) {
  if (behavior.hang) return false;
  if (behavior.reset) {
    res.socket?.resetAndDestroy();
    return false;
  }
  if (behavior.headersDelayMs) await sleep(behavior.headersDelayMs);
  return !res.destroyed;
}

/**
 * Answers with `rawBody` exactly as scripted (status default 200, content type default JSON).
 * @param {http.ServerResponse} res
 * @param {{ rawBody?: string, status?: number, contentType?: string }} behavior
 * @param {Record<string, string>} headers
 */
export function sendRawBody(res, behavior, headers) {
  res.writeHead(behavior.status ?? 200, { 'content-type': behavior.contentType ?? 'application/json', ...headers });
  res.end(behavior.rawBody);
}

/**
 * The pieces a mock streams its reply in: exactly `chunks` when it is a list, that many even pieces when
 * it is a number, else one per word.
 * @param {string} reply
 * @param {number | string[] | undefined} chunks
 */
export function replyPieces(reply, chunks) {
  if (Array.isArray(chunks)) return chunks;
  return typeof chunks === 'number' ? splitText(reply, chunks) : splitWords(reply);
}

/** Picks the SSE wire quirks out of a mock's behaviour. @param {SseWireOptions} behavior @returns {SseWireOptions} */
export function sseWireOptions(behavior) {
  return { lineEnding: behavior.lineEnding, comments: behavior.comments, splitBytes: behavior.splitBytes, multiLineData: behavior.multiLineData };
}

/** A stable fake token count: one per word. @param {string} text */
export function countTokens(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length;
}

/**
 * A promise the test resolves when it is ready: pass `released` as a mock's `release` to hold a reply in
 * flight (after `holdAfterChunks`) until the test has seen what it needs, however slow the machine.
 * @returns {{ released: Promise<void>, release: () => void }}
 */
export function gate() {
  /** @type {() => void} */
  let release = () => {};
  const released = new Promise((resolve) => (release = () => resolve(undefined)));
  return { released, release };
}
