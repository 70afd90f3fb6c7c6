import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appDataDir, appPaths, resolveConfigPath, setAppDataDir } from './app-paths';

afterEach(() => setAppDataDir(undefined));

describe('app paths', () => {
  it('uses $XDG_CONFIG_HOME/switchyard, else ~/.config/switchyard', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' })).toBe('/x/cfg/switchyard');
    expect(appDataDir({ HOME: '/home/u' })).toBe('/home/u/.config/switchyard');
    // A relative XDG value is invalid per the spec and ignored.
    expect(appDataDir({ XDG_CONFIG_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.config/switchyard');
  });

  it('the Electron shell can override the folder', () => {
    setAppDataDir('/Users/u/Library/Application Support/Switchyard');
    expect(appPaths({ XDG_CONFIG_HOME: '/x' })).toEqual({
      dataDir: '/Users/u/Library/Application Support/Switchyard',
      configFile: join('/Users/u/Library/Application Support/Switchyard', 'config.yaml'),
      logFile: join('/Users/u/Library/Application Support/Switchyard', 'logs', 'switchyard.log'),
    });
  });

  it('config path: --config, else SWITCHYARD_CONFIG, else the data folder', () => {
    const env = { SWITCHYARD_CONFIG: '/env/c.yaml', XDG_CONFIG_HOME: '/x' };
    expect(resolveConfigPath('/flag.yaml', env)).toEqual({ path: '/flag.yaml', explicit: true });
    expect(resolveConfigPath(undefined, env)).toEqual({ path: '/env/c.yaml', explicit: true });
    expect(resolveConfigPath(undefined, { XDG_CONFIG_HOME: '/x' })).toEqual({ path: '/x/switchyard/config.yaml', explicit: false });
  });
});
