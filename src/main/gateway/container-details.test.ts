import type { ContainerInspectInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerDetails } from './container-details';

describe('container details for the inspect view', () => {
  it('keeps image, ports, mounts, labels and env names, never env values', () => {
    const info = {
      Id: 'c0ffee',
      Name: '/switchyard-plano',
      Image: 'sha256:abc',
      Created: '2026-11-26T10:00:00Z',
      State: { Status: 'running', Running: true, StartedAt: '2026-11-26T10:00:01Z', ExitCode: 0 },
      Config: {
        Image: 'katanemo/plano:0.4.36',
        Env: ['OPENAI_API_KEY=sk-live-secret-value-123', 'PATH=/usr/bin'],
        Cmd: ['supervisord'],
        Labels: { 'io.switchyard.managed': 'true' },
        ExposedPorts: { '12000/tcp': {} },
      },
      HostConfig: { NetworkMode: 'slirp4netns', PortBindings: { '12000/tcp': [{ HostIp: '127.0.0.1', HostPort: '41000' }] } },
      Mounts: [{ Source: '/data/gateway/plano_config.yaml', Destination: '/app/plano_config.yaml', RW: false }],
    } as unknown as ContainerInspectInfo;
    const details = containerDetails(info);
    expect(details).toMatchObject({
      name: 'switchyard-plano',
      image: 'katanemo/plano:0.4.36',
      state: { status: 'running', running: true, startedAt: '2026-11-26T10:00:01Z' },
      ports: [{ container: '12000/tcp', hostIp: '127.0.0.1', hostPort: '41000' }],
      mounts: [{ source: '/data/gateway/plano_config.yaml', destination: '/app/plano_config.yaml', readOnly: true }],
      envNames: ['OPENAI_API_KEY', 'PATH'],
      labels: { 'io.switchyard.managed': 'true' },
      command: ['supervisord'],
    });
    expect(JSON.stringify(details)).not.toContain('sk-live-secret');
  });
});
