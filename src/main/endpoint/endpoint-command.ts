import { existsSync } from 'node:fs';
import { untilSignal } from '../cli/cli-io';
import { serializeError, type SerializedError } from '../../shared/errors';
import { composeApp, type ComposedApp } from '../api/compose-app';
import type { RouterFactory } from '../api/router-pool';
import { appPaths, resolveConfigPath } from '../config/app-paths';
import { loadConfigFile } from '../config/load-config';
import { createFileLogger } from '../logging/file-logger';
import { tailLines } from '../logging/tail';
import { isLoopbackHost } from '../security/request-guard';
import { parseServeArgs } from '../server/serve-args';
import { EnvironmentSecrets } from '../stores/environment-secrets';
import { createLocalEndpoint } from './endpoint-service';
import { localKeyPath } from './local-key';

export const ENDPOINT_USAGE = `Usage: switchyard endpoint [--port N] [--host 127.0.0.1] [--config FILE] [--allow-remote]

Runs the local OpenAI- and Anthropic-compatible endpoint without the UI: point tools at it and their
requests go through Switchyard's routing mode, as the app's Settings switch does.
  --port N         port to listen on (default: endpoint.port in the config, 8741)
  --host ADDR      address to bind (default: endpoint.host, 127.0.0.1; other than loopback needs --allow-remote)
  --config FILE    config file (default: $SWITCHYARD_CONFIG or the data folder's config.yaml)
  --allow-remote   allow a non-loopback --host (anyone who can reach it and has the local key can use your providers)
Provider keys come from environment variables here (OPENAI_API_KEY, or api_key: $VAR in the config).
The data folder has one user at a time: while the app or \`switchyard serve\` runs, turn its endpoint on instead.`;

export interface EndpointCommandDeps {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Resolves to stop (tests); SIGINT/SIGTERM otherwise. */
  stop?: Promise<void>;
  onListening?: (url: string) => void;
  routerFactory?: RouterFactory;
}

/**
 * `switchyard endpoint`: the API without its UI, with the endpoint on. It owns the data folder as the app
 * does (history, the Traffic log, the embedded gateway's container), so it cannot run beside the app: then
 * it says who holds the folder and how to get the endpoint from it instead.
 */
export async function runEndpointCommand(argv: readonly string[], deps: EndpointCommandDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let args;
  try {
    args = parseServeArgs(argv);
    if (args.open || args.endpoint) throw new Error(`${args.open ? '--open' : '--endpoint'} is for switchyard serve`);
  } catch (error) {
    err(`switchyard endpoint: ${serializeError(error).message}\n\n${ENDPOINT_USAGE}`);
    return 2;
  }
  if (args.help) {
    out(ENDPOINT_USAGE);
    return 0;
  }
  const paths = appPaths(env);
  const config = resolveConfigPath(args.config, env);
  if (config.explicit && !existsSync(config.path)) {
    err(`switchyard endpoint: config file not found: ${config.path}`);
    return 2;
  }
  const hostGiven = argv.some((a) => a === '--host' || a.startsWith('--host='));
  if (hostGiven && !isLoopbackHost(args.host) && !args.allowRemote) {
    err(`switchyard endpoint: refusing to listen on ${args.host}, which is not a loopback address. Add --allow-remote if you really mean it.`);
    return 2;
  }
  const override = {
    enabled: true,
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(hostGiven ? { host: args.host } : {}),
    ...(args.allowRemote ? { allowRemote: true } : {}),
  };
  const logger = createFileLogger({ path: paths.logFile });
  let composed: ComposedApp;
  try {
    composed = await composeApp({
      configPath: config.path,
      dataDir: paths.dataDir,
      command: 'switchyard endpoint',
      secrets: new EnvironmentSecrets(),
      env,
      logger,
      errorLog: { path: paths.logFile, tail: (n) => tailLines(paths.logFile, n) },
      onConfigChange: (_config, secretValues) => logger.addSecrets(secretValues),
      endpoint: createLocalEndpoint({ dataDir: paths.dataDir, override }),
      ...(deps.routerFactory ? { routerFactory: deps.routerFactory } : {}),
    });
  } catch (error) {
    const e = serializeError(error);
    err(`switchyard endpoint: ${e.code === 'DATA_FOLDER_IN_USE' ? await inUseMessage(e, config.path) : e.message}`);
    logger.close();
    return e.code === 'DATA_FOLDER_IN_USE' || e.code === 'VALIDATION_FAILED' ? 2 : 1;
  }
  const status = await composed.core.services.endpoint.settled();
  if (!status.running) {
    err(`switchyard endpoint: the endpoint did not start: ${status.error?.message ?? 'unknown reason'}`);
    await composed.close();
    logger.close();
    return status.error?.code === 'VALIDATION_FAILED' ? 2 : 1;
  }
  const url = status.url!;
  out(`Switchyard endpoint (${composed.core.services.router.mode} mode) is listening:\n`);
  out(`  OpenAI-compatible:    ${url}`);
  out(`  Anthropic-compatible: ${url.replace(/\/v1$/, '')}`);
  out(`  Key: ${status.keyMasked} (in full in ${localKeyPath(paths.dataDir)})\n`);
  out(`  export OPENAI_BASE_URL=${url} OPENAI_API_KEY=$(cat ${localKeyPath(paths.dataDir)})`);
  out('\nRequests are logged in the app\'s Traffic view when the app runs instead. Press Ctrl+C to stop.');
  logger.log('info', 'endpoint.command_listening', { url });
  deps.onListening?.(url);

  await (deps.stop ?? untilSignal());
  out('Stopping...');
  await composed.close();
  logger.close();
  return 0;
}

/** Who holds the folder, and — if it is the app — that its own endpoint is the way, on or off. */
async function inUseMessage(error: SerializedError, configPath: string): Promise<string> {
  const endpoint = await loadConfigFile(configPath, { missingOk: true }).then(
    (loaded) => loaded.file.endpoint,
    () => undefined,
  );
  const how = endpoint?.enabled
    ? `Its endpoint is switched on: use http://${endpoint.host}:${endpoint.port}/v1 (OpenAI) or http://${endpoint.host}:${endpoint.port} (Anthropic).`
    : 'Turn on its endpoint instead: Settings → Local endpoint in the app, or restart `switchyard serve` with --endpoint.';
  return `${error.message}\n${how}`;
}
