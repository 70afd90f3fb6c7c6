/**
 * The slices of Electron's main-process IPC that the transport uses, as structural types: the real
 * `ipcMain` / `MessagePortMain` satisfy them (checked in src/main/electron), and tests pass small fakes
 * without loading electron.
 */

export interface IpcSenderInfo {
  /** The WebContents that sent the message (compared by identity with our window's). */
  sender: unknown;
  /** The frame that sent it; null once that frame has navigated away or been destroyed. */
  senderFrame: { url: string } | null;
}

export interface MessagePortMainLike {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface IpcMainEventLike extends IpcSenderInfo {
  ports: MessagePortMainLike[];
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderInfo, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
}

/** Decides whether a message comes from our own window's page (see src/main/electron/main-window.ts). */
export type SenderCheck = (event: IpcSenderInfo) => boolean;
