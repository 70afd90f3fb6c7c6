import { join } from 'node:path';
import { app, shell } from 'electron';
import { composeApp } from '../api/compose-app';
import { appLayout } from '../config/app-layout';
import { appPaths, resolveConfigPath } from '../config/app-paths';
import { startupFailureDialog } from '../desktop/startup-failure';
import { createLocalEndpoint } from '../endpoint/endpoint-service';
import { createFileLogger, type FileLogger } from '../logging/file-logger';
import { tailLines } from '../logging/tail';
import { appUrl } from '../security/app-url';
import { EncryptedFileSecrets } from '../stores/encrypted-secrets';
import { ask } from './dialogs';
import { startDesktopShell } from './desktop-shell';
import { safeStorageCipher } from './safe-storage-cipher';
import { applySecurityRestrictions } from './security-restrictions';

/** Windows shows notifications only for apps with an AppUserModelID; it matches the installer's appId. */
export const APP_ID = 'dev.switchyard.app';

/**
 * The Electron shell's start-up: one instance; the data folder every entry point shares (Electron's own
 * userData included); the app's files from the layout of this build (dev, preview or packaged); the
 * services; then the window, menus and tray. A failure on the way shows why and where the log is, and
 * exits non-zero.
 */
export async function runElectronApp(): Promise<void> {
  const paths = appPaths();
  // Before the single-instance lock, which lives in userData: every launch must look in the same place.
  app.setPath('userData', paths.dataDir);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const logger = createFileLogger({ path: paths.logFile });
  try {
    await start(paths, logger);
  } catch (error) {
    await reportStartupFailure(error, paths.logFile, logger);
  }
}

async function start(paths: ReturnType<typeof appPaths>, logger: FileLogger): Promise<void> {
  const layout = appLayout({
    runtime: { kind: 'electron', isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, devServerUrl: process.env.ELECTRON_RENDERER_URL },
  });
  const urls = appUrl({ rendererDir: layout.rendererDir, devServerUrl: layout.devServerUrl });
  applySecurityRestrictions(urls, logger);
  logger.log('info', 'app.starting', { version: app.getVersion(), mode: layout.mode });

  await app.whenReady();
  const composed = await composeApp({
    configPath: resolveConfigPath(undefined).path,
    dataDir: paths.dataDir,
    secrets: await EncryptedFileSecrets.open(join(paths.dataDir, 'secrets.json'), safeStorageCipher),
    logger,
    errorLog: { path: paths.logFile, tail: (n) => tailLines(paths.logFile, n) },
    openPath: (path) => shell.openPath(path),
    onConfigChange: (_config, secretValues) => logger.addSecrets(secretValues),
    // The local endpoint runs while its Settings switch is on.
    endpoint: createLocalEndpoint({ dataDir: paths.dataDir }),
  });
  try {
    startDesktopShell({ composed, layout, urls, logger, logPath: paths.logFile });
  } catch (error) {
    // Whatever was started (an embedded gateway's container) must not outlive the failed start.
    await composed.close().catch(() => undefined);
    throw error;
  }
}

async function reportStartupFailure(error: unknown, logPath: string, logger: FileLogger): Promise<void> {
  logger.log('error', 'app.start_failed', { error: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack });
  logger.close();
  await app.whenReady();
  if ((await ask(startupFailureDialog(error, logPath))) === 'open-log') await shell.openPath(logPath);
  app.exit(1);
}
