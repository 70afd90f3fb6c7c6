import { dialog, type BrowserWindow } from 'electron';
import { choiceAt, messageBoxOptions, type MessageDialog } from '../desktop/message-dialog';

/** Shows a dialog built by desktop/ and answers with the choice behind the clicked button. */
export async function ask<C extends string>(spec: MessageDialog<C>, parent?: BrowserWindow): Promise<C> {
  const options = messageBoxOptions(spec);
  const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  return choiceAt(spec, response);
}
