import { watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { ConfigProblem, SettingsView } from '../../shared/api';
import type { RoutingMode } from '../../shared/chat';
import type { ConfigFile } from '../../shared/config-schema';
import { SwitchyardError } from '../../shared/errors';
import { MAX_CONFIG_BYTES, readConfigText, validateConfigText, validateConfigValue } from '../config/load-config';
import { defaultConfigFile, serializeConfig } from '../config/serialize-config';
import { nullLogger, type Logger } from '../logging/logger';
import { writeFileAtomic } from './atomic-write';
import { maskConfigSecrets, restoreMaskedSecrets } from './config-masking';
import { KeyedQueue } from './keyed-queue';

/**
 * The YAML config file in the data folder, as the app's settings. Rules:
 * - a missing file is created with the defaults, so the user has something to edit by hand;
 * - an invalid file is never overwritten behind the user's back: the app runs on defaults and the
 *   problems (path + line) are shown; only an explicit, valid save replaces it, and the invalid text is
 *   first copied aside (`config.yaml.invalid-<time>`) byte for byte;
 * - saves are validated first (nothing is written when validation fails) and written atomically.
 */
export class SettingsStore {
  private current: ConfigFile;
  private problems: ConfigProblem[];
  private readonly queue = new KeyedQueue();
  private readonly listeners = new Set<(file: ConfigFile) => void>();
  private readonly problemListeners = new Set<(problems: ConfigProblem[]) => void>();
  /** The file's text as last read or written, so the watcher ignores our own writes. */
  private lastText: string | undefined;

  private constructor(
    readonly path: string,
    initial: { file: ConfigFile; problems: ConfigProblem[] },
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.current = initial.file;
    this.problems = initial.problems;
  }

  static async open(path: string, options: { logger?: Logger; now?: () => number; createIfMissing?: boolean } = {}): Promise<SettingsStore> {
    const logger = options.logger ?? nullLogger;
    const initial = await readConfigFile(path);
    const store = new SettingsStore(path, initial ?? { file: defaultConfigFile(), problems: [] }, logger, options.now ?? Date.now);
    store.lastText = initial?.text;
    if (initial === undefined && options.createIfMissing !== false) {
      await store.queue.run('file', () => store.write(serializeConfig(store.current)));
      logger.log('info', 'settings.created', { path });
    } else if (initial && initial.problems.length > 0) {
      logger.log('warn', 'settings.invalid_on_disk', { path, problems: initial.problems });
    }
    return store;
  }

  /** The config in effect (defaults while the file on disk is invalid). Contains secrets: main only. */
  file(): ConfigFile {
    return structuredClone(this.current);
  }

  /** What the renderer sees: literal keys masked. */
  view(): SettingsView {
    return { config: maskConfigSecrets(this.current), path: this.path, problems: structuredClone(this.problems) };
  }

  /** True while the file on disk could not be used; automatic saves (the mode switch) are skipped then. */
  get diskInvalid(): boolean {
    return this.problems.length > 0;
  }

  validate(value: unknown): { ok: boolean; problems: ConfigProblem[]; config?: ConfigFile } {
    return validateConfigValue(value);
  }

  /** Validates and writes a whole config; masked secrets in it mean "keep the value on record". */
  async save(value: unknown): Promise<SettingsView> {
    const result = this.validate(value);
    if (!result.ok || !result.config) throw validationFailed(result.problems);
    const next = restoreMaskedSecrets(result.config, this.current);
    const text = serializeConfig(next);
    // What is saved must load again: a file past the loader's limit would be refused at the next start.
    if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
      throw validationFailed([{ path: '', message: `the config would be larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, the limit for a config file` }]);
    }
    await this.queue.run('file', async () => {
      await this.preserveInvalidFileOnDisk();
      await this.write(text);
      this.current = next;
      this.problems = [];
    });
    this.notify();
    return this.view();
  }

  /** Applies a change to the current config and saves it (same validation as `save`). */
  async change(edit: (file: ConfigFile) => void): Promise<SettingsView> {
    const next = this.file();
    edit(next);
    return this.save(next);
  }

  /**
   * Records the routing mode. Persisted when the file on disk is valid; otherwise kept in memory only,
   * because writing would replace the user's (broken) file. Returns whether it reached the disk.
   */
  async setMode(mode: RoutingMode): Promise<boolean> {
    if (this.diskInvalid) {
      this.current = { ...this.current, routing: { ...this.current.routing, mode } };
      this.notify();
      return false;
    }
    await this.change((file) => (file.routing.mode = mode));
    return true;
  }

  /**
   * The file was edited by hand: a valid file takes effect (listeners are told); an invalid one is reported
   * in the view's problems while the app keeps running on what it had. Never writes.
   */
  async reloadFromDisk(): Promise<'unchanged' | 'reloaded' | 'invalid'> {
    return this.queue.run('file', async () => {
      const onDisk = await readConfigFile(this.path);
      if (!onDisk || onDisk.text === this.lastText) return 'unchanged';
      this.lastText = onDisk.text;
      if (onDisk.problems.length > 0) {
        this.problems = onDisk.problems;
        this.logger.log('warn', 'settings.invalid_edit', { path: this.path, problems: onDisk.problems });
        this.notifyProblems();
        return 'invalid';
      }
      this.current = onDisk.file;
      const hadProblems = this.problems.length > 0;
      this.problems = [];
      if (hadProblems) this.notifyProblems();
      this.logger.log('info', 'settings.reloaded', { path: this.path });
      this.notify();
      return 'reloaded';
    });
  }

  /** Watches the folder (editors replace files by rename) and reloads after edits settle. */
  watch(debounceMs = 200): () => void {
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(this.path), (_event, name) => {
        if (name !== null && name !== basename(this.path)) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.reloadFromDisk().catch((error: unknown) => this.logger.log('warn', 'settings.reload_failed', { error: String(error) }));
        }, debounceMs);
      });
      watcher.on('error', () => watcher?.close());
    } catch (error) {
      this.logger.log('warn', 'settings.watch_unavailable', { error: String(error) });
    }
    return () => {
      clearTimeout(timer);
      watcher?.close();
    };
  }

  onChange(listener: (file: ConfigFile) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The file on disk became invalid, or valid again, without the config in effect changing. */
  onProblems(listener: (problems: ConfigProblem[]) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  private notifyProblems(): void {
    for (const listener of this.problemListeners) listener(structuredClone(this.problems));
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.file());
  }

  /** Re-reads the file just before writing: a file the user broke by hand since start is kept too. */
  private async preserveInvalidFileOnDisk(): Promise<void> {
    const onDisk = await readConfigFile(this.path);
    if (onDisk && onDisk.problems.length > 0) {
      const backup = `${this.path}.invalid-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
      await copyFile(this.path, backup);
      this.logger.log('warn', 'settings.invalid_file_kept', { path: this.path, backup });
    }
  }

  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    this.lastText = text;
    await writeFileAtomic(this.path, text);
  }
}

/** undefined: no file. Otherwise the file's config, or defaults plus its problems. */
async function readConfigFile(path: string): Promise<{ file: ConfigFile; problems: ConfigProblem[]; text?: string } | undefined> {
  let text: string;
  try {
    text = await readConfigText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return { file: defaultConfigFile(), problems: [{ path: '', message: `cannot read ${path}: ${code ?? String(error)}` }] };
  }
  const result = validateConfigText(text);
  if (result.ok && result.config) return { file: result.config, problems: [], text };
  return { file: defaultConfigFile(), problems: result.problems, text };
}

export function validationFailed(problems: ConfigProblem[]): SwitchyardError {
  const first = problems[0];
  const summary = first ? `${first.path || 'config'}: ${first.message}` : 'invalid config';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new SwitchyardError('VALIDATION_FAILED', `${summary}${more}`, {
    details: { field: first?.path ?? '', problems },
  });
}
