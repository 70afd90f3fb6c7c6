import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullProgress } from '../../shared/gateway';
import { DockerEngine } from './docker-engine';

/**
 * DockerEngine over a real HTTP layer: a loopback server speaking the Docker Engine API's wire format for
 * the answers a real engine gives but Podman here cannot be made to (a registry pull with per-layer
 * progress, errors mid-pull, 304/404/409 answers).
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let engine: DockerEngine;
const routes = new Map<string, Handler>();

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0]!;
    const handler = routes.get(`${req.method} ${path}`);
    if (handler) handler(req, res);
    else json(res, 404, { message: `no such route ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  engine = DockerEngine.fromHost(`tcp://127.0.0.1:${(server.address() as { port: number }).port}`);
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('DockerEngine pull', () => {
  it('reports per-layer progress and finishes', async () => {
    routes.set('POST /images/create', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const lines = [
        { status: 'Pulling from katanemo/plano', id: '0.4.36' },
        { status: 'Downloading', id: 'aa11', progressDetail: { current: 512, total: 2048 } },
        { status: 'Download complete', id: 'aa11' },
        { status: 'Pull complete', id: 'aa11' },
        { status: 'Status: Downloaded newer image for katanemo/plano:0.4.36' },
      ];
      for (const line of lines) res.write(`${JSON.stringify(line)}\r\n`);
      res.end();
    });
    const progress: PullProgress[] = [];
    await engine.pullImage('katanemo/plano:0.4.36', (p) => progress.push(p));
    expect(progress[1]).toEqual({ image: 'katanemo/plano:0.4.36', layer: 'aa11', status: 'Downloading', current: 512, total: 2048, done: false });
    expect(progress.filter((p) => p.layer === 'aa11' && p.done).map((p) => p.status)).toEqual(['Download complete', 'Pull complete']);
  });

  it('turns an error in the progress stream into the engine reason', async () => {
    routes.set('POST /images/create', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ status: 'Pulling from katanemo/plano', id: '9.9.9' })}\n`);
      res.end(`${JSON.stringify({ errorDetail: { message: 'manifest for katanemo/plano:9.9.9 not found: manifest unknown' }, error: 'manifest unknown' })}\n`);
    });
    await expect(engine.pullImage('katanemo/plano:9.9.9', () => {})).rejects.toMatchObject({
      code: 'CONTAINER_FAILED',
      message: 'Cannot pull image katanemo/plano:9.9.9: manifest for katanemo/plano:9.9.9 not found: manifest unknown',
    });
  });

  it('turns an HTTP error answer into the engine reason', async () => {
    routes.set('POST /images/create', (_req, res) => json(res, 500, { message: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host' }));
    await expect(engine.pullImage('katanemo/plano:0.4.36', () => {})).rejects.toThrow(/Cannot pull image katanemo\/plano:0.4.36: Get .*no such host/);
  });
});

describe('DockerEngine answers', () => {
  it('treats 304 and 404 as done where they mean it, and reports other failures with the engine message', async () => {
    routes.set('GET /images/katanemo/plano:0.4.36/json', (_req, res) => json(res, 404, { message: 'No such image' }));
    expect(await engine.hasImage('katanemo/plano:0.4.36')).toBe(false);
    routes.set('GET /images/katanemo/plano:0.4.36/json', (_req, res) => json(res, 500, { message: 'storage is corrupt' }));
    await expect(engine.hasImage('katanemo/plano:0.4.36')).rejects.toThrow('Cannot inspect image katanemo/plano:0.4.36: storage is corrupt');

    routes.set('POST /containers/abc/start', (_req, res) => res.writeHead(304).end());
    await expect(engine.startContainer('abc')).resolves.toBeUndefined();
    routes.set('POST /containers/abc/stop', (_req, res) => res.writeHead(304).end());
    await expect(engine.stopContainer('abc', 1)).resolves.toBeUndefined();
    routes.set('POST /containers/abc/stop', (_req, res) => json(res, 500, { message: 'cannot stop' }));
    await expect(engine.stopContainer('abc', 1)).rejects.toThrow('Cannot stop the gateway container: cannot stop');
    routes.set('DELETE /containers/abc', (_req, res) => json(res, 409, { message: 'removal of container abc is already in progress' }));
    await expect(engine.removeContainer('abc')).resolves.toBeUndefined();
    routes.set('DELETE /containers/abc', (_req, res) => json(res, 500, { message: 'device busy' }));
    await expect(engine.removeContainer('abc')).rejects.toThrow('Cannot remove the gateway container: device busy');
    expect(await engine.inspectContainer('gone')).toEqual({ running: false, status: 'removed' });
    routes.set('GET /containers/bad/json', (_req, res) => json(res, 500, { message: 'db locked' }));
    await expect(engine.inspectContainer('bad')).rejects.toThrow('Cannot inspect the gateway container: db locked');
    routes.set('POST /containers/create', (_req, res) => json(res, 409, { message: 'the container name "switchyard-plano" is already in use' }));
    await expect(engine.createContainer({ name: 'switchyard-plano', Image: 'x' })).rejects.toThrow(/Cannot create container switchyard-plano: .*already in use/);
    routes.set('GET /containers/json', (_req, res) => json(res, 500, { message: 'engine is shutting down' }));
    await expect(engine.listManaged('switchyard-plano')).rejects.toThrow('Cannot list containers: engine is shutting down');
  });

  it('reads the version of Docker and of Podman, and says nothing when the engine will not tell', async () => {
    routes.set('GET /version', (_req, res) => json(res, 200, { Version: '27.1.1' }));
    expect(await engine.version()).toBe('27.1.1');
    routes.set('GET /version', (_req, res) => json(res, 200, { Version: '4.3.1', Components: [{ Name: 'Podman Engine', Version: '4.3.1' }] }));
    expect(await engine.version()).toBe('Podman 4.3.1');
    routes.set('GET /version', (_req, res) => json(res, 500, { message: 'no' }));
    expect(await engine.version()).toBeUndefined();
  });

  it('explains how to start an engine when none answers', async () => {
    const none = DockerEngine.fromHost('/tmp/switchyard-no-such-engine.sock');
    await expect(none.ping()).rejects.toThrow(/No container engine answers at \/tmp\/switchyard-no-such-engine.sock \(.*ENOENT.*\)\. Start Docker/);
  });
});
