import { describe, expect, it, vi } from 'vitest';
import type { RouterState } from '../../shared/api';
import type { GatewayPhase, GatewayStatus } from '../../shared/gateway';
import { FakeGateway } from '../../../test/support/fake-gateway';
import { flattenMenu } from './menu-spec';
import { trayView, type TrayActions, type TrayInput } from './tray-view';

function actions(): TrayActions {
  return { setMode: vi.fn(), startGateway: vi.fn(), stopGateway: vi.fn(), openGatewayDashboard: vi.fn(), showWindow: vi.fn(), setNotifications: vi.fn(), quit: vi.fn() };
}

function router(over: Partial<RouterState> = {}): RouterState {
  return { mode: 'plano_embedded', servedBy: 'plano_embedded', fallbackActive: false, providers: [], lastLatencyMs: {}, configProblems: [], ...over };
}

function gateway(phase: GatewayPhase, over: Partial<GatewayStatus> = {}): GatewayStatus {
  return { ...new FakeGateway().status(), phase, ...over };
}

const view = (over: Partial<TrayInput>) => trayView({ router: router(), gateway: gateway('ready', { port: 12000 }), notifications: true, actions: actions(), ...over });
const item = (menu: ReturnType<typeof view>['menu'], id: string) => flattenMenu(menu).find((i) => i.id === id)!;

describe('trayView', () => {
  it('ready: green icon, mode and gateway state in the tooltip and the first lines', () => {
    const tray = view({});
    expect(tray.icon).toBe('ready');
    expect(tray.tooltip).toBe('Switchyard — Plano embedded; gateway ready on port 12000');
    expect(item(tray.menu, 'mode-status')).toMatchObject({ label: 'Mode: Plano embedded', enabled: false });
    expect(item(tray.menu, 'gateway-status')).toMatchObject({ label: 'Gateway: ready on port 12000', enabled: false });
  });

  it('maps every gateway phase to off / ready / restarting / fallback', () => {
    const icons = Object.fromEntries(
      (['idle', 'pulling', 'creating', 'starting', 'ready', 'unhealthy', 'restarting', 'stopping', 'stopped', 'failed'] as const).map((phase) => [phase, view({ gateway: gateway(phase) }).icon]),
    );
    expect(icons).toEqual({
      idle: 'off',
      pulling: 'restarting',
      creating: 'restarting',
      starting: 'restarting',
      ready: 'ready',
      unhealthy: 'restarting',
      restarting: 'restarting',
      stopping: 'restarting',
      stopped: 'off',
      failed: 'fallback',
    });
    expect(view({ gateway: undefined }).icon).toBe('off');
  });

  it('fallback: red icon, and the mode line says Direct is serving and why', () => {
    const tray = view({
      router: router({ servedBy: 'direct', fallbackActive: true, fallbackReason: 'container exited' }),
      gateway: gateway('restarting', { fallbackActive: true, restarts: 3 }),
    });
    expect(tray.icon).toBe('fallback');
    expect(item(tray.menu, 'mode-status').label).toBe('Mode: Plano embedded (served by Direct)');
    expect(item(tray.menu, 'gateway-status').label).toBe('Gateway: restarting, requests use Direct (fallback), 3 restarts');
    expect(tray.tooltip).toContain('served by Direct');
  });

  it('offers Start when the gateway is not running and Stop while it is', () => {
    const a = actions();
    const stopped = view({ gateway: gateway('stopped'), actions: a });
    expect(item(stopped.menu, 'gateway-toggle')).toMatchObject({ label: 'Start Gateway' });
    item(stopped.menu, 'gateway-toggle').click!();
    expect(a.startGateway).toHaveBeenCalledOnce();
    const failed = view({ gateway: gateway('failed', { lastError: { code: 'CONTAINER_FAILED', message: 'image not found' } }) });
    expect(item(failed.menu, 'gateway-toggle').label).toBe('Start Gateway');
    expect(item(failed.menu, 'gateway-status').label).toBe('Gateway: failed: image not found');

    const running = view({ actions: a });
    item(running.menu, 'gateway-toggle').click!();
    expect(a.stopGateway).toHaveBeenCalledOnce();
    expect(item(view({ gateway: gateway('stopping') }).menu, 'gateway-toggle')).toMatchObject({ label: 'Stop Gateway', enabled: false });
  });

  it('switches mode, opens the dashboard or the window, flips notifications, quits', () => {
    const a = actions();
    const tray = view({ router: router({ mode: 'direct', servedBy: 'direct' }), gateway: gateway('idle'), actions: a, notifications: false });
    expect(tray.tooltip).toBe('Switchyard — Direct; gateway not started');
    expect(item(tray.menu, 'mode-direct').checked).toBe(true);
    item(tray.menu, 'mode-plano_embedded').click!();
    expect(a.setMode).toHaveBeenCalledWith('plano_embedded');
    item(tray.menu, 'gateway-dashboard').click!();
    item(tray.menu, 'show-window').click!();
    item(tray.menu, 'notifications').click!();
    item(tray.menu, 'quit').click!();
    expect(a.openGatewayDashboard).toHaveBeenCalledOnce();
    expect(a.showWindow).toHaveBeenCalledOnce();
    expect(a.setNotifications).toHaveBeenCalledWith(true);
    expect(a.quit).toHaveBeenCalledOnce();
  });

  it('keeps the tooltip within what Windows shows (127 characters)', () => {
    const tray = view({ gateway: gateway('failed', { lastError: { code: 'CONTAINER_FAILED', message: 'x'.repeat(400) } }) });
    expect(tray.tooltip.length).toBeLessThanOrEqual(127);
    expect(tray.tooltip.endsWith('…')).toBe(true);
  });
});
