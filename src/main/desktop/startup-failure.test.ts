import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { choiceAt, messageBoxOptions } from './message-dialog';
import { startupFailureDialog } from './startup-failure';

describe('startupFailureDialog', () => {
  it("shows the reason and the error log's path, with a button that opens the log", () => {
    const error = Object.assign(new Error("EACCES: permission denied, mkdir '/home/u/.config/switchyard/history'"), { code: 'EACCES' });
    const dialog = startupFailureDialog(error, '/home/u/.config/switchyard/logs/switchyard.log');
    const options = messageBoxOptions(dialog);
    expect(options).toMatchObject({ type: 'error', message: 'Switchyard could not start', buttons: ['Open Error Log', 'Quit'], noLink: true });
    expect(options.detail).toBe(
      "EACCES: permission denied, mkdir '/home/u/.config/switchyard/history'\n\nThe error log has the details:\n/home/u/.config/switchyard/logs/switchyard.log",
    );
    expect(choiceAt(dialog, 0)).toBe('open-log');
    expect(choiceAt(dialog, options.cancelId)).toBe('quit');
    expect(choiceAt(dialog, options.defaultId)).toBe('quit');
  });

  it('names the error code of our own errors, and copes with things that are not errors', () => {
    const dialog = startupFailureDialog(new SwitchyardError('CONFIG_INVALID', 'routing.mode: must be direct, plano_proxy or plano_embedded'), '/l');
    expect(dialog.detail).toMatch(/^routing\.mode: must be direct, plano_proxy or plano_embedded \(CONFIG_INVALID\)/);
    expect(startupFailureDialog('disk full', '/l').detail).toMatch(/^disk full\n/);
  });
});
