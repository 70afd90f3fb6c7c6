import type { z } from 'zod';
import type { ConfigProblem } from '../../shared/api';
import { configFileSchema } from '../../shared/config-schema';
import type { YamlLocator } from './yaml-document';

/**
 * Turns zod issues into ConfigProblems: one per offending key, with a dotted path and, when the YAML
 * document is at hand, the line of the key (or of the nearest existing parent when the key is missing).
 */

type PathSegment = PropertyKey;

export function dottedPath(path: readonly PathSegment[]): string {
  return path.map((s) => String(s)).join('.');
}

/** Every issue becomes at least one problem; unknown keys become one problem each (path includes the key). */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  located?: YamlLocator,
  /** The schema the issues came from, for "did you mean" hints; pass a section's schema when validating a section. */
  root: z.ZodType = configFileSchema,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const push = (path: readonly PathSegment[], message: string): void => {
    const problem: ConfigProblem = { path: dottedPath(path), message };
    const line = located?.lineOf(path);
    if (line !== undefined) problem.line = line;
    problems.push(problem);
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push([...issue.path, key], unknownKeyMessage(key, issue, root));
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      push(issue.path, `invalid name: ${inner}`);
    } else {
      push(issue.path, friendlyMessage(issue));
    }
  }
  return problems;
}

function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is required';
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type') return issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${String(issue.maximum)}`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
  if (issue.code === 'invalid_format' && issue.format === 'regex') return issue.message;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'must be an http:// or https:// URL';
  return issue.message;
}

function unknownKeyMessage(key: string, issue: z.core.$ZodIssue, root: z.ZodType): string {
  const known = objectKeysAt(root, issue.path);
  const guess = known ? closest(key, known) : undefined;
  return guess ? `unknown key "${key}" (did you mean "${guess}"?)` : `unknown key "${key}"`;
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

/** The keys the schema accepts for the object at `path` (records are walked through their values). */
export function objectKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let remaining = [...path];
  for (let guard = 0; current && guard < 64; guard++) {
    const def: SchemaDef = (current as unknown as { _zod: { def: SchemaDef } })._zod.def;
    if (def.type === 'default' || def.type === 'optional' || def.type === 'prefault' || def.type === 'nullable') {
      current = def.innerType;
    } else if (remaining.length === 0) {
      return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
    } else if (def.type === 'object' && def.shape) {
      current = def.shape[String(remaining[0])];
      remaining = remaining.slice(1);
    } else if (def.type === 'record') {
      current = def.valueType;
      remaining = remaining.slice(1);
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The known key within edit distance 2 (typos like `timout`, `base-url`), if any. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  const normalized = key.toLowerCase().replace(/-/g, '_');
  for (const candidate of candidates) {
    const d = editDistance(normalized, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
