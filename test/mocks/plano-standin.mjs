#!/usr/bin/env node
// @ts-check
/**
 * A stand-in for the Plano gateway's model listener, faithful to /work/shared/plano.md, that refuses the
 * configs real Plano refuses and routes by the rendered config as Plano does (plano-standin-render.mjs,
 * plano-standin-routing.mjs), so a routing mistake in a generated config fails a test:
 *   GET  /healthz              → 200, empty body
 *   GET  /v1/models            → {"object":"list","data":[{id:"openai/gpt-4o",object:"model",created:0,owned_by:"openai"}]}
 *   POST /v1/chat/completions  → forwarded where Plano would send it (endpoint and port of the entry's
 *                                cluster, path, model id, key and headers); streams pass through unchanged;
 *                                upstream 4xx/5xx come back unchanged; unreachable upstream → 500 "Failed to
 *                                send request: ..."; unknown model → 400 "Model '<m>' not found in configured providers"
 *   anything else              → 404
 * It never leaves the machine: an upstream that does not resolve to a loopback address answers 502 saying
 * where Plano would have gone. `upstreams` maps such an origin (Plano's built-in https://api.openai.com, say)
 * to a local mock; host names resolve through `hosts`, then /etc/hosts (as Envoy does), then DNS.
 *
 * Programmatic: `await startPlanoStandin({ config | configPath, port, host, env, control, hosts, upstreams })`.
 * CLI (e.g. inside a container): `node plano-standin.mjs --config /app/plano_config.yaml --port 12000 [--host 0.0.0.0] [--control]`.
 * With `control`, test-only endpoints under /__control/ (and methods on the handle) script failures.
 */
import { Buffer } from 'node:buffer';
import { lookup } from 'node:dns/promises';
import process from 'node:process';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { sleep, startRecordingServer } from './mock-http.mjs';
import { PlanoConfigError, renderPlanoConfig } from './plano-standin-render.mjs';
import { routeRequest } from './plano-standin-routing.mjs';

export { PlanoConfigError };

/**
 * A scripted answer replacing the normal behaviour for one request.
 * @typedef {object} StandinFault
 * @property {number} [status]      answer with this status instead of forwarding
 * @property {string} [body]        response body (default: a plain-text message like the gateway's)
 * @property {string} [contentType] default text/plain
 * @property {string | number} [retryAfter]
 * @property {number} [delayMs]     wait this long first (then forward, if no status is given)
 * @property {boolean} [drop]       destroy the connection without answering
 * @property {boolean} [hold]       answer nothing until `release()` (a gateway that stopped answering)
 */

/**
 * @typedef {object} StandinControl
 * @property {(faults: StandinFault[]) => void} scriptChat            queue faults for the next chat requests, in order
 * @property {(count: number, fault: StandinFault) => void} failNext  queue `count` copies of one fault
 * @property {(fault: StandinFault | null) => void} setHealth         every /healthz answers with this fault until cleared
 * @property {(fault: StandinFault | null) => void} setModels         every /v1/models answers with this fault until cleared
 * @property {() => void} release                                     lets held requests go on (and drops their `hold`)
 * @property {() => void} reset
 */

/**
 * One request as the stand-in sent it on.
 * @typedef {object} ForwardedRequest
 * @property {string} requested      the model the client asked for
 * @property {string} name           the matching entry's name
 * @property {string} model          the model id sent upstream
 * @property {string} url            where Plano would connect (before `upstreams`)
 * @property {Record<string, string>} headers  auth and the entry's headers, as set
 */

/**
 * @typedef {import('./mock-http.mjs').MockServerHandle & StandinControl & {
 *   url: string,
 *   rendered: import('./plano-standin-render.mjs').RenderedConfig,
 *   forwarded: ForwardedRequest[],
 * }} PlanoStandin
 */

/**
 * @typedef {object} StandinOptions
 * @property {unknown} [config]       the parsed plano_config.yaml
 * @property {string} [configPath]
 * @property {number} [port]
 * @property {string} [host]
 * @property {Record<string, string | undefined>} [env]   the container environment (keys by name)
 * @property {boolean} [control]
 * @property {Record<string, string>} [hosts]              host name → address, before /etc/hosts
 * @property {Record<string, string>} [upstreams]          origin Plano would use → local origin to use instead
 */

/**
 * @param {StandinOptions} options
 * @returns {Promise<PlanoStandin>}
 */
export async function startPlanoStandin(options) {
  const raw = options.config ?? (options.configPath ? loadYamlFile(options.configPath) : undefined);
  if (raw === undefined) throw new PlanoConfigError('startPlanoStandin needs config or configPath');
  const config = renderPlanoConfig(raw);
  const env = options.env ?? process.env;
  checkKeys(config, env);
  /** @type {Set<() => void>} */
  const held = new Set();

  /** @type {StandinFault[]} */
  let chatFaults = [];
  /** @type {StandinFault | null} */
  let healthFault = null;
  /** @type {StandinFault | null} */
  let modelsFault = null;
  /** @type {ForwardedRequest[]} */
  const forwarded = [];
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  /** @type {StandinControl} */
  const control = {
    scriptChat: (faults) => void chatFaults.push(...faults),
    failNext: (count, fault) => void chatFaults.push(...Array.from({ length: count }, () => ({ ...fault }))),
    setHealth: (fault) => void (healthFault = fault),
    setModels: (fault) => void (modelsFault = fault),
    release: () => {
      for (const go of [...held]) go();
    },
    reset: () => {
      chatFaults = [];
      healthFault = null;
      modelsFault = null;
      control.release();
    },
  };
  /** @param {http.ServerResponse} res */
  const holdUntilReleased = (res) =>
    new Promise((resolve) => {
      const go = () => {
        held.delete(go);
        resolve(undefined);
      };
      held.add(go);
      res.on('close', go);
    });

  const server = await startRecordingServer({
    host: options.host,
    port: options.port ?? 0,
    async handle(req, res, record) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (options.control && path.startsWith('/__control/')) return handleControl(req.method ?? 'GET', path, record.body, res, control, server.requests);
      const apply = (/** @type {StandinFault} */ fault) => applyFault(res, fault, holdUntilReleased);
      if (req.method === 'GET' && path === '/healthz') {
        if (healthFault && (await apply(healthFault))) return;
        res.writeHead(200, { 'content-length': 0 });
        res.end();
        return;
      }
      if (req.method === 'GET' && path === '/v1/models') {
        if (modelsFault && (await apply(modelsFault))) return;
        const data = config.model_providers
          .filter((p) => p.model !== '*' && !p.internal)
          .map((p) => ({ id: p.name, object: 'model', created: 0, owned_by: p.provider_interface }));
        return sendText(res, 200, JSON.stringify({ object: 'list', data }), 'application/json');
      }
      if (req.method === 'POST' && (path === '/v1/messages' || path === '/v1/responses')) {
        return sendText(res, 501, `The Plano stand-in does not implement ${path}; use /v1/chat/completions`);
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendText(res, 404, '');

      const fault = chatFaults.shift();
      if (fault && (await apply(fault))) return;

      const body = record.body;
      if (typeof body !== 'object' || body === null) return sendText(res, 400, 'Failed to parse request body: expected a JSON object');
      const route = routeRequest(config, typeof body.model === 'string' ? body.model : '', env);
      if ('status' in route) return sendText(res, route.status, route.message);
      const target = await localTarget(route.url, options);
      if (typeof target === 'string') return sendText(res, 502, target);
      forwarded.push({ requested: body.model, name: route.entry.name, model: route.upstreamModel, url: route.url, headers: route.headers });
      await forward(req, res, target, JSON.stringify({ ...body, model: route.upstreamModel }), route.headers, agents);
    },
  });

  return {
    ...server,
    ...control,
    url: `${server.origin}/v1`,
    rendered: config,
    forwarded,
    close: async () => {
      control.release();
      agents.http.destroy();
      agents.https.destroy();
      await server.close();
    },
  };
}

/**
 * Where to connect for a Plano upstream URL: an `upstreams` override, else the URL with its host resolved
 * (`hosts`, /etc/hosts, DNS) to a loopback address; a string says why the stand-in will not go there.
 * @param {string} planoUrl @param {StandinOptions} options
 * @returns {Promise<{ url: URL, host: string } | string>}
 */
async function localTarget(planoUrl, options) {
  const url = new URL(planoUrl);
  const override = Object.entries(options.upstreams ?? {}).find(([from]) => new URL(from).origin === url.origin)?.[1];
  if (override) {
    const local = new URL(override);
    return { url: new URL(`${local.origin}${url.pathname}`), host: local.host };
  }
  const name = url.hostname.replace(/^\[|\]$/g, '');
  const address = isIP(name) ? name : (options.hosts?.[name] ?? etcHosts().get(name) ?? (await lookup(name).then((r) => r.address, () => undefined)));
  if (address === undefined || !/^(127\.|::1$)/.test(address)) {
    return `The Plano stand-in does not leave this machine: Plano would POST ${planoUrl} (${name} → ${address ?? 'unresolved'})`;
  }
  const direct = new URL(planoUrl);
  direct.hostname = address.includes(':') ? `[${address}]` : address;
  return { url: direct, host: url.host };
}

/** @type {Map<string, string> | undefined} */
let etcHostsCache;
/** /etc/hosts as Envoy reads it before DNS (the container's `--add-host` names live there). */
function etcHosts() {
  if (etcHostsCache) return etcHostsCache;
  etcHostsCache = new Map();
  let text = '';
  try {
    text = readFileSync('/etc/hosts', 'utf8');
  } catch {
    return etcHostsCache;
  }
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!address || !isIP(address)) continue;
    for (const n of names) if (!etcHostsCache.has(n)) etcHostsCache.set(n, address);
  }
  return etcHostsCache;
}

/**
 * Every `$NAME` a key or header refers to must be set, as Plano's CLI insists before it starts a container.
 * @param {import('./plano-standin-render.mjs').RenderedConfig} config @param {Record<string, string | undefined>} env
 */
function checkKeys(config, env) {
  for (const p of config.model_providers) {
    for (const value of [p.access_key, ...Object.values(p.headers ?? {})]) {
      const m = typeof value === 'string' ? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value) : null;
      if (m && (env[/** @type {string} */ (m[1])] ?? '') === '') throw new PlanoConfigError(`Environment variable ${m[1]} is not set (${p.name})`);
    }
  }
}

/**
 * Sends the request upstream and pipes the answer back unchanged (status, content type, body, stream).
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {{ url: URL, host: string }} target
 * @param {string} payload
 * @param {Record<string, string>} set  auth and the entry's headers, as Plano sets them
 * @param {{ http: http.Agent, https: https.Agent }} agents
 */
function forward(req, res, target, payload, set, agents) {
  return new Promise((resolve) => {
    const url = target.url;
    /** @type {http.OutgoingHttpHeaders} */
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    headers.host = target.host;
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
    if (set.authorization) delete headers['x-api-key'];
    Object.assign(headers, set);
    const client = url.protocol === 'https:' ? https : http;
    const upstreamReq = client.request(url, { method: 'POST', headers, agent: url.protocol === 'https:' ? agents.https : agents.http }, (upstreamRes) => {
      /** @type {http.OutgoingHttpHeaders} */
      const out = {};
      for (const [name, value] of Object.entries(upstreamRes.headers)) {
        if (!HOP_BY_HOP.has(name) && name !== 'content-length' && value !== undefined) out[name] = value;
      }
      res.writeHead(upstreamRes.statusCode ?? 502, out);
      res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
      upstreamRes.on('aborted', () => res.destroy());
      upstreamRes.on('end', () => resolve(undefined));
      res.on('close', () => {
        if (!upstreamRes.complete) upstreamReq.destroy();
        resolve(undefined);
      });
    });
    upstreamReq.on('error', (error) => {
      if (!res.headersSent) sendText(res, 500, `Failed to send request: ${error.message}`);
      else res.destroy();
      resolve(undefined);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    upstreamReq.end(payload);
  });
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'trailer']);

/**
 * @param {http.ServerResponse} res @param {StandinFault} fault
 * @param {(res: http.ServerResponse) => Promise<unknown>} holdUntilReleased
 * @returns {Promise<boolean>} true when the fault answered the request
 */
async function applyFault(res, fault, holdUntilReleased) {
  if (fault.hold) await holdUntilReleased(res);
  if (res.destroyed) return true;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.drop) {
    res.socket?.destroy();
    return true;
  }
  if (fault.status === undefined) return false;
  /** @type {Record<string, string>} */
  const headers = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  sendText(res, fault.status, fault.body ?? defaultFaultBody(fault.status), fault.contentType, headers);
  return true;
}

/** @param {number} status */
function defaultFaultBody(status) {
  if (status === 500) return 'Failed to send request: error sending request (scripted by the stand-in)';
  if (status === 502 || status === 503) return 'upstream connect error or disconnect/reset before headers. reset reason: connection failure';
  if (status === 504) return 'upstream request timeout';
  if (status === 429) return 'Too Many Requests';
  return `scripted ${status}`;
}

/**
 * @param {string} method @param {string} path @param {any} body
 * @param {http.ServerResponse} res @param {StandinControl} control
 * @param {import('./mock-http.mjs').RecordedRequest[]} requests
 */
function handleControl(method, path, body, res, control, requests) {
  const b = typeof body === 'object' && body !== null ? body : {};
  if (method === 'GET' && path === '/__control/requests') {
    const visible = requests.filter((r) => !r.path.startsWith('/__control/'));
    return sendText(res, 200, JSON.stringify(visible.map(({ method: m, path: p, headers, body: rb }) => ({ method: m, path: p, headers, body: rb }))), 'application/json');
  }
  if (method !== 'POST') return sendText(res, 404, '');
  if (path === '/__control/reset') control.reset();
  else if (path === '/__control/release') control.release();
  else if (path === '/__control/chat') {
    if (Array.isArray(b.faults)) control.scriptChat(b.faults);
    else control.failNext(typeof b.count === 'number' ? b.count : 1, b);
  } else if (path === '/__control/healthz') control.setHealth(isFault(b) ? b : null);
  else if (path === '/__control/models') control.setModels(isFault(b) ? b : null);
  else return sendText(res, 404, '');
  return sendText(res, 204, '');
}

/** `{}` clears a scripted fault. @param {StandinFault} b */
const isFault = (b) => b.status !== undefined || Boolean(b.drop || b.delayMs || b.hold);

/**
 * @param {http.ServerResponse} res @param {number} status @param {string} body
 * @param {string} [contentType] @param {Record<string, string>} [headers]
 */
function sendText(res, status, body, contentType = 'text/plain', headers = {}) {
  res.writeHead(status, body === '' ? headers : { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(status === 204 ? undefined : body);
}

/** @param {string} path */
function loadYamlFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlanoConfigError(`cannot read config file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new PlanoConfigError(`invalid YAML in ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {string[]} argv */
async function main(argv) {
  /** @type {Record<string, string | boolean>} */
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === '--control') args.control = true;
    else if (arg.startsWith('--')) args[arg.slice(2)] = argv[++i] ?? '';
  }
  const configPath = typeof args.config === 'string' ? args.config : '/app/plano_config.yaml';
  try {
    const raw = loadYamlFile(configPath);
    const port = typeof args.port === 'string' ? Number(args.port) : renderPlanoConfig(raw).listenerPort;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PlanoConfigError(`invalid --port ${String(args.port)}`);
    const standin = await startPlanoStandin({
      config: raw,
      port,
      host: typeof args.host === 'string' ? args.host : '127.0.0.1',
      control: args.control === true,
    });
    process.stdout.write(`plano stand-in listening on ${standin.origin}\n`);
    const stop = () => void standin.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } catch (error) {
    process.stderr.write(`plano stand-in: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2));
}
