/**
 * A message box as data: what it says, its buttons, and what each button means. The shell shows it with
 * `dialog.showMessageBox` and turns the clicked index back into a choice with `choiceAt`.
 */
export interface MessageDialog<Choice extends string> {
  type: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  detail: string;
  buttons: { choice: Choice; label: string }[];
  /** The button Enter presses. */
  defaultChoice: Choice;
  /** What closing the box (Esc, the window's close button) means. */
  cancelChoice: Choice;
}

/** Electron's message box options for a dialog (the shell passes these as they are). */
export function messageBoxOptions<C extends string>(dialog: MessageDialog<C>): {
  type: MessageDialog<C>['type'];
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
} {
  const index = (choice: C): number => dialog.buttons.findIndex((b) => b.choice === choice);
  return {
    type: dialog.type,
    title: dialog.title,
    message: dialog.message,
    detail: dialog.detail,
    buttons: dialog.buttons.map((b) => b.label),
    defaultId: index(dialog.defaultChoice),
    cancelId: index(dialog.cancelChoice),
    noLink: true,
  };
}

/** The choice behind a clicked button index; anything unexpected counts as cancelling. */
export function choiceAt<C extends string>(dialog: MessageDialog<C>, response: number): C {
  return dialog.buttons[response]?.choice ?? dialog.cancelChoice;
}
