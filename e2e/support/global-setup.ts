import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromiumMissingReason, isCI } from './chromium';
import { electronUnavailableReason } from './electron-binary';

const ROOT = resolve(import.meta.dirname, '../..');

/** What browser mode runs from: the CLI bundle and the built renderer. */
export const BUILD_OUTPUTS = ['out/main/cli.js', 'out/renderer/index.html'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** True when an output is missing or older than any source file (tests excluded) or the build config. */
export function buildIsStale(): boolean {
  const outputs = BUILD_OUTPUTS.map((p) => join(ROOT, p));
  if (outputs.some((p) => !existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const newestSource = Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'electron.vite.config.ts')).mtimeMs);
  return newestSource > oldestOutput;
}

/**
 * Runs `electron-vite build` when out/ is stale, so `npx playwright test` works on its own.
 * E2E_SKIP_BUILD=1 skips this (the lead's `npm test` may have built already).
 */
export default function globalSetup(): void {
  const missing = chromiumMissingReason();
  if (missing && isCI()) throw new Error(`e2e: ${missing}. In CI the browser specs may not skip.`);
  if (missing) console.warn(`e2e: ${missing}; the browser specs will be skipped.`);
  const noElectron = electronUnavailableReason();
  if (noElectron) console.warn(`e2e: the Electron specs will be skipped: ${noElectron}`);

  if (process.env.E2E_SKIP_BUILD === '1' || !buildIsStale()) return;
  console.log('e2e: out/ is stale, running `electron-vite build` ...');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`e2e: electron-vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}
