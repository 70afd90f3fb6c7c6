import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsStale } from '../../e2e/support/global-setup';
import { appLayout } from '../../src/main/config/app-layout';
import { contentSecurityPolicy } from '../../src/main/security/content-security-policy';

/**
 * The packaged app's layout, made by electron-builder itself from this repository's config and the
 * output of `npm run build` — offline: electron-builder is handed a stand-in for Electron's unpacked
 * binary (`electronDist`), so nothing is downloaded and the real packing (asar, extraResources, the
 * Linux executable name, config validation of every platform's section) runs as in `npm run dist`.
 * What it checks is that the paths the app computes (config/app-layout.ts) exist in the package.
 */

const ROOT = resolve(import.meta.dirname, '../..');
let work: string;
let unpacked: string;
let result: ReturnType<typeof spawnSync>;

beforeAll(() => {
  if (buildIsStale()) throw new Error('out/ is missing or older than the sources: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'switchyard-package-'));
  const fakeElectron = join(work, 'electron-dist');
  mkdirSync(fakeElectron);
  writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n');
  chmodSync(join(fakeElectron, 'electron'), 0o755);
  writeFileSync(join(fakeElectron, 'version'), JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version);
  result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', `-c.electronDist=${fakeElectron}`, `-c.directories.output=${join(work, 'dist')}`],
    { cwd: ROOT, encoding: 'utf8' },
  );
  unpacked = join(work, 'dist', 'linux-unpacked');
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged app (electron-builder --linux dir)', () => {
  it('packs without error', () => {
    expect(result.status, `${result.stdout.toString()}\n${result.stderr.toString()}`).toBe(0);
    expect(existsSync(join(unpacked, 'switchyard'))).toBe(true);
  });

  it('finds its preload, renderer and resources where app-layout looks for them', () => {
    const resourcesPath = join(unpacked, 'resources');
    const asarPath = join(resourcesPath, 'app.asar');
    const layout = appLayout({
      runtime: { kind: 'electron', isPackaged: true, resourcesPath },
      modulePath: join(asarPath, 'out', 'main', 'index.js'),
    });
    const inAsar = new Set(listPackage(asarPath, { isPack: false }).map((p) => p.replaceAll('\\', '/')));
    const asarEntry = (path: string): string => `/${path.slice(asarPath.length + 1).replaceAll('\\', '/')}`;
    expect(layout.root).toBe(asarPath);
    expect(inAsar.has(asarEntry(layout.preloadPath))).toBe(true);
    expect(inAsar.has(asarEntry(join(layout.rendererDir, 'index.html')))).toBe(true);
    expect(inAsar.has('/out/main/index.js')).toBe(true);
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    expect(pkg.main).toBe('./out/main/index.js');
    // Icons the shell loads at run time are real files beside the asar.
    for (const state of ['off', 'ready', 'restarting', 'fallback']) {
      expect(existsSync(join(layout.resourcesDir, 'tray', `tray-${state}.png`)), state).toBe(true);
      expect(existsSync(join(layout.resourcesDir, 'tray', `tray-${state}@2x.png`)), state).toBe(true);
    }
    expect(existsSync(join(layout.resourcesDir, 'icons', '256x256.png'))).toBe(true);
    // Nothing of the sources, tests or source maps is shipped.
    expect([...inAsar].filter((p) => !p.startsWith('/node_modules/') && /(^\/src\/|\.test\.|\.map$)/.test(p))).toEqual([]);
  });

  it('ships the renderer under the strict production CSP', () => {
    const html = extractFile(join(unpacked, 'resources', 'app.asar'), 'out/renderer/index.html').toString('utf8');
    const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replaceAll('&#39;', "'");
    expect(content).toBe(contentSecurityPolicy('production'));
  });
});
