import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { untilSignal } from '../cli/cli-io';
import { join } from 'node:path';
import { isSerializedError, serializeError } from '../../shared/errors';
import { composeApp } from '../api/compose-app';
import type { GatewayPort } from '../api/gateway-port';
import type { RouterFactory } from '../api/router-pool';
import { appLayout } from '../config/app-layout';
import { appPaths, resolveConfigPath } from '../config/app-paths';
import { createFileLogger } from '../logging/file-logger';
import { tailLines } from '../logging/tail';
import { createLocalEndpoint } from '../endpoint/endpoint-service';
import { EnvironmentSecrets } from '../stores/environment-secrets';
import { startBrowserServer } from './browser-server';
import { isLoopbackHost, newToken } from '../security/request-guard';
import { parseServeArgs, SERVE_USAGE } from './serve-args';

/**
 * `switchyard serve`: the app in a browser. Builds the same API as the Electron shell (keys from the
 * environment), serves it with the built renderer on loopback, prints the tokened URL, and runs until
 * SIGINT/SIGTERM (or `deps.stop`), then closes the routers and the server. Returns the exit code.
 */
export interface ServeDeps {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Resolves to stop the server (tests); SIGINT/SIGTERM are used when absent. */
  stop?: Promise<void>;
  /** Called once listening, with the URL (tests). */
  onListening?: (url: string) => void;
  routerFactory?: RouterFactory;
  gateway?: GatewayPort;
  staticDir?: string;
}

export async function runServe(argv: readonly string[], deps: ServeDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let args;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    err(`switchyard serve: ${serializeError(error).message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (args.help) {
    out(SERVE_USAGE);
    return 0;
  }

  const paths = appPaths(env);
  const config = resolveConfigPath(args.config, env);
  if (config.explicit && !existsSync(config.path)) {
    err(`switchyard serve: config file not found: ${config.path}`);
    return 2;
  }
  const staticDir = deps.staticDir ?? appLayout({ runtime: { kind: 'node' } }).rendererDir;
  if (!existsSync(join(staticDir, 'index.html'))) {
    err(`switchyard serve: the renderer is not built (${staticDir} has no index.html): run \`npm run build\` first. Serving the API only.`);
  }
  if (!isLoopbackHost(args.host)) {
    if (!args.allowRemote) {
      err(`switchyard serve: refusing to listen on ${args.host}, which is not a loopback address. Add --allow-remote if you really mean it.`);
      return 2;
    }
    err(`switchyard serve: WARNING: listening on ${args.host}: anyone who can reach it and learns the token can use your provider keys.`);
  }

  const logger = createFileLogger({ path: paths.logFile });
  let composed;
  let server;
  try {
    composed = await composeApp({
      configPath: config.path,
      dataDir: paths.dataDir,
      command: 'switchyard serve',
      secrets: new EnvironmentSecrets(),
      env,
      logger,
      errorLog: { path: paths.logFile, tail: (n) => tailLines(paths.logFile, n) },
      onConfigChange: (_config, secretValues) => logger.addSecrets(secretValues),
      // The Settings switch turns the endpoint on in browser mode too; --endpoint turns it on regardless.
      endpoint: createLocalEndpoint({ dataDir: paths.dataDir, ...(args.endpoint ? { override: { enabled: true } } : {}) }),
      ...(deps.routerFactory ? { routerFactory: deps.routerFactory } : {}),
      ...(deps.gateway ? { gateway: deps.gateway } : {}),
    });
    server = await startBrowserServer({
      core: composed.core,
      token: newToken(),
      staticDir,
      host: args.host,
      port: args.port ?? 0,
      allowRemote: args.allowRemote,
      logger,
    });
  } catch (error) {
    const e = serializeError(error);
    err(`switchyard serve: ${e.message}${e.code === 'INTERNAL' ? '' : ` (${e.code})`}`);
    await composed?.close().catch(() => undefined);
    logger.close();
    return isSerializedError(e) && (e.code === 'VALIDATION_FAILED' || e.code === 'DATA_FOLDER_IN_USE') ? 2 : 1;
  }

  const problems = composed.settings.view().problems;
  out(`Switchyard (browser mode) is running at:\n\n  ${server.url}\n`);
  out(`Config: ${config.path}${problems.length > 0 ? ` — INVALID, running on defaults (${problems.length} problem(s); see Settings)` : ''}`);
  for (const { file, reason } of composed.history.skipped) err(`switchyard serve: skipped a history file that cannot be read (left as it is): ${file}: ${reason}`);
  const endpoint = await composed.core.services.endpoint.settled();
  if (endpoint.running) out(`Local endpoint: ${endpoint.url} (OpenAI) and ${endpoint.url!.replace(/\/v1$/, '')} (Anthropic); key in Settings → Local endpoint`);
  else if (endpoint.error) err(`switchyard serve: the local endpoint did not start: ${endpoint.error.message}`);
  out('Keys come from environment variables in browser mode. Press Ctrl+C to stop.');
  logger.log('info', 'serve.listening', { host: server.host, port: server.port });
  deps.onListening?.(server.url);
  if (args.open) openInBrowser(server.url, err);

  await (deps.stop ?? untilSignal());
  out('Stopping...');
  await server.close();
  await composed.close();
  logger.close();
  return 0;
}

function openInBrowser(url: string, err: (line: string) => void): void {
  const [command, ...args] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  try {
    const child = spawn(command!, args, { stdio: 'ignore', detached: true });
    child.on('error', () => err(`switchyard serve: could not open a browser; open the URL above yourself.`));
    child.unref();
  } catch {
    err('switchyard serve: could not open a browser; open the URL above yourself.');
  }
}
