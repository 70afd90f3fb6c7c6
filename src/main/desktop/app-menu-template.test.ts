import { describe, expect, it, vi } from 'vitest';
import { aboutDialog, appMenuTemplate, type AppMenuActions } from './app-menu-template';
import { flattenMenu, type MenuItemSpec } from './menu-spec';

function actions(): AppMenuActions {
  return { newChat: vi.fn(), setMode: vi.fn(), openGatewayDashboard: vi.fn(), openErrorLog: vi.fn(), setNotifications: vi.fn(), showAbout: vi.fn() };
}

const roles = (menu: MenuItemSpec[]): string[] => flattenMenu(menu).flatMap((item) => (item.role ? [item.role] : []));
const byId = (menu: MenuItemSpec[], id: string): MenuItemSpec => {
  const item = flattenMenu(menu).find((i) => i.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
};

describe('appMenuTemplate', () => {
  it('production has no DevTools and no reload; development has both', () => {
    const production = appMenuTemplate({ platform: 'linux', isDev: false, mode: 'direct', notifications: true, actions: actions() });
    expect(roles(production)).not.toContain('toggleDevTools');
    expect(roles(production)).not.toContain('reload');
    expect(roles(production)).not.toContain('forceReload');
    const dev = appMenuTemplate({ platform: 'linux', isDev: true, mode: 'direct', notifications: true, actions: actions() });
    expect(roles(dev)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']));
  });

  it("has the app's own items, each doing what it says", () => {
    const a = actions();
    const menu = appMenuTemplate({ platform: 'win32', isDev: false, mode: 'plano_embedded', notifications: true, actions: a });
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    byId(menu, 'new-chat').click!();
    expect(a.newChat).toHaveBeenCalledOnce();
    expect(byId(menu, 'new-chat').accelerator).toBe('CmdOrCtrl+N');
    byId(menu, 'gateway-dashboard').click!();
    expect(a.openGatewayDashboard).toHaveBeenCalledOnce();
    byId(menu, 'error-log').click!();
    expect(a.openErrorLog).toHaveBeenCalledOnce();
    byId(menu, 'about').click!();
    expect(a.showAbout).toHaveBeenCalledOnce();
    // Routing mode: three radio items, the current one checked; choosing one switches to it.
    const modes = byId(menu, 'routing-mode').submenu!;
    expect(modes.map((m) => [m.label, m.type, m.checked])).toEqual([
      ['Direct', 'radio', false],
      ['Plano proxy', 'radio', false],
      ['Plano embedded', 'radio', true],
    ]);
    modes[1]!.click!();
    expect(a.setMode).toHaveBeenCalledWith('plano_proxy');
    // The notifications checkbox shows the setting and flips it.
    expect(byId(menu, 'notifications')).toMatchObject({ type: 'checkbox', checked: true });
    byId(menu, 'notifications').click!();
    expect(a.setNotifications).toHaveBeenCalledWith(false);
  });

  it('Edit keeps the clipboard shortcuts; Quit is in File off macOS', () => {
    const menu = appMenuTemplate({ platform: 'linux', isDev: false, mode: undefined, notifications: false, actions: actions() });
    expect(roles(menu)).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo', 'quit']));
    expect(byId(menu, 'routing-mode').submenu!.every((m) => m.checked === false)).toBe(true);
  });

  it('macOS: an app-named first menu with About, Hide and Quit; no Help menu needed', () => {
    const menu = appMenuTemplate({ platform: 'darwin', isDev: false, mode: 'direct', notifications: true, actions: actions() });
    expect(menu[0]!.label).toBe('Switchyard');
    expect(menu[0]!.submenu!.map((i) => i.id ?? i.role ?? i.type)).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(menu.map((m) => m.label)).not.toContain('Help');
  });
});

describe('aboutDialog', () => {
  it('says the version and what it runs on', () => {
    const dialog = aboutDialog('0.1.0', { electron: '45.5.0', chrome: '142.0.1', node: '22.20.0' });
    expect(dialog.message).toBe('Switchyard 0.1.0');
    expect(dialog.detail).toContain('Electron 45.5.0, Chromium 142.0.1, Node 22.20.0');
  });
});
