import { describe, expect, it, vi } from 'vitest';
import { engineReason, parseEngineEvent } from './docker-engine';
import { createDockerClient } from './index';
import { LogBuffer } from './log-buffer';
import { loopbackPorts } from './ports';
import { toStatsSample } from './stats';
import { LineSplitter } from './stream-lines';
import { TypedEmitter } from './typed-emitter';

describe('parseEngineEvent', () => {
  it('reads Docker and Podman container events', () => {
    const podmanDie = '{"status":"die","id":"abc","Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"exitCode":"137"}},"time":1795669010,"timeNano":1795669010437067046}';
    expect(parseEngineEvent(podmanDie)).toEqual({ action: 'die', containerId: 'abc', at: 1795669010437, exitCode: 137 });
    expect(parseEngineEvent('{"Action":"health_status: unhealthy","Actor":{"ID":"x"},"time":5}')).toEqual({ action: 'health_status', containerId: 'x', at: 5000, healthStatus: 'unhealthy' });
    expect(parseEngineEvent('{"status":"died","id":"y"}')).toMatchObject({ action: 'die', containerId: 'y' });
    expect(parseEngineEvent('not json')).toBeUndefined();
    expect(parseEngineEvent('{"Type":"image"}')).toBeUndefined();
  });
});

describe('engine client helpers', () => {
  it('prefers the engine JSON message as the reason', () => {
    expect(engineReason({ statusCode: 500, json: { message: 'failed to find plugin "bridge"' }, message: '(HTTP code 500) server error' })).toBe('failed to find plugin "bridge"');
    expect(engineReason(new Error('connect ENOENT /x.sock'))).toBe('connect ENOENT /x.sock');
  });

  it('understands socket paths, unix:// and tcp:// endpoints, and rejects nonsense naming the field', () => {
    expect(createDockerClient('/tmp/p.sock').endpoint).toBe('/tmp/p.sock');
    expect(createDockerClient('unix:///tmp/p.sock').endpoint).toBe('unix:///tmp/p.sock');
    expect(createDockerClient('tcp://127.0.0.1:2375').endpoint).toBe('tcp://127.0.0.1:2375');
    expect(createDockerClient('', { DOCKER_HOST: 'unix:///run/x.sock' }).endpoint).toBe('unix:///run/x.sock');
    expect(createDockerClient('', {}).endpoint).toBe('/var/run/docker.sock');
    expect(() => createDockerClient('ftp://x')).toThrow(/docker_host "ftp:\/\/x" is not a unix socket path or a tcp:\/\/ URL/);
  });
});

describe('toStatsSample', () => {
  it('computes CPU % like docker stats and subtracts the page cache from memory', () => {
    const s = toStatsSample({
      cpu_stats: { cpu_usage: { total_usage: 3_000 }, system_cpu_usage: 20_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 50_000, limit: 1_000_000, stats: { inactive_file: 10_000 } },
    });
    expect(s).toEqual({ cpuPercent: 40, memoryBytes: 40_000, memoryLimitBytes: 1_000_000 });
    expect(toStatsSample({})).toEqual({ cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0 });
  });
});

describe('small pieces', () => {
  it('splits lines across chunks and multi-byte characters', () => {
    const lines: string[] = [];
    const split = new LineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('héllo\r\nwor');
    split.push(bytes.subarray(0, 2));
    split.push(bytes.subarray(2));
    split.push('ld\nlast');
    split.end();
    expect(lines).toEqual(['héllo', 'world', 'last']);
  });

  it('keeps the newest lines in the log buffer', () => {
    const buffer = new LogBuffer(2);
    buffer.push('stdout', 'a', 1);
    buffer.push('stderr', 'b', 2);
    buffer.push('stdout', 'c', 3);
    expect(buffer.since().map((l) => l.text)).toEqual(['b', 'c']);
    expect(buffer.tail(1)[0]).toMatchObject({ text: 'c', seq: 3 });
    expect(buffer.lastSeq).toBe(3);
  });

  it('finds free loopback ports and sees taken ones', async () => {
    const port = await loopbackPorts.findFree();
    expect(await loopbackPorts.isFree(port)).toBe(true);
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect(await loopbackPorts.isFree(port)).toBe(false);
    server.close();
  });

  it('unsubscribes and survives a throwing listener', () => {
    class E extends TypedEmitter<{ x: number }> {
      fire(n: number): void {
        this.emit('x', n);
      }
    }
    const e = new E();
    const seen = vi.fn();
    e.on('x', () => {
      throw new Error('bug');
    });
    const off = e.on('x', seen);
    e.fire(1);
    off();
    e.fire(2);
    expect(seen).toHaveBeenCalledTimes(1);
    expect(e.listenerCount('x')).toBe(1);
  });
});
