import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../shared/gateway';
import { gatewayNotice } from './gateway-notice';

const event = (kind: GatewayEvent['kind'], reason: string): GatewayEvent => ({ at: 1, kind, phase: 'failed', reason });

describe('gatewayNotice', () => {
  it('announces the fallback to Direct and the recovery, with the reason', () => {
    expect(gatewayNotice(event('fallback', 'requests are served by Direct: container exited (code 1) 3 times'))).toEqual({
      title: 'Plano gateway failed: using Direct',
      body: 'Requests are served by Direct: container exited (code 1) 3 times',
    });
    expect(gatewayNotice(event('recovery', 'gateway healthy for 10 s; requests go through it again'))).toEqual({
      title: 'Plano gateway recovered',
      body: 'Gateway healthy for 10 s; requests go through it again',
    });
  });

  it('stays quiet for the routine events (health checks, restarts, pulls)', () => {
    for (const kind of ['transition', 'health', 'restart', 'pull', 'adopt', 'cleanup', 'error'] as const) {
      expect(gatewayNotice(event(kind, 'x')), kind).toBeUndefined();
    }
  });
});
