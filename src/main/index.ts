/**
 * Electron composition root: everything lives in electron/electron-app.ts (the shell) and api/ (the
 * services); this file only starts it. Not loaded by tests or the CLI.
 */
import { runElectronApp } from './electron/electron-app';

runElectronApp().catch((error: unknown) => {
  console.error('Switchyard failed to start:', error);
  process.exit(1);
});
