import { describe, expect, it } from 'vitest';
import { buildContainerSpec, configHash } from './container-spec';

const input = {
  name: 'switchyard-plano',
  image: 'katanemo/plano:0.4.36',
  hostPort: 18081,
  containerPort: 12000,
  configPath: '/tmp/gw/plano_config.yaml',
  network: 'slirp4netns',
  env: { OPENAI_API_KEY: 'sk-1' },
  extraBinds: ['/opt/x:/x:ro'],
  init: true,
  configHash: 'abc',
  extraHosts: ['host-1234.switchyard.internal:host-gateway'],
};

describe('buildContainerSpec', () => {
  it('publishes the listener on 127.0.0.1 only, mounts the config read-only and labels the container', () => {
    const spec = buildContainerSpec(input);
    expect(spec).toMatchObject({
      name: 'switchyard-plano',
      Image: 'katanemo/plano:0.4.36',
      Labels: { 'io.switchyard.managed': 'true', 'io.switchyard.config-hash': 'abc', 'io.switchyard.port': '18081' },
      Env: ['OPENAI_API_KEY=sk-1'],
      ExposedPorts: { '12000/tcp': {} },
      HostConfig: {
        Binds: ['/tmp/gw/plano_config.yaml:/app/plano_config.yaml:ro', '/opt/x:/x:ro'],
        PortBindings: { '12000/tcp': [{ HostIp: '127.0.0.1', HostPort: '18081' }] },
        ExtraHosts: ['host.docker.internal:host-gateway', 'host-1234.switchyard.internal:host-gateway'],
        NetworkMode: 'slirp4netns',
        RestartPolicy: { Name: 'no' },
        Init: true,
      },
    });
  });

  it('publishes nothing with host networking and leaves the network to the engine when unset', () => {
    const host = buildContainerSpec({ ...input, network: 'host', init: false, extraHosts: ['host-1234.switchyard.internal:127.0.0.1'] });
    expect(host.HostConfig?.PortBindings).toBeUndefined();
    // The host's own loopback is reachable as it is; only the names the upstreams need are added.
    expect(host.HostConfig?.ExtraHosts).toEqual(['host-1234.switchyard.internal:127.0.0.1']);
    expect(host.HostConfig?.Init).toBeUndefined();
    expect(buildContainerSpec({ ...input, network: '' }).HostConfig?.NetworkMode).toBeUndefined();
  });
});

describe('configHash', () => {
  const parts = { yaml: 'a', image: 'i', env: { B: '2', A: '1' }, network: '', extraBinds: [], init: false, portSetting: 12000 as const };
  it('is stable under env order and changes with anything that changes the container', () => {
    expect(configHash(parts)).toBe(configHash({ ...parts, env: { A: '1', B: '2' } }));
    expect(configHash(parts)).not.toBe(configHash({ ...parts, env: { A: '1', B: '3' } }));
    expect(configHash(parts)).not.toBe(configHash({ ...parts, image: 'j' }));
    expect(configHash(parts)).not.toBe(configHash({ ...parts, portSetting: 'auto' }));
  });
});
