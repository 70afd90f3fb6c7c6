import { describe, expect, it } from 'vitest';
import type { RoutingMode } from '../../shared/chat';
import type { SwitchyardConfig } from '../../shared/config';
import type { GatewayStatus } from '../../shared/gateway';
import type { Router } from '../routing/types';
import { FakeGateway } from './test-support/fake-gateway';
import { FakeRouter, fakeRouterFactory } from './test-support/fake-router';
import { createTestApp } from './test-support/test-app';
import { until } from './test-support/until';

/** A supervisor stand-in with the real one's configYaml(). */
class FakeSupervisor extends FakeGateway {
  closed = false;
  configYaml(): string {
    return this.generatedConfig();
  }
}

/** Routers like the real embedded one: it owns a supervisor, starts it, and closing it stops it. */
function embeddedAwareFactory() {
  const fake = fakeRouterFactory();
  const supervisors: FakeSupervisor[] = [];
  const factory = (config: SwitchyardConfig): Router => {
    const router = fake.factory(config);
    if (config.routing.mode !== 'plano_embedded') return router;
    const supervisor = new FakeSupervisor();
    supervisors.push(supervisor);
    // like the real router: start is kicked off, its transitions arrive asynchronously
    void Promise.resolve().then(() => supervisor.start());
    return Object.assign(router, {
      supervisor,
      close: async () => {
        await supervisor.stop();
        supervisor.closed = true;
        await FakeRouter.prototype.close.call(router);
      },
    });
  };
  return { factory, supervisors, log: fake.log };
}

describe('the gateway as the API sees it', () => {
  it('answers from the config while no embedded router exists', async () => {
    const built = embeddedAwareFactory();
    const app = await createTestApp({ routerFactory: built.factory, fakeGateway: false });
    const core = app.core;
    const status = (await core.invoke('gateway.status', undefined)) as GatewayStatus;
    expect(status).toMatchObject({ phase: 'idle', image: 'katanemo/plano:0.4.36', containerName: 'switchyard-plano' });
    expect(((await core.invoke('gateway.config', undefined)) as { yaml: string }).yaml).toContain('version: v0.4.0');
    expect(await core.invoke('gateway.logs', {})).toEqual([]);
    expect(built.supervisors).toHaveLength(0);
    await app.close();
  });

  it('follows the embedded router: starts with the mode, forwards events, stops when the mode changes', async () => {
    const built = embeddedAwareFactory();
    const app = await createTestApp({ routerFactory: built.factory, fakeGateway: false });
    const core = app.core;
    const phases: string[] = [];
    core.subscribe((e) => e.name === 'gateway.status' && phases.push(e.payload.phase));
    await core.invoke('router.setMode', { mode: 'plano_embedded' });
    await until(() => built.supervisors.length === 1 && phases.includes('ready'));
    expect(((await core.invoke('gateway.status', undefined)) as GatewayStatus).phase).toBe('ready');
    expect(await core.invoke('gateway.logs', { sinceSeq: 2 })).toEqual([]);
    await core.invoke('router.setMode', { mode: 'direct' });
    await until(() => built.supervisors[0]!.closed);
    expect(phases.at(-1)).toBe('stopped');
    expect(((await core.invoke('gateway.status', undefined)) as GatewayStatus).phase).toBe('stopped');
    await app.close();
  });

  it('the dashboard can run the gateway outside embedded mode, and stopping it closes the router', async () => {
    const built = embeddedAwareFactory();
    const app = await createTestApp({ routerFactory: built.factory, fakeGateway: false });
    const core = app.core;
    expect(((await core.invoke('gateway.start', undefined)) as GatewayStatus).phase).toBe('ready');
    expect(built.log.created).toContain('plano_embedded' satisfies RoutingMode);
    expect(((await core.invoke('router.state', undefined)) as { mode: string }).mode).toBe('direct');
    await core.invoke('gateway.stop', undefined);
    await until(() => built.supervisors[0]!.closed);
    // and it can be started again
    await core.invoke('gateway.start', undefined);
    expect(built.supervisors).toHaveLength(2);
    await app.close();
    expect(built.supervisors[1]!.closed).toBe(true);
  });
});
