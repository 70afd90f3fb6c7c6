import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable } from './lib/format-table';
import type { BenchSuite, BenchTable } from './types';

/**
 * `npm run bench [-- <suite> ...]`: runs every suite in bench/suites (or the named ones), prints their
 * tables, and writes bench/results/<timestamp>.json and bench/results/latest.json (kept in git, so a
 * change in the figures shows up in review). A goal miss is a note, never a failure; a suite that
 * crashes is recorded and makes the exit code 1.
 */

const here = dirname(fileURLToPath(import.meta.url));
const suitesDir = join(here, 'suites');
const resultsDir = join(here, 'results');

interface SuiteResult {
  name: string;
  file: string;
  durationMs: number;
  tables: BenchTable[];
  error?: string;
}

async function loadSuites(): Promise<{ file: string; suite: BenchSuite }[]> {
  const files = (await readdir(suitesDir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')).sort();
  const loaded = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(suitesDir, file)).href)) as { default?: Partial<BenchSuite> };
    const suite = mod.default;
    if (!suite || typeof suite.name !== 'string' || typeof suite.run !== 'function') {
      throw new Error(`bench/suites/${file} must \`export default { name, run }\``);
    }
    loaded.push({ file, suite: suite as BenchSuite });
  }
  return loaded;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const all = await loadSuites();
  const unknown = wanted.filter((name) => !all.some((s) => s.suite.name === name || basename(s.file, '.ts') === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown suite ${unknown.map((u) => `"${u}"`).join(', ')}; available: ${all.map((s) => s.suite.name).join(', ')}\n`);
    return 2;
  }
  const selected = wanted.length === 0 ? all : all.filter((s) => wanted.includes(s.suite.name) || wanted.includes(basename(s.file, '.ts')));

  const startedAt = new Date();
  const results: SuiteResult[] = [];
  for (const { file, suite } of selected) {
    process.stdout.write(`\n=== ${suite.name} (bench/suites/${file}) ===\n`);
    const t0 = performance.now();
    try {
      const tables = await suite.run();
      const durationMs = Math.round(performance.now() - t0);
      for (const table of tables) process.stdout.write(`\n${formatTable(table)}\n`);
      process.stdout.write(`\n(${suite.name}: ${(durationMs / 1000).toFixed(1)} s)\n`);
      results.push({ name: suite.name, file, durationMs, tables });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`\nbench: suite ${suite.name} failed:\n${message}\n`);
      results.push({ name: suite.name, file, durationMs: Math.round(performance.now() - t0), tables: [], error: message });
    }
  }

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    suites: results,
  };
  await mkdir(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const text = `${JSON.stringify(report, null, 2)}\n`;
  // Write-then-rename would be tidier, but a partial file is only possible on a crash mid-write of a few KB.
  await writeFile(join(resultsDir, `${stamp}.json`), text);
  await writeFile(join(resultsDir, 'latest.json'), await mergeLatest(join(resultsDir, 'latest.json'), report));
  process.stdout.write(`\nresults: bench/results/${stamp}.json (and latest.json)\n`);
  return results.some((r) => r.error) ? 1 : 0;
}

/**
 * latest.json holds the newest result of EVERY suite (each with the run it came from), so running one
 * suite does not drop the others' figures.
 */
async function mergeLatest(path: string, report: { suites: SuiteResult[] } & Record<string, unknown>): Promise<string> {
  const { suites, ...run } = report;
  let previous: Array<SuiteResult & { run?: unknown }> = [];
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { suites?: unknown }).suites)) {
      previous = (parsed as { suites: Array<SuiteResult & { run?: unknown }> }).suites;
    }
  } catch {
    // No (or an unreadable) latest.json: start afresh.
  }
  const byName = new Map(previous.map((s) => [s.name, s]));
  for (const suite of suites) byName.set(suite.name, { ...suite, run });
  const merged = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return `${JSON.stringify({ updatedAt: run.finishedAt, suites: merged }, null, 2)}\n`;
}

process.exitCode = await main(process.argv.slice(2));
