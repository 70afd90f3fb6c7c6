import { BrowserWindow } from 'electron';
import type { SenderCheck } from '../ipc/ipc-types';
import type { AppUrl } from '../security/app-url';

/**
 * The one window. Renderer is sandboxed, context-isolated, without Node; the preload (a single CJS
 * bundle, required by sandbox) is its only bridge. The CSP is the renderer's meta tag (index.html).
 */
export interface MainWindow {
  window: BrowserWindow;
  /** IPC is accepted only from this window's own page (not from a frame or page it navigated to). */
  isTrustedSender: SenderCheck;
}

export function createMainWindow(options: { appUrl: AppUrl; preloadPath: string; icon?: string; onShown?: () => void }): MainWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Switchyard',
    autoHideMenuBar: true,
    // The window and taskbar icon on Linux (macOS and Windows take theirs from the app bundle).
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => {
    window.show();
    options.onShown?.();
  });

  const entry = options.appUrl.entry;
  if (entry.kind === 'url') void window.loadURL(entry.url);
  else void window.loadFile(entry.path);

  const isTrustedSender: SenderCheck = (event) =>
    !window.isDestroyed() && event.sender === window.webContents && options.appUrl.isAppUrl(event.senderFrame?.url);
  return { window, isTrustedSender };
}
