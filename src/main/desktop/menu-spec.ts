import type { RoutingMode } from '../../shared/chat';

/**
 * Menus as plain data: the application menu and the tray menu are built here without Electron, so tests
 * can read and click them; the shell hands them to `Menu.buildFromTemplate` (the type is a structural
 * subset of Electron's MenuItemConstructorOptions, checked where the shell uses it).
 */
export type MenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front'
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit';

export interface MenuItemSpec {
  id?: string;
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  accelerator?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export const SEPARATOR: MenuItemSpec = { type: 'separator' };

export const MODE_LABELS: Record<RoutingMode, string> = {
  direct: 'Direct',
  plano_proxy: 'Plano proxy',
  plano_embedded: 'Plano embedded',
};

/** The three modes as radio items, the current one checked. */
export function modeItems(current: RoutingMode | undefined, setMode: (mode: RoutingMode) => void): MenuItemSpec[] {
  return (Object.keys(MODE_LABELS) as RoutingMode[]).map((mode) => ({
    id: `mode-${mode}`,
    label: MODE_LABELS[mode],
    type: 'radio',
    checked: mode === current,
    click: () => setMode(mode),
  }));
}

/** Every item, submenus included, depth first (tests look items up by id or label). */
export function flattenMenu(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flattenMenu(item.submenu ?? [])]);
}
