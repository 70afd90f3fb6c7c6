#!/usr/bin/env node
// @ts-check
/**
 * A stand-in for the Plano gateway's model listener, faithful to /work/shared/plano.md:
 *   GET  /healthz              → 200, empty body
 *   GET  /v1/models            → {"object":"list","data":[{id:"openai/gpt-4o",object:"model",created:0,owned_by:"openai"}]}
 *   POST /v1/chat/completions  → forwarded to the provider chosen by body.model, with the configured key;
 *                                streams pass through unchanged; upstream 4xx/5xx come back unchanged;
 *                                unreachable upstream → 500 "Failed to send request: ..."; unknown model →
 *                                400 "Model '<m>' not found in configured providers"
 *   anything else              → 404
 * Only OpenAI-compatible upstreams are forwarded (no Anthropic translation); those answer a clear 400.
 *
 * Programmatic: `await startPlanoStandin({ config | configPath, port, host, env, control })`.
 * CLI (e.g. inside a container): `node plano-standin.mjs --config /app/plano_config.yaml --port 12000 [--host 0.0.0.0] [--control]`.
 * With `control`, test-only endpoints under /__control/ (and methods on the handle) script failures.
 */
import { Buffer } from 'node:buffer';
import process from 'node:process';
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { sleep, startRecordingServer } from './mock-http.mjs';
import { PlanoConfigError, chatCompletionsUrl, forwardsOpenAI, selectProvider, validatePlanoConfig } from './plano-standin-config.mjs';

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
 */

/**
 * @typedef {object} StandinControl
 * @property {(faults: StandinFault[]) => void} scriptChat            queue faults for the next chat requests, in order
 * @property {(count: number, fault: StandinFault) => void} failNext  queue `count` copies of one fault
 * @property {(fault: StandinFault | null) => void} setHealth         every /healthz answers with this fault until cleared
 * @property {(fault: StandinFault | null) => void} setModels         every /v1/models answers with this fault until cleared
 * @property {() => void} reset
 */

/**
 * @typedef {import('./mock-http.mjs').MockServerHandle & StandinControl & {
 *   url: string,
 *   forwarded: { provider: string, model: string, url: string }[],
 * }} PlanoStandin
 */

/**
 * @param {{ config?: unknown, configPath?: string, port?: number, host?: string,
 *   env?: Record<string, string | undefined>, control?: boolean }} options
 * @returns {Promise<PlanoStandin>}
 */
export async function startPlanoStandin(options) {
  const raw = options.config ?? (options.configPath ? loadYamlFile(options.configPath) : undefined);
  if (raw === undefined) throw new PlanoConfigError('startPlanoStandin needs config or configPath');
  const config = validatePlanoConfig(raw, options.env ?? process.env);

  /** @type {StandinFault[]} */
  let chatFaults = [];
  /** @type {StandinFault | null} */
  let healthFault = null;
  /** @type {StandinFault | null} */
  let modelsFault = null;
  /** @type {{ provider: string, model: string, url: string }[]} */
  const forwarded = [];
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  /** @type {StandinControl} */
  const control = {
    scriptChat: (faults) => void chatFaults.push(...faults),
    failNext: (count, fault) => void chatFaults.push(...Array.from({ length: count }, () => ({ ...fault }))),
    setHealth: (fault) => void (healthFault = fault),
    setModels: (fault) => void (modelsFault = fault),
    reset: () => {
      chatFaults = [];
      healthFault = null;
      modelsFault = null;
    },
  };

  const server = await startRecordingServer({
    host: options.host,
    port: options.port ?? 0,
    async handle(req, res, record) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (options.control && path.startsWith('/__control/')) return handleControl(req.method ?? 'GET', path, record.body, res, control, server.requests);
      if (req.method === 'GET' && path === '/healthz') {
        if (healthFault && (await applyFault(res, healthFault))) return;
        res.writeHead(200, { 'content-length': 0 });
        res.end();
        return;
      }
      if (req.method === 'GET' && path === '/v1/models') {
        if (modelsFault && (await applyFault(res, modelsFault))) return;
        const data = config.providers
          .filter((p) => p.model !== '*')
          .map((p) => ({ id: p.fullName, object: 'model', created: 0, owned_by: p.provider }));
        return sendText(res, 200, JSON.stringify({ object: 'list', data }), 'application/json');
      }
      if (req.method === 'POST' && (path === '/v1/messages' || path === '/v1/responses')) {
        return sendText(res, 501, `The Plano stand-in does not implement ${path}; use /v1/chat/completions`);
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendText(res, 404, '');

      const fault = chatFaults.shift();
      if (fault && (await applyFault(res, fault))) return;

      const body = record.body;
      if (typeof body !== 'object' || body === null) return sendText(res, 400, 'Failed to parse request body: expected a JSON object');
      const selected = selectProvider(config, body.model);
      if (!selected) return sendText(res, 400, `Model '${String(body.model ?? '')}' not found in configured providers`);
      const { entry, upstreamModel } = selected;
      if (!forwardsOpenAI(entry)) {
        return sendText(res, 400, `The Plano stand-in only forwards OpenAI-compatible providers; '${entry.provider}' needs protocol translation`);
      }
      if (!entry.baseUrl) {
        // The real gateway would call the provider's public endpoint; the stand-in never leaves the machine.
        return sendText(res, 400, `The Plano stand-in needs base_url for provider '${entry.provider}'`);
      }
      const target = chatCompletionsUrl(entry.baseUrl);
      forwarded.push({ provider: entry.provider, model: upstreamModel, url: target });
      await forward(req, res, target, JSON.stringify({ ...body, model: upstreamModel }), entry, agents);
    },
  });

  return {
    ...server,
    ...control,
    url: `${server.origin}/v1`,
    forwarded,
    close: async () => {
      agents.http.destroy();
      agents.https.destroy();
      await server.close();
    },
  };
}

/**
 * Sends the request upstream and pipes the answer back unchanged (status, content type, body, stream).
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} target
 * @param {string} payload
 * @param {import('./plano-standin-config.mjs').StandinProvider} entry
 * @param {{ http: http.Agent, https: https.Agent }} agents
 */
function forward(req, res, target, payload, entry, agents) {
  return new Promise((resolve) => {
    const url = new URL(target);
    /** @type {http.OutgoingHttpHeaders} */
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
    if (!entry.passthroughAuth) {
      delete headers.authorization;
      if (entry.accessKey !== undefined) headers.authorization = `Bearer ${entry.accessKey}`;
    }
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
 * @returns {Promise<boolean>} true when the fault answered the request
 */
async function applyFault(res, fault) {
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
  else if (path === '/__control/chat') {
    if (Array.isArray(b.faults)) control.scriptChat(b.faults);
    else control.failNext(typeof b.count === 'number' ? b.count : 1, b);
  } else if (path === '/__control/healthz') control.setHealth(b.status === undefined && !b.drop && !b.delayMs ? null : b);
  else if (path === '/__control/models') control.setModels(b.status === undefined && !b.drop && !b.delayMs ? null : b);
  else return sendText(res, 404, '');
  return sendText(res, 204, '');
}

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
    const port = typeof args.port === 'string' ? Number(args.port) : validatePlanoConfig(raw, process.env).listenerPort;
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
