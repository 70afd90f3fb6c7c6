import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Switchyard keeps its files in plain Node (CLI, browser mode, tests):
 * `$XDG_CONFIG_HOME/switchyard` or `~/.config/switchyard`. The Electron shell calls
 * `setAppDataDir(app.getPath('userData'))` at start-up so both agree on one folder per platform.
 */

let dataDirOverride: string | undefined;

/** Set by the Electron shell (or a test); `undefined` returns to the environment-based default. */
export function setAppDataDir(dir: string | undefined): void {
  dataDirOverride = dir;
}

export function appDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (dataDirOverride !== undefined) return dataDirOverride;
  const xdg = env.XDG_CONFIG_HOME;
  // XDG says relative values are invalid and must be ignored.
  if (xdg && xdg.startsWith('/')) return join(xdg, 'switchyard');
  return join(env.HOME || homedir(), '.config', 'switchyard');
}

export interface AppPaths {
  dataDir: string;
  configFile: string;
  logFile: string;
}

export function appPaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  const dataDir = appDataDir(env);
  return {
    dataDir,
    configFile: join(dataDir, 'config.yaml'),
    logFile: join(dataDir, 'logs', 'switchyard.log'),
  };
}

/** `--config`, else `SWITCHYARD_CONFIG`, else the data folder's config.yaml. `explicit` tells callers a missing file is an error. */
export function resolveConfigPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; explicit: boolean } {
  if (flag) return { path: flag, explicit: true };
  if (env.SWITCHYARD_CONFIG) return { path: env.SWITCHYARD_CONFIG, explicit: true };
  return { path: appPaths(env).configFile, explicit: false };
}
