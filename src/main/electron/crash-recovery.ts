import type { BrowserWindow } from 'electron';
import type { CrashPolicy } from '../desktop/crash-policy';
import type { Logger } from '../logging/logger';
import { ask } from './dialogs';

export interface CrashRecoveryDeps {
  policy: CrashPolicy;
  logger: Logger;
  logPath: string;
  notify(notice: { title: string; body: string }): void;
  openLog(): Promise<unknown>;
  isQuitting(): boolean;
}

/**
 * When the window's renderer dies: reload it with a notice, and after repeated crashes stop and ask
 * (open the error log, reload anyway, or close the window and keep running in the tray).
 */
export function recoverFromRendererCrashes(window: BrowserWindow, deps: CrashRecoveryDeps): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    if (window.isDestroyed() || deps.isQuitting()) return;
    deps.logger.log('error', 'renderer.gone', { reason: details.reason, exitCode: details.exitCode });
    const decision = deps.policy.decide(details, deps.logPath);
    if (decision.action === 'reload') {
      window.webContents.reload();
      deps.notify(decision.notice);
      return;
    }
    void (async () => {
      for (;;) {
        const choice = await ask(decision.dialog, window);
        if (window.isDestroyed()) return;
        if (choice === 'open-log') {
          await deps.openLog();
          continue;
        }
        if (choice === 'retry') {
          deps.policy.reset();
          window.webContents.reload();
        } else {
          window.destroy();
        }
        return;
      }
    })().catch((error: unknown) => deps.logger.log('error', 'renderer.recovery_failed', { error: String(error) }));
  });
}
