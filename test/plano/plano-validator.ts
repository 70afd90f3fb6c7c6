import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

/**
 * Plano 0.4.36's own start-up validator (`../shared/plano-0.4.36/validate.sh`, beside the repository as in
 * CI): the judge of every plano_config.yaml Switchyard generates. Missing (or without python3-jinja2,
 * -jsonschema, -yaml) it fails the run under CI=true and is skipped with the reason elsewhere.
 */

const execFileAsync = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
export const VALIDATOR = resolve(ROOT, '..', 'shared', 'plano-0.4.36', 'validate.sh');

export type Validation = { accepted: true; rendered: Record<string, unknown> } | { accepted: false; error: string };

/** Runs the validator on one config text; the rendered config is parsed from plano_config_rendered.yaml. */
export async function validateWithPlano(yaml: string): Promise<Validation> {
  const dir = mkdtempSync(join(tmpdir(), 'plano-validate-'));
  try {
    const file = join(dir, 'plano_config.yaml');
    writeFileSync(file, yaml);
    try {
      await execFileAsync(VALIDATOR, [file, join(dir, 'out')]);
    } catch (error) {
      const e = error as { code?: number; stderr?: string };
      if (e.code === 3) throw new Error(`Plano's validator cannot run: ${e.stderr?.trim()}`);
      return { accepted: false, error: (e.stderr ?? String(error)).trim() };
    }
    return { accepted: true, rendered: parse(readFileSync(join(dir, 'out', 'plano_config_rendered.yaml'), 'utf8')) as Record<string, unknown> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let checked: Promise<string | undefined> | undefined;

/** Undefined when the validator runs here; otherwise why not. Throws in CI, where it must run. */
export function validatorMissing(): Promise<string | undefined> {
  checked ??= (async () => {
    let missing: string | undefined;
    if (!existsSync(VALIDATOR)) missing = `Plano's validator is not at ${VALIDATOR} (copy shared/ beside the repository)`;
    else {
      try {
        await validateWithPlano('version: v0.4.0\nlisteners: [{type: model, name: llm, port: 12000}]\nmodel_providers: [{model: openai/gpt-4o}]\n');
      } catch (error) {
        missing = error instanceof Error ? error.message : String(error);
      }
    }
    if (missing && process.env.CI === 'true') throw new Error(`CI needs Plano's validator: ${missing}`);
    if (missing) console.warn(`[Plano validator tests skipped] ${missing}`);
    return missing;
  })();
  return checked;
}
