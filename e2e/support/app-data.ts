import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { ConfigFileInput } from '../../src/shared/config-schema';

/**
 * A private home for one spec: HOME and the XDG folders point inside it, so the app's data folder
 * (`$XDG_CONFIG_HOME/switchyard`, see src/main/config/app-paths.ts) — config, history, logs — is fresh per
 * test and survives a restart of the server within the test.
 */
export interface AppData {
  root: string;
  /** `$XDG_CONFIG_HOME/switchyard` */
  dataDir: string;
  /** Where the app reads and writes its YAML config by default. */
  configPath: string;
  /** The variables that put the app's files in `root`. */
  env: Record<string, string>;
  writeConfig(config: ConfigFileInput): void;
  /** Writes the file byte for byte (for invalid files). */
  writeConfigText(text: string): void;
  readConfigText(): string | undefined;
  /** Files under `root` (config, history, logs, ...) whose bytes contain `text`, as paths relative to root. */
  filesContaining(text: string): string[];
  remove(): void;
}

export function createAppData(): AppData {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  const xdgConfig = join(root, 'config');
  const dataDir = join(xdgConfig, 'switchyard');
  const env = {
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: xdgConfig,
    XDG_DATA_HOME: join(root, 'data'),
    XDG_STATE_HOME: join(root, 'state'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_RUNTIME_DIR: join(root, 'runtime'),
  };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'config.yaml');
  return {
    root,
    dataDir,
    configPath,
    env,
    writeConfig: (config) => writeFileSync(configPath, stringify(config)),
    writeConfigText: (text) => writeFileSync(configPath, text),
    readConfigText: () => (existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined),
    filesContaining: (text) => filesContaining(root, root, Buffer.from(text)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function filesContaining(root: string, dir: string, needle: Buffer): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesContaining(root, full, needle));
    else if (entry.isFile() && readFileSync(full).includes(needle)) found.push(relative(root, full));
  }
  return found;
}
