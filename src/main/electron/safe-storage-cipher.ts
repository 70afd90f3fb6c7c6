import { safeStorage } from 'electron';
import type { StringCipher } from '../stores/encrypted-secrets';

/**
 * Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) as the secrets store's cipher. On Linux
 * without a keyring it falls back to a hard-coded password ('basic_text'); that is not encryption worth
 * the name, so it counts as unavailable and the UI says to use environment variables instead.
 */
export const safeStorageCipher: StringCipher = {
  isEncryptionAvailable: () => {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  },
  encryptString: (plain) => safeStorage.encryptString(plain),
  decryptString: (encrypted) => safeStorage.decryptString(Buffer.from(encrypted)),
};
