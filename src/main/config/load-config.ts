import { open } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigProblem } from '../../shared/api';
import { configFileSchema, type ConfigFile } from '../../shared/config-schema';
import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import { problemsFromIssues } from './config-problems';
import { semanticProblems, resolveConfig } from './resolve-config';
import { YamlLocator } from './yaml-document';

/**
 * Reading the YAML config file: syntax errors and schema violations all become ConfigProblems
 * (path + line) inside one CONFIG_INVALID error, so the user sees every mistake at once.
 */

export interface ConfigValidation {
  ok: boolean;
  problems: ConfigProblem[];
  /** Present when ok: the file with defaults filled in. */
  config?: ConfigFile;
}

/** Validates an already-parsed value (the settings form); problems carry paths but no lines. */
export function validateConfigValue(value: unknown): ConfigValidation {
  const result = configFileSchema.safeParse(value ?? {});
  if (!result.success) return { ok: false, problems: problemsFromIssues(result.error.issues) };
  const problems = semanticProblems(result.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, problems: [], config: result.data };
}

/** A hand-written config is a few KB; one of thousands of providers is well under this. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Aliases may share a block or two; an alias "bomb" that expands past this is refused. */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates YAML text, in time linear in its length. */
export function validateConfigText(text: string): ConfigValidation {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) return { ok: false, problems: [tooLarge()] };
  const lines = new LineCounter();
  // Duplicate keys are found by the locator in one pass: the parser's own check is quadratic in a map's size.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
        const problem: ConfigProblem = { path: '', message: `YAML syntax: ${firstLine(e.message)}` };
        if (line !== undefined) problem.line = line;
        return problem;
      }),
    };
  }
  const locator = new YamlLocator(doc, lines);
  const duplicates = locator.duplicateKeys();
  if (duplicates.length > 0) return { ok: false, problems: byLine(duplicates) };
  const value = toValue(doc, locator);
  if ('problem' in value) return { ok: false, problems: [value.problem] };
  if (value.js !== null && value.js !== undefined && (typeof value.js !== 'object' || Array.isArray(value.js))) {
    return { ok: false, problems: [{ path: '', message: 'the config file must be a mapping (key: value)', line: 1 }] };
  }
  const result = configFileSchema.safeParse(value.js ?? {});
  if (!result.success) return { ok: false, problems: byLine(problemsFromIssues(result.error.issues, locator)) };
  const problems = semanticProblems(result.data).map((p) => {
    const line = locator.lineOf(p.path.split('.'));
    return line === undefined ? p : { ...p, line };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, problems: [], config: result.data };
}

/** Parses YAML text or throws CONFIG_INVALID with `details.problems`. */
export function parseConfigText(text: string, source = 'config'): ConfigFile {
  const result = validateConfigText(text);
  if (!result.ok || !result.config) throw configInvalid(source, result.problems);
  return result.config;
}

export interface LoadedConfigFile {
  path: string;
  /** False when the file does not exist and defaults were used (only with `missingOk`). */
  exists: boolean;
  file: ConfigFile;
}

/**
 * Reads the config file at `path`. A missing file is CONFIG_INVALID unless `missingOk`, in which case
 * the defaults are returned (first run: the app has not written a file yet).
 */
export async function loadConfigFile(path: string, options: { missingOk?: boolean } = {}): Promise<LoadedConfigFile> {
  let text: string;
  try {
    text = await readConfigText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.missingOk) return { path, exists: false, file: configFileSchema.parse({}) };
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(error);
    throw new SwitchyardError('CONFIG_INVALID', `cannot read config ${path}: ${why}`, {
      details: { path, problems: [{ path: '', message: why }] satisfies ConfigProblem[] },
      cause: error,
    });
  }
  return { path, exists: true, file: parseConfigText(text, path) };
}

/** Reads, validates and resolves (durations, `$ENV` keys, defaults) in one go. */
export async function loadConfig(
  path: string,
  options: { missingOk?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<SwitchyardConfig> {
  const loaded = await loadConfigFile(path, options);
  return resolveConfig(loaded.file, options.env ?? process.env);
}

export function configInvalid(source: string, problems: ConfigProblem[]): SwitchyardError {
  const summary = problems.map(formatProblem).join('\n  ');
  return new SwitchyardError('CONFIG_INVALID', `invalid config ${source}:\n  ${summary}`, {
    details: { source, problems },
  });
}

/** `routing.plano_proxy.timeout (line 7): must be a duration ...` */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path === '' ? '(file)' : problem.path;
  return problem.line === undefined ? `${where}: ${problem.message}` : `${where} (line ${problem.line}): ${problem.message}`;
}

/**
 * The file's text, reading at most one byte past MAX_CONFIG_BYTES: a file that large is refused by
 * validation whatever follows, and a huge file (or a device) is not read into memory first.
 */
export async function readConfigText(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let filled = 0;
    for (let read = -1; read !== 0 && filled < buffer.length; filled += read) {
      ({ bytesRead: read } = await handle.read(buffer, filled, buffer.length - filled, null));
    }
    return buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}

function tooLarge(): ConfigProblem {
  return { path: '', line: 1, message: `the file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, the limit for a config file` };
}

/** The document's value; an alias that expands too far is a problem at the alias, not an internal error. */
function toValue(doc: Document, locator: YamlLocator): { js: unknown } | { problem: ConfigProblem } {
  try {
    return { js: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const where = locator.firstAlias();
    const message = `aliases expand too far (${error instanceof Error ? error.message : String(error)}); write the values out instead of *references`;
    return { problem: { ...where, message } };
  }
}

/** In file order, so the list reads top to bottom like the file. */
function byLine(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
