import type { RouterState } from '../../shared/api';
import type { RoutingMode } from '../../shared/chat';
import type { GatewayPhase, GatewayStatus } from '../../shared/gateway';
import { notificationsItem } from './app-menu-template';
import { MODE_LABELS, modeItems, SEPARATOR, type MenuItemSpec } from './menu-spec';

/**
 * The tray (menu bar) item, for people who watch a local gateway with the window closed: its icon says
 * how the gateway is doing, its tooltip and first lines say the routing mode and the gateway's state, and
 * its menu switches mode and starts or stops the gateway.
 */

/** One icon per state (resources/tray/tray-<state>.png): grey, green, amber, red dot on the app mark. */
export type TrayIconState = 'off' | 'ready' | 'restarting' | 'fallback';

export const TRAY_ICON_STATES: readonly TrayIconState[] = ['off', 'ready', 'restarting', 'fallback'];

export interface TrayActions {
  setMode(mode: RoutingMode): void;
  startGateway(): void;
  stopGateway(): void;
  openGatewayDashboard(): void;
  showWindow(): void;
  setNotifications(on: boolean): void;
  quit(): void;
}

export interface TrayInput {
  router: RouterState | undefined;
  gateway: GatewayStatus | undefined;
  notifications: boolean;
  actions: TrayActions;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  menu: MenuItemSpec[];
}

const BUSY: ReadonlySet<GatewayPhase> = new Set(['pulling', 'creating', 'starting', 'unhealthy', 'restarting', 'stopping']);
const RUNNING: ReadonlySet<GatewayPhase> = new Set(['pulling', 'creating', 'starting', 'ready', 'unhealthy', 'restarting']);

export function trayView({ router, gateway, notifications, actions }: TrayInput): TrayView {
  const phase = gateway?.phase ?? 'idle';
  const fallback = router?.fallbackActive === true || gateway?.fallbackActive === true;
  const mode = router ? modeText(router) : 'loading…';
  const state = gatewayText(gateway, fallback);
  const running = RUNNING.has(phase);
  return {
    icon: iconFor(phase, fallback),
    // Windows cuts tray tooltips at 127 characters.
    tooltip: clip(`Switchyard — ${mode}; gateway ${state}`, 127),
    menu: [
      { id: 'mode-status', label: `Mode: ${mode}`, enabled: false },
      { id: 'gateway-status', label: clip(`Gateway: ${state}`, 90), enabled: false },
      SEPARATOR,
      ...modeItems(router?.mode, actions.setMode),
      SEPARATOR,
      running || phase === 'stopping'
        ? { id: 'gateway-toggle', label: 'Stop Gateway', enabled: phase !== 'stopping', click: actions.stopGateway }
        : { id: 'gateway-toggle', label: 'Start Gateway', click: actions.startGateway },
      { id: 'gateway-dashboard', label: 'Open Gateway Dashboard', click: actions.openGatewayDashboard },
      { id: 'show-window', label: 'Show Switchyard', click: actions.showWindow },
      SEPARATOR,
      notificationsItem(notifications, actions.setNotifications),
      SEPARATOR,
      { id: 'quit', label: 'Quit Switchyard', click: actions.quit },
    ],
  };
}

function iconFor(phase: GatewayPhase, fallback: boolean): TrayIconState {
  if (fallback || phase === 'failed') return 'fallback';
  if (phase === 'ready') return 'ready';
  if (BUSY.has(phase)) return 'restarting';
  return 'off';
}

function modeText(router: RouterState): string {
  const mode = MODE_LABELS[router.mode];
  return router.fallbackActive && router.servedBy !== router.mode ? `${mode} (served by ${MODE_LABELS[router.servedBy]})` : mode;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function gatewayText(gateway: GatewayStatus | undefined, fallback: boolean): string {
  if (!gateway) return 'unknown';
  const restarts = gateway.restarts > 0 ? `, ${gateway.restarts} restart${gateway.restarts === 1 ? '' : 's'}` : '';
  switch (gateway.phase) {
    case 'ready':
      return `ready${gateway.port ? ` on port ${gateway.port}` : ''}${restarts}`;
    case 'failed':
      return `failed${fallback ? ', requests use Direct (fallback)' : ''}${gateway.lastError ? `: ${gateway.lastError.message}` : ''}`;
    case 'idle':
      return 'not started';
    default:
      return `${gateway.phase}${fallback ? ', requests use Direct (fallback)' : ''}${restarts}`;
  }
}
