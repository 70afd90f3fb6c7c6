import { describe, expect, it, vi } from 'vitest';
import type { RouterState } from '../../shared/api';
import type { GatewayEvent, GatewayStatus } from '../../shared/gateway';
import { DesktopStatus } from './desktop-status';

const state: RouterState = { mode: 'plano_embedded', servedBy: 'direct', fallbackActive: true, providers: [], lastLatencyMs: {}, configProblems: [] };
const fallback: GatewayEvent = { at: 1, kind: 'fallback', phase: 'failed', reason: 'requests are served by Direct: no engine' };

describe('DesktopStatus', () => {
  it('keeps the latest router state and gateway status and redraws on each, not on other events', () => {
    const onChange = vi.fn();
    const status = new DesktopStatus({ onChange, notify: vi.fn(), notificationsOn: () => true });
    status.handle({ name: 'router.state', payload: state });
    expect(status.router).toEqual(state);
    expect(onChange).toHaveBeenCalledOnce();
    const gateway: GatewayStatus = { phase: 'ready', engine: { reachable: true, endpoint: 'x' }, image: 'i', containerName: 'c', restarts: 0, restartsInRow: 0, maxRestarts: 3, recoveryAttempts: 0, fallbacks: 0, fallbackActive: false, history: [] };
    status.handle({ name: 'gateway.status', payload: gateway });
    expect(status.gateway).toEqual(gateway);
    expect(onChange).toHaveBeenCalledTimes(2);
    status.handle({ name: 'gateway.log', payload: { seq: 1, at: 1, stream: 'stdout', text: 'x' } });
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('notifies on fallback and recovery while notifications are on, and not when they are off', () => {
    let on = true;
    const notify = vi.fn();
    const status = new DesktopStatus({ onChange: vi.fn(), notify, notificationsOn: () => on });
    status.handle({ name: 'gateway.event', payload: fallback });
    expect(notify).toHaveBeenCalledWith({ title: 'Plano gateway failed: using Direct', body: 'Requests are served by Direct: no engine' });
    on = false;
    status.handle({ name: 'gateway.event', payload: { ...fallback, kind: 'recovery', reason: 'back' } });
    expect(notify).toHaveBeenCalledOnce();
    on = true;
    status.handle({ name: 'gateway.event', payload: { ...fallback, kind: 'health', reason: 'ok' } });
    expect(notify).toHaveBeenCalledOnce();
  });
});
