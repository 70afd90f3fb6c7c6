import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary, launchPlan } from './electron-binary';

const ROOT = resolve(import.meta.dirname, '..');
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-electron-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A node_modules/electron as npm leaves it: without path.txt until the binary has been downloaded. */
function electronPackage(downloaded: boolean): string {
  const dir = tempDir();
  if (downloaded) {
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(join(dir, 'dist', 'electron'), 0o755);
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('finds the downloaded binary through path.txt', () => {
    const dir = electronPackage(true);
    expect(findElectronBinary(dir, {})).toEqual({ path: join(dir, 'dist', 'electron') });
  });

  it('says the binary was never downloaded when path.txt is absent', () => {
    const dir = electronPackage(false);
    expect(findElectronBinary(dir, {})).toEqual({ missing: `${join(dir, 'path.txt')} is absent: the binary was never downloaded` });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, and says when it points nowhere', () => {
    const dir = electronPackage(false);
    const dist = electronPackage(true);
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dist, 'dist') })).toEqual({ path: join(dist, 'dist', 'electron') });
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' })).toEqual({
      missing: 'ELECTRON_OVERRIDE_DIST_PATH is set, but /nonexistent/electron does not exist or is not executable',
    });
  });
});

describe('launchPlan', () => {
  it('runs electron-vite with the binary it found', () => {
    expect(launchPlan({ path: '/e/electron' }, '/ev.js', 'preview', ['--noSandbox'])).toEqual({
      run: { args: ['/ev.js', 'preview', '--noSandbox'], env: { ELECTRON_EXEC_PATH: '/e/electron' } },
    });
  });

  it('without a binary: what is missing, how to get it, browser mode instead, exit 1', () => {
    const plan = launchPlan({ missing: 'path.txt is absent' }, '/ev.js', 'dev', []);
    if (!('fail' in plan)) throw new Error('expected a failure');
    expect(plan.fail.exitCode).toBe(1);
    expect(plan.fail.message).toContain("npm run dev: cannot run the Electron app: Electron's binary is not installed (path.txt is absent).");
    expect(plan.fail.message).toContain('npx install-electron');
    expect(plan.fail.message).toContain('npm run serve');
  });
});

describe('npm start without Electron', () => {
  it('prints what is missing and exits non-zero (electron-vite alone said "Electron uninstall")', () => {
    // An override that points at an empty folder makes the binary missing on any machine.
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/start-electron.ts'), 'preview'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: tempDir() },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("npm start: cannot run the Electron app: Electron's binary is not installed");
    expect(result.stderr).toContain('npm run serve');
    expect(result.stdout).not.toContain('building');
  });
});
