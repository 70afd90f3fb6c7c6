import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Who may know whom, checked on the whole import graph of src/ (static, type-only and dynamic imports
 * alike): the acceptance rules of the layout in the README, which ESLint's no-restricted-imports also
 * reports in the editor (it cannot see dynamic imports).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Edge {
  from: string;
  to: string;
}

const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);
const isTestHelper = (file: string): boolean => isTest(file) || file.startsWith('test/') || /(^|\/)test-support\//.test(file);
const under = (file: string, folder: string): boolean => file.startsWith(`${folder}/`);

interface Rule {
  name: string;
  forbids(edge: Edge): boolean;
}

const RULES: Rule[] = [
  { name: 'routing/ imports nothing of gateway/', forbids: ({ from, to }) => under(from, 'src/main/routing') && under(to, 'src/main/gateway') },
  { name: 'gateway/ imports nothing of routing/', forbids: ({ from, to }) => under(from, 'src/main/gateway') && under(to, 'src/main/routing') },
  { name: 'server/ imports nothing of ipc/', forbids: ({ from, to }) => under(from, 'src/main/server') && under(to, 'src/main/ipc') },
  { name: 'production code imports no test helper', forbids: ({ to }) => isTestHelper(to) },
  {
    name: 'shared/ and client/ import nothing of main/, preload/ or renderer/',
    forbids: ({ from, to }) => (under(from, 'src/shared') || under(from, 'src/client')) && ['src/main', 'src/preload', 'src/renderer'].some((f) => under(to, f)),
  },
  { name: 'the renderer reaches main only through the bridge', forbids: ({ from, to }) => under(from, 'src/renderer') && (under(to, 'src/main') || under(to, 'src/preload')) },
];

/** Edges between production files that break a rule (tests and their helpers may wire anything). */
function violations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    if (isTestHelper(edge.from)) continue;
    for (const rule of RULES) if (rule.forbids(edge)) out.push(`${rule.name}: ${edge.from} → ${edge.to}`);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return base.replace(/\.js$/, '.ts');
}

function importGraph(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName);
      if (target) edges.push({ from: relative(ROOT, file), to: relative(ROOT, target) });
    }
  }
  return edges;
}

describe('the import graph', () => {
  it('keeps the rooms apart: no back-edge between routing/ and gateway/, none from server/ into ipc/, no test helper in production', () => {
    const edges = importGraph();
    expect(edges.length).toBeGreaterThan(500);
    expect(violations(edges)).toEqual([]);
  });

  it('reports each kind of forbidden edge, dynamic imports included', () => {
    const bad: Edge[] = [
      { from: 'src/main/routing/plano-embedded-router.ts', to: 'src/main/gateway/supervisor.ts' },
      { from: 'src/main/gateway/health-checker.ts', to: 'src/main/routing/types.ts' },
      { from: 'src/main/server/ws-session.ts', to: 'src/main/ipc/event-queue.ts' },
      { from: 'src/main/api/api-core.ts', to: 'test/support/until.ts' },
      { from: 'src/renderer/src/main.tsx', to: 'src/renderer/src/test-support/render-app.tsx' },
      { from: 'src/shared/api.ts', to: 'src/main/api/api-core.ts' },
      { from: 'src/renderer/src/app/app.tsx', to: 'src/preload/create-electron-bridge.ts' },
    ];
    expect(violations(bad)).toHaveLength(bad.length);
    // Tests wire what they test; the wiring in api/ may know both rooms.
    expect(violations([{ from: 'src/main/routing/plano-embedded-router.test.ts', to: 'src/main/gateway/supervisor.ts' }])).toEqual([]);
    expect(violations([{ from: 'src/main/api/gateway-service.ts', to: 'src/main/gateway/supervisor.ts' }])).toEqual([]);
    const { importedFiles } = ts.preProcessFile("const { GatewaySupervisor } = await import('../gateway/supervisor');", true, true);
    expect(importedFiles.map((f) => f.fileName)).toEqual(['../gateway/supervisor']);
  });
});
