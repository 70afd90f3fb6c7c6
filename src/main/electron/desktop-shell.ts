import { join } from 'node:path';
import { app, ipcMain, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ApiMethodName, AppCommand } from '../../shared/api';
import type { RoutingMode } from '../../shared/chat';
import { IPC_CHANNELS } from '../../shared/api-transport';
import type { ComposedApp } from '../api/compose-app';
import type { AppLayout } from '../config/app-layout';
import { aboutDialog, appMenuTemplate } from '../desktop/app-menu-template';
import { CrashPolicy } from '../desktop/crash-policy';
import { DesktopStatus } from '../desktop/desktop-status';
import { trayView } from '../desktop/tray-view';
import { registerApiIpc } from '../ipc/register-api-ipc';
import type { FileLogger } from '../logging/file-logger';
import type { AppUrl } from '../security/app-url';
import { recoverFromRendererCrashes } from './crash-recovery';
import { ask } from './dialogs';
import { createMainWindow, type MainWindow } from './main-window';
import { showNotification } from './notifications';
import { createTray, type TrayHandle } from './tray';

export interface DesktopShellOptions {
  composed: ComposedApp;
  layout: AppLayout;
  urls: AppUrl;
  logger: FileLogger;
  logPath: string;
}

/**
 * Everything the user sees of the desktop app once the services run: the window (reopened from the tray
 * or a second launch), the API over IPC, the application menu, the tray with the mode and the gateway's
 * state, notifications, renderer crash recovery, and a quit that closes the routers and the gateway
 * (its container stopped and removed) before the process exits.
 */
export function startDesktopShell({ composed, layout, urls, logger, logPath }: DesktopShellOptions): void {
  const { core, settings } = composed;
  const crashes = new CrashPolicy();
  let main: MainWindow | undefined;
  let tray: TrayHandle | undefined;
  let quitting = false;
  let toldAboutTray = false;
  let notificationsInMemory: boolean | undefined;

  const notify = (notice: { title: string; body: string }): void => showNotification(notice, logger);
  const notificationsOn = (): boolean => notificationsInMemory ?? settings.file().desktop.notifications;
  const openLog = (): Promise<unknown> => core.invoke('app.openErrorLog', undefined);

  const ipc = registerApiIpc({
    ipcMain,
    core,
    logger,
    isTrustedSender: (event) => main?.isTrustedSender(event) ?? false,
    sendEvent: (event) => {
      if (main && !main.window.isDestroyed()) main.window.webContents.send(IPC_CHANNELS.event, event.name, event.payload);
    },
  });

  const showWindow = (): BrowserWindow => {
    if (!main || main.window.isDestroyed()) {
      main = createMainWindow({ appUrl: urls, preloadPath: layout.preloadPath, icon: join(layout.resourcesDir, 'icons', '256x256.png') });
      // A new page (this window's first, a reload, crash recovery) gets events once it says it is ready.
      ipc.pageReloading();
      main.window.webContents.on('did-start-loading', () => ipc.pageReloading());
      recoverFromRendererCrashes(main.window, { policy: crashes, logger, logPath, notify, openLog, isQuitting: () => quitting });
      return main.window;
    }
    if (main.window.isMinimized()) main.window.restore();
    main.window.show();
    main.window.focus();
    return main.window;
  };
  const command = (payload: AppCommand): void => {
    showWindow();
    // Queued by the IPC layer until the page says it is ready, so a fresh window gets it too.
    core.services.events.emit('app.command', payload);
  };
  const run = (method: ApiMethodName, args?: unknown): void => {
    core.invoke(method, args).catch((error: unknown) => {
      logger.log('warn', 'app.menu_action_failed', { method, error: String(error) });
      notify({ title: 'Switchyard', body: error instanceof Error ? error.message : String(error) });
    });
  };
  const setMode = (mode: RoutingMode): void => run('router.setMode', { mode });
  const setNotifications = (on: boolean): void => {
    // An invalid config file is never overwritten by a side effect: then the choice lasts this session.
    if (settings.diskInvalid) {
      notificationsInMemory = on;
      redraw();
      return;
    }
    settings
      .change((file) => {
        file.desktop.notifications = on;
      })
      .then(redraw, (error: unknown) => logger.log('warn', 'app.settings_save_failed', { error: String(error) }));
  };

  const status = new DesktopStatus({ onChange: () => redraw(), notify, notificationsOn });
  function redraw(): void {
    const notifications = notificationsOn();
    const template: MenuItemConstructorOptions[] = appMenuTemplate({
      platform: process.platform,
      isDev: layout.mode === 'dev',
      mode: status.router?.mode,
      notifications,
      actions: {
        newChat: () => command({ command: 'new-chat' }),
        setMode,
        openGatewayDashboard: () => command({ command: 'open-gateway' }),
        openErrorLog: () => void openLog(),
        setNotifications,
        showAbout: () => void ask(aboutDialog(app.getVersion(), process.versions), main?.window),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    tray?.update(
      trayView({
        router: status.router,
        gateway: status.gateway,
        notifications,
        actions: {
          setMode,
          startGateway: () => run('gateway.start'),
          stopGateway: () => run('gateway.stop'),
          openGatewayDashboard: () => command({ command: 'open-gateway' }),
          showWindow: () => void showWindow(),
          setNotifications,
          quit: () => app.quit(),
        },
      }),
    );
  }

  const unsubscribe = core.subscribe(status.handle);
  try {
    tray = createTray(layout.resourcesDir, () => void showWindow());
  } catch (error) {
    logger.log('warn', 'app.tray_unavailable', { error: String(error) });
  }
  redraw();
  status.handle({ name: 'router.state', payload: core.services.router.state() });
  void Promise.resolve(core.services.gateway.status()).then(
    (gateway) => status.handle({ name: 'gateway.status', payload: gateway }),
    (error: unknown) => logger.log('warn', 'app.status_failed', { error: String(error) }),
  );
  showWindow();

  app.on('second-instance', () => void showWindow());
  app.on('activate', () => void showWindow());
  app.on('window-all-closed', () => {
    // With a tray the app keeps watching the gateway; without one (or on request) it quits.
    if (!tray) {
      if (process.platform !== 'darwin') app.quit();
      return;
    }
    if (!toldAboutTray) {
      toldAboutTray = true;
      notify({ title: 'Switchyard is still running', body: 'It keeps routing and watching the gateway. Quit from the tray menu, or open Switchyard again to bring the window back.' });
    }
  });

  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    logger.log('info', 'app.quitting', {});
    unsubscribe();
    ipc.dispose();
    composed
      .close()
      .catch((error: unknown) => logger.log('error', 'app.close_failed', { error: String(error) }))
      .finally(() => {
        tray?.destroy();
        logger.close();
        app.quit();
      });
  });
}
