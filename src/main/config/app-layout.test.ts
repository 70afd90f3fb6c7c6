import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appLayout } from './app-layout';

const REPO = '/home/dev/switchyard';

describe('appLayout', () => {
  it('browser mode finds out/renderer whether serve sits in the CLI bundle, a shared chunk or the source tree', () => {
    for (const modulePath of [`${REPO}/out/main/cli.js`, `${REPO}/out/main/chunks/serve-command-Bx1.js`, `${REPO}/src/main/config/app-layout.ts`]) {
      const layout = appLayout({ runtime: { kind: 'node' }, modulePath, platform: 'linux' });
      expect(layout.mode).toBe('browser');
      expect(layout.rendererDir).toBe(`${REPO}/out/renderer`);
    }
  });

  it('preview (npm start) loads everything from out/ in the checkout', () => {
    const layout = appLayout({ runtime: { kind: 'electron', isPackaged: false, resourcesPath: '/unused' }, modulePath: `${REPO}/out/main/index.js`, platform: 'linux' });
    expect(layout).toEqual({
      mode: 'preview',
      root: REPO,
      rendererDir: `${REPO}/out/renderer`,
      preloadPath: `${REPO}/out/preload/index.cjs`,
      resourcesDir: `${REPO}/resources`,
    });
  });

  it('dev loads the page from the dev server and the preload from out/', () => {
    const layout = appLayout({
      runtime: { kind: 'electron', isPackaged: false, resourcesPath: '/unused', devServerUrl: 'http://localhost:5173/' },
      modulePath: `${REPO}/out/main/index.js`,
      platform: 'linux',
    });
    expect(layout.mode).toBe('dev');
    expect(layout.devServerUrl).toBe('http://localhost:5173/');
    expect(layout.preloadPath).toBe(`${REPO}/out/preload/index.cjs`);
  });

  it('packaged: preload and renderer inside app.asar, resources beside it; the dev server variable is ignored', () => {
    const layout = appLayout({
      runtime: { kind: 'electron', isPackaged: true, resourcesPath: '/opt/Switchyard/resources', devServerUrl: 'http://evil.example/' },
      modulePath: '/opt/Switchyard/resources/app.asar/out/main/index.js',
      platform: 'linux',
    });
    expect(layout).toEqual({
      mode: 'packaged',
      root: '/opt/Switchyard/resources/app.asar',
      rendererDir: '/opt/Switchyard/resources/app.asar/out/renderer',
      preloadPath: '/opt/Switchyard/resources/app.asar/out/preload/index.cjs',
      resourcesDir: '/opt/Switchyard/resources',
    });
  });

  it('packaged on macOS and Windows', () => {
    const mac = appLayout({
      runtime: { kind: 'electron', isPackaged: true, resourcesPath: '/Applications/Switchyard.app/Contents/Resources' },
      modulePath: '/Applications/Switchyard.app/Contents/Resources/app.asar/out/main/chunks/tray-x.js',
      platform: 'darwin',
    });
    expect(mac.preloadPath).toBe('/Applications/Switchyard.app/Contents/Resources/app.asar/out/preload/index.cjs');
    const win = appLayout({
      runtime: { kind: 'electron', isPackaged: true, resourcesPath: 'C:\\Program Files\\Switchyard\\resources' },
      modulePath: 'C:\\Program Files\\Switchyard\\resources\\app.asar\\out\\main\\index.js',
      platform: 'win32',
    });
    expect(win.rendererDir).toBe('C:\\Program Files\\Switchyard\\resources\\app.asar\\out\\renderer');
    expect(win.resourcesDir).toBe('C:\\Program Files\\Switchyard\\resources');
  });

  it('uses the nearest out/main when the checkout itself sits under a folder called out/main', () => {
    const layout = appLayout({ runtime: { kind: 'node' }, modulePath: '/srv/out/main/apps/switchyard/out/main/cli.js', platform: 'linux' });
    expect(layout.root).toBe('/srv/out/main/apps/switchyard');
  });

  it('names the path when the code is somewhere it cannot place', () => {
    expect(() => appLayout({ runtime: { kind: 'node' }, modulePath: '/tmp/bundle.js', platform: 'linux' })).toThrow(/\/tmp\/bundle\.js is not under out\/main or src\/main/);
  });

  it('from its own location (the source tree here), points at this checkout', () => {
    const layout = appLayout({ runtime: { kind: 'node' } });
    const repo = resolve(import.meta.dirname, '../../..');
    expect(layout.root).toBe(repo);
    expect(existsSync(join(layout.resourcesDir, 'icon.svg'))).toBe(true);
  });
});
