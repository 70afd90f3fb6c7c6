import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwitchyardError } from '../../shared/errors';
import { writeFileAtomic } from './atomic-write';
import { KeyedQueue } from './keyed-queue';
import type { SecretsBackend } from './secrets-store';

/**
 * Keys in a file, each encrypted by an injected cipher (Electron's safeStorage, via src/main/electron).
 * The file holds only ciphertext (base64); plaintext lives in memory in main and nowhere else.
 */
export interface StringCipher {
  isEncryptionAvailable(): Promise<boolean>;
  encryptString(plain: string): Promise<Uint8Array>;
  /** `shouldReEncrypt`: the ciphertext is readable but was made with an older or weaker key. */
  decryptString(encrypted: Uint8Array): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

interface SecretsFile {
  version: 1;
  secrets: Record<string, string>;
}

export class EncryptedFileSecrets implements SecretsBackend {
  readonly kind = 'safeStorage' as const;
  private readonly plain = new Map<string, string>();
  private readonly queue = new KeyedQueue();

  private constructor(
    readonly path: string,
    private readonly cipher: StringCipher,
    private encrypted: Record<string, string>,
  ) {}

  /**
   * Reads the file; entries that no longer decrypt (another machine's keychain) are treated as unset.
   * Entries the keychain asks to have re-encrypted (its key was rotated or upgraded) are rewritten.
   */
  static async open(path: string, cipher: StringCipher): Promise<EncryptedFileSecrets> {
    let encrypted: Record<string, string> = {};
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<SecretsFile>;
      if (parsed && typeof parsed.secrets === 'object' && parsed.secrets !== null) encrypted = { ...parsed.secrets };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') encrypted = {};
    }
    const store = new EncryptedFileSecrets(path, cipher, encrypted);
    if (!(await cipher.isEncryptionAvailable())) return store;
    const stale: string[] = [];
    await Promise.all(
      Object.entries(encrypted).map(async ([name, value]) => {
        try {
          const { result, shouldReEncrypt } = await cipher.decryptString(Buffer.from(value, 'base64'));
          store.plain.set(name, result);
          if (shouldReEncrypt) stale.push(name);
        } catch {
          // unreadable here; left in the file untouched until the user sets it again
        }
      }),
    );
    if (stale.length > 0) await store.reEncrypt(stale);
    return store;
  }

  get(name: string): string | undefined {
    return this.plain.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    if (!(await this.cipher.isEncryptionAvailable())) {
      throw new SwitchyardError(
        'VALIDATION_FAILED',
        'The system keychain is not available, so keys cannot be stored encrypted. Use an environment variable ($NAME in the config file) instead.',
        { details: { field: 'value' } },
      );
    }
    await this.persist({ ...this.encrypted, [name]: await this.encrypt(value) });
    this.plain.set(name, value);
  }

  async clear(name: string): Promise<void> {
    const next = { ...this.encrypted };
    delete next[name];
    await this.persist(next);
    this.plain.delete(name);
  }

  /** Best effort: the old ciphertext still decrypts, so a failure here costs nothing but the upgrade. */
  private async reEncrypt(names: string[]): Promise<void> {
    try {
      const next = { ...this.encrypted };
      for (const name of names) next[name] = await this.encrypt(this.plain.get(name)!);
      await this.persist(next);
    } catch {
      // tried again at the next start
    }
  }

  private async encrypt(plain: string): Promise<string> {
    return Buffer.from(await this.cipher.encryptString(plain)).toString('base64');
  }

  private async persist(next: Record<string, string>): Promise<void> {
    await this.queue.run('file', async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const file: SecretsFile = { version: 1, secrets: next };
      await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
      this.encrypted = next;
    });
  }
}
