import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { IPC_CHANNELS } from '../../shared/api-transport';
import { composeApp, type ComposedApp } from '../api/compose-app';
import { appPaths, resolveConfigPath } from '../config/app-paths';
import { registerApiIpc, type ApiIpcHandle } from '../ipc/register-api-ipc';
import { createFileLogger } from '../logging/file-logger';
import { tailLines } from '../logging/tail';
import { EncryptedFileSecrets } from '../stores/encrypted-secrets';
import { appUrl } from '../security/app-url';
import { createMainWindow, type MainWindow } from './main-window';
import { safeStorageCipher } from './safe-storage-cipher';
import { applySecurityRestrictions } from './security-restrictions';

/**
 * The Electron shell's lifecycle: one instance, one window, the API over IPC, and on quit the router is
 * closed (which stops and removes an embedded gateway container) before the process exits.
 */
export async function runElectronApp(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const paths = appPaths();
  app.setPath('userData', paths.dataDir);
  const logger = createFileLogger({ path: paths.logFile });
  const here = dirname(fileURLToPath(import.meta.url)); // out/main
  const urls = appUrl({ rendererDir: join(here, '../renderer'), devServerUrl: process.env.ELECTRON_RENDERER_URL });
  const preloadPath = join(here, '../preload/index.cjs');
  applySecurityRestrictions(urls, logger);

  await app.whenReady();
  const composed: ComposedApp = await composeApp({
    configPath: resolveConfigPath(undefined).path,
    dataDir: paths.dataDir,
    secrets: await EncryptedFileSecrets.open(join(paths.dataDir, 'secrets.json'), safeStorageCipher),
    logger,
    errorLog: { path: paths.logFile, tail: (n) => tailLines(paths.logFile, n) },
    openPath: (path) => shell.openPath(path),
    onConfigChange: (_config, secretValues) => logger.addSecrets(secretValues),
  });

  let main: MainWindow | undefined;
  const ipc: ApiIpcHandle = registerApiIpc({
    ipcMain,
    core: composed.core,
    logger,
    isTrustedSender: (event) => main?.isTrustedSender(event) ?? false,
    sendEvent: (event) => {
      if (main && !main.window.isDestroyed()) main.window.webContents.send(IPC_CHANNELS.event, event.name, event.payload);
    },
  });
  const openWindow = (): void => {
    main = createMainWindow({ appUrl: urls, preloadPath });
    // A reload or crash-recovery loads a new page: hold events until it is ready again.
    main.window.webContents.on('did-start-loading', () => ipc.pageReloading());
  };
  openWindow();

  app.on('second-instance', () => {
    if (!main || main.window.isDestroyed()) return openWindow();
    if (main.window.isMinimized()) main.window.restore();
    main.window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let shutDown = false;
  app.on('before-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    shutDown = true;
    logger.log('info', 'app.quitting', {});
    ipc.dispose();
    composed
      .close()
      .catch((error: unknown) => logger.log('error', 'app.close_failed', { error: String(error) }))
      .finally(() => {
        logger.close();
        app.quit();
      });
  });
}
