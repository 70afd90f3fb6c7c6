import { describe, expect, it } from 'vitest';
import { appDataDir, appPaths, resolveConfigPath } from './app-paths';

describe('app paths', () => {
  it('Linux: $XDG_CONFIG_HOME/switchyard, else ~/.config/switchyard', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' }, 'linux')).toBe('/x/cfg/switchyard');
    expect(appDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/switchyard');
    // A relative XDG value is invalid per the spec and ignored.
    expect(appDataDir({ XDG_CONFIG_HOME: 'rel', HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/switchyard');
    expect(appDataDir({ HOME: '/home/u' }, 'freebsd')).toBe('/home/u/.config/switchyard');
  });

  it('macOS: ~/Library/Application Support/Switchyard, whatever XDG says (where Electron keeps userData)', () => {
    expect(appPaths({ HOME: '/Users/u', XDG_CONFIG_HOME: '/x' }, 'darwin')).toEqual({
      dataDir: '/Users/u/Library/Application Support/Switchyard',
      configFile: '/Users/u/Library/Application Support/Switchyard/config.yaml',
      logFile: '/Users/u/Library/Application Support/Switchyard/logs/switchyard.log',
    });
  });

  it('Windows: %APPDATA%\\Switchyard with Windows separators, else the roaming folder under %USERPROFILE%', () => {
    expect(appPaths({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\u' }, 'win32')).toEqual({
      dataDir: 'C:\\Users\\u\\AppData\\Roaming\\Switchyard',
      configFile: 'C:\\Users\\u\\AppData\\Roaming\\Switchyard\\config.yaml',
      logFile: 'C:\\Users\\u\\AppData\\Roaming\\Switchyard\\logs\\switchyard.log',
    });
    expect(appDataDir({ USERPROFILE: 'C:\\Users\\u' }, 'win32')).toBe('C:\\Users\\u\\AppData\\Roaming\\Switchyard');
    expect(appDataDir({ APPDATA: 'relative', USERPROFILE: 'D:\\home' }, 'win32')).toBe('D:\\home\\AppData\\Roaming\\Switchyard');
  });

  it('config path: --config, else SWITCHYARD_CONFIG, else the data folder', () => {
    const env = { SWITCHYARD_CONFIG: '/env/c.yaml', XDG_CONFIG_HOME: '/x' };
    expect(resolveConfigPath('/flag.yaml', env, 'linux')).toEqual({ path: '/flag.yaml', explicit: true });
    expect(resolveConfigPath(undefined, env, 'linux')).toEqual({ path: '/env/c.yaml', explicit: true });
    expect(resolveConfigPath(undefined, { XDG_CONFIG_HOME: '/x' }, 'linux')).toEqual({ path: '/x/switchyard/config.yaml', explicit: false });
    expect(resolveConfigPath(undefined, { HOME: '/Users/u' }, 'darwin').path).toBe('/Users/u/Library/Application Support/Switchyard/config.yaml');
  });
});
