/**
 * Electron composition root: everything lives in electron/ (the shell) and api/ (the services); this file
 * only starts it. Not loaded by tests or the CLI.
 */
import { app, dialog } from 'electron';
import { runElectronApp } from './electron/electron-app';

runElectronApp().catch((error: unknown) => {
  // Start-up failures are shown with the log's path by runElectronApp; this is the last resort when even
  // the log could not be opened (an unwritable data folder).
  console.error('Switchyard failed to start:', error);
  dialog.showErrorBox('Switchyard could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
