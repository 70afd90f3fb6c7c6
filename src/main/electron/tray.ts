import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { TRAY_ICON_STATES, type TrayIconState, type TrayView } from '../desktop/tray-view';

export interface TrayHandle {
  update(view: TrayView): void;
  destroy(): void;
}

/**
 * The tray (menu bar) item. Icons are resources/tray/tray-<state>.png with @2x variants beside them,
 * which nativeImage picks up for high-DPI screens. Clicking the icon (where the system reports clicks)
 * shows the window; the menu does the rest.
 */
export function createTray(resourcesDir: string, onClick: () => void): TrayHandle {
  const icons = new Map<TrayIconState, NativeImage>(TRAY_ICON_STATES.map((state) => [state, nativeImage.createFromPath(join(resourcesDir, 'tray', `tray-${state}.png`))]));
  const tray = new Tray(icons.get('off')!);
  tray.on('click', onClick);
  let shown: TrayIconState = 'off';
  return {
    update(view) {
      if (tray.isDestroyed()) return;
      if (view.icon !== shown) tray.setImage(icons.get(view.icon)!);
      shown = view.icon;
      tray.setToolTip(view.tooltip);
      const template: MenuItemConstructorOptions[] = view.menu;
      tray.setContextMenu(Menu.buildFromTemplate(template));
    },
    destroy: () => tray.destroy(),
  };
}
