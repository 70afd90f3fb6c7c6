import { serializeError } from '../../shared/errors';
import type { MessageDialog } from './message-dialog';

export type StartupFailureChoice = 'open-log' | 'quit';

/**
 * What the user sees when the app cannot start (an unwritable data folder, a broken secrets file, ...):
 * the reason, and where the error log is, with a button that opens it. Then the app quits non-zero.
 */
export function startupFailureDialog(error: unknown, logPath: string): MessageDialog<StartupFailureChoice> {
  const { code, message } = serializeError(error);
  const reason = code === 'INTERNAL' ? message : `${message} (${code})`;
  return {
    type: 'error',
    title: 'Switchyard',
    message: 'Switchyard could not start',
    detail: `${reason}\n\nThe error log has the details:\n${logPath}`,
    buttons: [
      { choice: 'open-log', label: 'Open Error Log' },
      { choice: 'quit', label: 'Quit' },
    ],
    defaultChoice: 'quit',
    cancelChoice: 'quit',
  };
}
