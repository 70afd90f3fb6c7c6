import type { ChatMessage, ChatRequest, RouteTrace } from '../../shared/chat';
import type { SwitchyardConfig } from '../../shared/config';
import { serializeError, type SerializedError } from '../../shared/errors';
import type { ConfigProblem } from '../../shared/api';
import { appPaths, resolveConfigPath } from '../config/app-paths';
import { loadConfigFile } from '../config/load-config';
import { resolveConfig } from '../config/resolve-config';
import { secretValues } from '../config/secret-values';
import { FileLogger } from '../logging/file-logger';
import { Redactor } from '../logging/redact';
import type { Logger } from '../logging/logger';
import type { GatewayTarget } from '../routing/gateway-target';
import type { CreateRouterDeps } from '../routing/router-factory';
import type { Router } from '../routing/types';
import {
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_REQUEST_FAILED,
  EXIT_USAGE,
  readAll,
  write,
  type CliIo,
} from './cli-io';
import { parseRouteArgs, ROUTE_USAGE, UsageError, type RouteArgs } from './route-args';

/** `switchyard route`: one request through the router, the reply on stdout, failures on stderr. */

export type RouterFactory = (config: SwitchyardConfig, deps: CreateRouterDeps) => Router;

export interface RouteCommandDeps {
  /** Defaults to the real createRouter (imported lazily so `--help` stays instant). */
  createRouter?: RouterFactory;
}

/** Rejections that happen before any network call: the user's flags or config are at fault, not the provider. */
const USAGE_CODES = new Set<SerializedError['code']>(['INVALID_REQUEST', 'PROVIDER_NOT_FOUND', 'CONFIG_INVALID']);

export async function runRouteCommand(argv: readonly string[], io: CliIo, deps: RouteCommandDeps = {}): Promise<number> {
  let args: RouteArgs;
  try {
    args = parseRouteArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await write(io.stderr, `switchyard route: ${error.message}\nRun 'switchyard route --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    await write(io.stdout, `${ROUTE_USAGE}\n`);
    return EXIT_OK;
  }

  const config = await loadRouteConfig(args, io);
  if (typeof config === 'number') return config;

  const prompt = await readPrompt(args, io);
  if (typeof prompt === 'number') return prompt;

  const messages: ChatMessage[] = [];
  if (args.system !== undefined && args.system !== '') messages.push({ role: 'system', content: args.system });
  messages.push({ role: 'user', content: prompt });
  const request: ChatRequest = { messages, stream: args.stream };
  if (args.provider !== undefined) request.provider = args.provider;
  if (args.model !== undefined) request.model = args.model;
  if (args.temperature !== undefined) request.temperature = args.temperature;
  if (args.maxTokens !== undefined) request.maxTokens = args.maxTokens;

  const keys = secretValues(config);
  const logger = new FileLogger({ path: appPaths(io.env).logFile, secrets: keys });
  // Everything printed goes through the same scrubber as the API: a provider may echo the key back.
  const out: Output = { ...io, logger, redactor: new Redactor(keys, { shapes: false }) };
  const createRouter = deps.createRouter ?? (await import('../routing/index')).createRouter;
  const gateway = config.routing.mode === 'plano_embedded' ? await startGateway(config, logger) : undefined;
  let router: Router;
  try {
    router = createRouter(config, { logger, ...(gateway ? { gateway } : {}) });
  } catch (error) {
    await gateway?.close();
    logger.close();
    return fail(out, args, serializeError(error), undefined);
  }
  try {
    return args.stream ? await streamReply(router, request, args, out) : await routeReply(router, request, args, out);
  } finally {
    await router.close().catch(() => undefined);
    await gateway?.close().catch(() => undefined);
    logger.close();
  }
}

/**
 * Embedded mode: the gateway this one request goes through, started now (the request is served by Direct
 * meanwhile when fallback is on) and stopped and removed when the command ends.
 */
async function startGateway(config: SwitchyardConfig, logger: Logger): Promise<GatewayTarget & { close(): Promise<void> }> {
  const { GatewaySupervisor } = await import('../gateway/supervisor');
  const supervisor = new GatewaySupervisor({ config, logger });
  supervisor.start().catch((error: unknown) => logger.log('warn', 'gateway.start_failed', { error: error instanceof Error ? error.message : String(error) }));
  return supervisor;
}

async function loadRouteConfig(args: RouteArgs, io: CliIo): Promise<SwitchyardConfig | number> {
  const { path, explicit } = resolveConfigPath(args.config, io.env);
  let config: SwitchyardConfig;
  try {
    const loaded = await loadConfigFile(path, { missingOk: !explicit });
    config = resolveConfig(loaded.file, io.env);
  } catch (error) {
    const e = serializeError(error);
    const problems = (e.details?.problems as ConfigProblem[] | undefined) ?? [];
    // `file:line: path: message`, the compiler convention editors and terminals turn into links.
    const lines =
      problems.length > 0
        ? problems.map((p) => `  ${path}${p.line === undefined ? '' : `:${p.line}`}: ${p.path || '(file)'}: ${p.message}`).join('\n')
        : `  ${e.message}`;
    await write(io.stderr, `switchyard route: ${e.code}: the config file has problems:\n${lines}\n`);
    return EXIT_USAGE;
  }
  if (args.mode !== undefined) config.routing.mode = args.mode;
  if (Object.keys(config.providers).length === 0) {
    await write(
      io.stderr,
      `switchyard route: no providers are configured in ${path}\n` +
        `Add one, for example:\n  providers:\n    openai:\n      type: openai\n      api_key: $OPENAI_API_KEY\n      default_model: gpt-4o-mini\n`,
    );
    return EXIT_USAGE;
  }
  return config;
}

async function readPrompt(args: RouteArgs, io: CliIo): Promise<string | number> {
  if (args.prompt !== undefined) {
    if (args.prompt.trim() !== '') return args.prompt;
  } else if (io.stdin.isTTY) {
    // Waiting silently on a terminal looks like a hang; say what is missing instead.
    await write(io.stderr, "switchyard route: no prompt: pass PROMPT or pipe it on stdin (echo 'hi' | switchyard route)\n");
    return EXIT_USAGE;
  } else {
    const text = await readAll(io.stdin, io.signal);
    if (io.signal?.aborted) return EXIT_INTERRUPTED;
    const prompt = text.replace(/\r?\n$/, '');
    if (prompt.trim() !== '') return prompt;
  }
  await write(io.stderr, 'switchyard route: the prompt is empty\n');
  return EXIT_USAGE;
}

/** Where a request's results go: the streams, the log, and the scrubber in front of both streams. */
interface Output extends CliIo {
  logger: FileLogger;
  redactor: Redactor;
}

async function routeReply(router: Router, request: ChatRequest, args: RouteArgs, out: Output): Promise<number> {
  try {
    const response = out.redactor.redactData(await router.route(request, signalOption(out)));
    await write(out.stdout, args.json ? `${JSON.stringify(response, null, 2)}\n` : withNewline(response.content));
    return EXIT_OK;
  } catch (error) {
    const trace = (error as { trace?: RouteTrace }).trace;
    return fail(out, args, serializeError(error), trace);
  }
}

async function streamReply(router: Router, request: ChatRequest, args: RouteArgs, out: Output): Promise<number> {
  let lastChar = '\n';
  for await (const raw of router.stream(request, signalOption(out))) {
    const part = out.redactor.redactData(raw);
    if (args.json) {
      await write(out.stdout, `${JSON.stringify(part)}\n`);
      if (part.type === 'error') return fail(out, { ...args, json: false }, part.error, part.trace);
      if (part.type === 'finish') return EXIT_OK;
      continue;
    }
    if (part.type === 'text-delta' && part.text !== '') {
      await write(out.stdout, part.text);
      lastChar = part.text.at(-1)!;
    } else if (part.type === 'error') {
      // End the partial line so the error starts on its own (stdout and stderr often share a terminal).
      if (lastChar !== '\n') await write(out.stdout, '\n');
      return fail(out, args, part.error, part.trace);
    } else if (part.type === 'finish') {
      if (lastChar !== '\n') await write(out.stdout, '\n');
      return EXIT_OK;
    }
  }
  return fail(out, args, { code: 'INTERNAL', message: 'the stream ended without a finish or error part', retryable: false }, undefined);
}

async function fail(out: Output, args: RouteArgs, raw: SerializedError, rawTrace: RouteTrace | undefined): Promise<number> {
  const { error, trace } = out.redactor.redactData({ error: raw, trace: rawTrace });
  const code = USAGE_CODES.has(error.code) ? EXIT_USAGE : error.code === 'CANCELLED' && out.signal?.aborted ? EXIT_INTERRUPTED : EXIT_REQUEST_FAILED;
  out.logger.log('error', 'cli.route.failed', { error, trace });
  if (args.json) await write(out.stdout, `${JSON.stringify({ error, trace }, null, 2)}\n`);
  const retry = error.retryable ? ' (retryable)' : '';
  await write(out.stderr, `${error.code}: ${error.message}${retry}\n`);
  return code;
}

function signalOption(io: CliIo): { signal?: AbortSignal } {
  return io.signal ? { signal: io.signal } : {};
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
