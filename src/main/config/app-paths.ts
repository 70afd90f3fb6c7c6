import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/**
 * Where Switchyard keeps its files (config.yaml, history, logs, the gateway's generated config), decided
 * here for every entry point: the CLI, `switchyard serve` and the Electron shell, which points Electron's
 * own `userData` at the same folder. The folders follow each platform's convention, and on macOS and
 * Windows are what Electron's default `userData` would be for an app named "Switchyard":
 * - Linux (and other Unixes): `$XDG_CONFIG_HOME/switchyard`, else `~/.config/switchyard`
 * - macOS: `~/Library/Application Support/Switchyard`
 * - Windows: `%APPDATA%\Switchyard`, else `%USERPROFILE%\AppData\Roaming\Switchyard`
 */

export interface AppPaths {
  dataDir: string;
  configFile: string;
  logFile: string;
}

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const roaming = env.APPDATA && win32.isAbsolute(env.APPDATA) ? env.APPDATA : win32.join(env.USERPROFILE || homedir(), 'AppData', 'Roaming');
    return win32.join(roaming, 'Switchyard');
  }
  const home = env.HOME || homedir();
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Switchyard');
  // XDG says relative values are invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && posix.isAbsolute(xdg) ? posix.join(xdg, 'switchyard') : posix.join(home, '.config', 'switchyard');
}

export function appPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): AppPaths {
  const dataDir = appDataDir(env, platform);
  const path = platform === 'win32' ? win32 : posix;
  return {
    dataDir,
    configFile: path.join(dataDir, 'config.yaml'),
    logFile: path.join(dataDir, 'logs', 'switchyard.log'),
  };
}

/** `--config`, else `SWITCHYARD_CONFIG`, else the data folder's config.yaml. `explicit` tells callers a missing file is an error. */
export function resolveConfigPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { path: string; explicit: boolean } {
  if (flag) return { path: flag, explicit: true };
  if (env.SWITCHYARD_CONFIG) return { path: env.SWITCHYARD_CONFIG, explicit: true };
  return { path: appPaths(env, platform).configFile, explicit: false };
}
