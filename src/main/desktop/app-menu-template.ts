import type { RoutingMode } from '../../shared/chat';
import type { MessageDialog } from './message-dialog';
import { modeItems, SEPARATOR, type MenuItemSpec } from './menu-spec';

/**
 * The application menu: the app's own commands (new chat, routing mode, gateway dashboard, error log,
 * notifications, about) plus the standard Edit/View/Window roles that give copy/paste and zoom their
 * shortcuts. Reload and DevTools exist only in development builds.
 */
export interface AppMenuActions {
  newChat(): void;
  setMode(mode: RoutingMode): void;
  openGatewayDashboard(): void;
  openErrorLog(): void;
  setNotifications(on: boolean): void;
  showAbout(): void;
}

export interface AppMenuInput {
  platform: NodeJS.Platform;
  isDev: boolean;
  mode: RoutingMode | undefined;
  notifications: boolean;
  actions: AppMenuActions;
}

export function appMenuTemplate({ platform, isDev, mode, notifications, actions }: AppMenuInput): MenuItemSpec[] {
  const mac = platform === 'darwin';
  const file: MenuItemSpec = {
    label: 'File',
    submenu: [
      { id: 'new-chat', label: 'New Chat', accelerator: 'CmdOrCtrl+N', click: actions.newChat },
      SEPARATOR,
      { id: 'routing-mode', label: 'Routing Mode', submenu: modeItems(mode, actions.setMode) },
      { id: 'gateway-dashboard', label: 'Open Gateway Dashboard', accelerator: 'CmdOrCtrl+Shift+G', click: actions.openGatewayDashboard },
      { id: 'error-log', label: 'Open Error Log', click: actions.openErrorLog },
      SEPARATOR,
      notificationsItem(notifications, actions.setNotifications),
      SEPARATOR,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemSpec = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, SEPARATOR, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      ...(isDev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, SEPARATOR] satisfies MenuItemSpec[] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      SEPARATOR,
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemSpec = { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, SEPARATOR, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] };
  const about: MenuItemSpec = { id: 'about', label: 'About Switchyard', click: actions.showAbout };
  if (mac) {
    // macOS puts About, Hide and Quit under the menu named after the app.
    const appMenu: MenuItemSpec = {
      label: 'Switchyard',
      submenu: [about, SEPARATOR, { role: 'services' }, SEPARATOR, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, SEPARATOR, { role: 'quit' }],
    };
    return [appMenu, file, edit, view, window];
  }
  return [file, edit, view, window, { label: 'Help', submenu: [about] }];
}

export function notificationsItem(on: boolean, setNotifications: (on: boolean) => void): MenuItemSpec {
  return { id: 'notifications', label: 'Notify on Gateway Fallback and Recovery', type: 'checkbox', checked: on, click: () => setNotifications(!on) };
}

export function aboutDialog(version: string, versions: { electron?: string; chrome?: string; node?: string }): MessageDialog<'ok'> {
  const runtime = [versions.electron && `Electron ${versions.electron}`, versions.chrome && `Chromium ${versions.chrome}`, versions.node && `Node ${versions.node}`].filter(Boolean).join(', ');
  return {
    type: 'info',
    title: 'About Switchyard',
    message: `Switchyard ${version}`,
    detail: `Routes LLM requests directly, through a Plano gateway, or through one it runs for you.${runtime ? `\n\n${runtime}` : ''}`,
    buttons: [{ choice: 'ok', label: 'OK' }],
    defaultChoice: 'ok',
    cancelChoice: 'ok',
  };
}
