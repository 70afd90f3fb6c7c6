import type { MessageDialog } from './message-dialog';

/**
 * What to do when the window's renderer process goes away (Electron's `render-process-gone`): reload it and
 * say so, unless it keeps dying — then stop reloading and ask, offering the error log. The router, the
 * gateway and the tray live in the main process and keep running either way.
 */

export type GoneReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'memory-eviction';

export interface GoneDetails {
  reason: GoneReason;
  exitCode: number;
}

export type CrashChoice = 'open-log' | 'retry' | 'close-window';

export type CrashDecision =
  | { action: 'reload'; notice: { title: string; body: string } }
  | { action: 'give-up'; dialog: MessageDialog<CrashChoice> };

export interface CrashPolicyOptions {
  /** Crashes within `windowMs` that mean "stop reloading" (default 3). */
  maxCrashes?: number;
  windowMs?: number;
  now?: () => number;
}

const REASONS: Record<GoneReason, string> = {
  'clean-exit': 'it exited',
  'abnormal-exit': 'it exited abnormally',
  killed: 'it was killed',
  crashed: 'it crashed',
  oom: 'it ran out of memory',
  'launch-failed': 'it could not be started',
  'integrity-failure': 'its code failed an integrity check',
  'memory-eviction': 'the system reclaimed its memory',
};

export class CrashPolicy {
  private readonly maxCrashes: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private crashes: number[] = [];

  constructor(options: CrashPolicyOptions = {}) {
    this.maxCrashes = options.maxCrashes ?? 3;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  decide(details: GoneDetails, logPath: string): CrashDecision {
    const now = this.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.windowMs), now];
    const what = `${REASONS[details.reason]}, exit code ${details.exitCode}`;
    if (this.crashes.length < this.maxCrashes) {
      return {
        action: 'reload',
        notice: { title: 'Switchyard reloaded its window', body: `The window stopped (${what}) and was reloaded. The error log has the details.` },
      };
    }
    return {
      action: 'give-up',
      dialog: {
        type: 'error',
        title: 'Switchyard',
        message: "Switchyard's window keeps crashing",
        detail:
          `It stopped ${this.crashes.length} times within ${Math.round(this.windowMs / 1000)} s (last time ${what}), so it was not reloaded again.\n\n` +
          `The error log may say why:\n${logPath}\n\nThe router and the gateway keep running; the tray menu can open a new window.`,
        buttons: [
          { choice: 'open-log', label: 'Open Error Log' },
          { choice: 'retry', label: 'Reload Window' },
          { choice: 'close-window', label: 'Close Window' },
        ],
        defaultChoice: 'open-log',
        cancelChoice: 'close-window',
      },
    };
  }

  /** The user asked for another try: start counting afresh. */
  reset(): void {
    this.crashes = [];
  }
}
