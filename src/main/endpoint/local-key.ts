import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storageFailed, writeFileAtomic } from '../stores/atomic-write';

/**
 * The local endpoint's key: made on first start, kept in the data folder (owner-only), the same for the app,
 * `switchyard serve --endpoint` and `switchyard endpoint`. It lets local tools in; it is not a provider key
 * and never unlocks one (provider keys stay inside Switchyard whatever a client sends).
 */

export const LOCAL_KEY_FILE = 'endpoint-key';
const PREFIX = 'sy-local-';

export function localKeyPath(dataDir: string): string {
  return join(dataDir, LOCAL_KEY_FILE);
}

export async function loadOrCreateLocalKey(dataDir: string): Promise<string> {
  const path = localKeyPath(dataDir);
  try {
    const key = (await readFile(path, 'utf8')).trim();
    if (key.length >= 24) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storageFailed(path, error);
  }
  return regenerateLocalKey(dataDir);
}

export async function regenerateLocalKey(dataDir: string): Promise<string> {
  const key = `${PREFIX}${randomBytes(24).toString('base64url')}`;
  await writeFileAtomic(localKeyPath(dataDir), `${key}\n`, 0o600);
  return key;
}

/** For showing: the prefix and the last four characters. */
export function maskKey(key: string): string {
  return `${key.startsWith(PREFIX) ? PREFIX : ''}…${key.slice(-4)}`;
}
