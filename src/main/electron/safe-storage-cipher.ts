import { safeStorage } from 'electron';
import type { StringCipher } from '../stores/encrypted-secrets';

/**
 * Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) as the secrets store's cipher, through its
 * asynchronous calls (the synchronous ones are deprecated and block the main process on the keychain).
 * On Linux without a keyring it falls back to a hard-coded password ('basic_text'); that is not
 * encryption worth the name, so it counts as unavailable and the UI says to use environment variables.
 */
export const safeStorageCipher: StringCipher = {
  isEncryptionAvailable: async () => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  },
  encryptString: (plain) => safeStorage.encryptStringAsync(plain),
  decryptString: (encrypted) => safeStorage.decryptStringAsync(Buffer.from(encrypted)),
};
