import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerDetails, PullProgress } from '../../shared/gateway';
import { SwitchyardError } from '../../shared/errors';
import type {
  ContainerEngine,
  ContainerState,
  EngineEvent,
  EngineInfo,
  EngineStatsSample,
  ManagedContainerInfo,
} from './container-engine';
import { containerDetails } from './container-details';
import { MANAGED_LABEL } from './container-spec';
import { toStatsSample, type RawDockerStats } from './stats';
import { LineSplitter } from './stream-lines';

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** How the user should get an engine running; part of every "no engine" error. */
export const START_ENGINE_HINT =
  'Start Docker (open Docker Desktop, or run `sudo systemctl start docker`), or start Podman\'s Docker-API service ' +
  '(`podman system service --time=0 unix:///path/podman.sock`) and set routing.plano_embedded.docker_host or DOCKER_HOST to it.';

/** `''` → DOCKER_HOST or the default socket; `/path` or `unix:///path` → a socket; `tcp://h:p` / `http://h:p` → TCP. */
export function createDockerClient(dockerHost: string, env: NodeJS.ProcessEnv = process.env): { docker: Docker; endpoint: string } {
  const target = dockerHost.trim() || env.DOCKER_HOST?.trim() || DEFAULT_SOCKET;
  if (target.startsWith('unix://')) return { docker: new Docker({ socketPath: target.slice('unix://'.length) }), endpoint: target };
  if (target.startsWith('/')) return { docker: new Docker({ socketPath: target }), endpoint: target };
  const match = /^(tcp|http|https):\/\/([^:/]+)(?::(\d+))?\/?$/.exec(target);
  if (!match) {
    throw new SwitchyardError('CONFIG_INVALID', `docker_host "${target}" is not a unix socket path or a tcp:// URL`, {
      details: { field: 'routing.plano_embedded.docker_host' },
    });
  }
  const protocol = match[1] === 'https' ? 'https' : 'http';
  const port = match[3] ? Number(match[3]) : protocol === 'https' ? 2376 : 2375;
  return { docker: new Docker({ protocol, host: match[2]!, port }), endpoint: target };
}

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
  code?: string;
}

/** The engine's own words for a failure (its JSON message when it sent one). */
export function engineReason(error: unknown): string {
  const e = (error ?? {}) as DockerodeError;
  const fromJson = e.json && typeof e.json === 'object' && typeof e.json.message === 'string' ? e.json.message : undefined;
  // Streaming calls (pull) carry no parsed JSON; docker-modem prefixes the body with "(HTTP code 500) server error - ".
  return (fromJson ?? e.message ?? String(error)).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

function statusOf(error: unknown): number | undefined {
  return (error as DockerodeError | undefined)?.statusCode;
}

function engineError(action: string, error: unknown, details: Record<string, unknown> = {}): SwitchyardError {
  return new SwitchyardError('CONTAINER_FAILED', `${action}: ${engineReason(error)}`, {
    retryable: true,
    details: { ...details, engineStatus: statusOf(error) },
    cause: error,
  });
}

export class DockerEngine implements ContainerEngine {
  constructor(
    private readonly docker: Docker,
    readonly endpoint: string,
  ) {}

  static fromHost(dockerHost: string): DockerEngine {
    const { docker, endpoint } = createDockerClient(dockerHost);
    return new DockerEngine(docker, endpoint);
  }

  async ping(signal?: AbortSignal): Promise<EngineInfo> {
    const timeout = AbortSignal.timeout(5000);
    const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      // dockerode passes abortSignal through at runtime; its typings predate the option.
      await (this.docker as unknown as { ping(o: object): Promise<unknown> }).ping({ abortSignal });
      return { endpoint: this.endpoint };
    } catch (error) {
      throw new SwitchyardError(
        'CONTAINER_FAILED',
        `No container engine answers at ${this.endpoint} (${engineReason(error)}). ${START_ENGINE_HINT}`,
        { retryable: false, details: { endpoint: this.endpoint, reason: 'engine_unreachable' }, cause: error },
      );
    }
  }

  /** Podman answers /version slowly (about a second), so it is asked once and apart from pings. */
  async version(): Promise<string | undefined> {
    try {
      const version = (await this.docker.version()) as { Version?: string; Components?: { Name: string; Version: string }[] };
      const podman = version.Components?.find((c) => c.Name === 'Podman Engine');
      return podman ? `Podman ${podman.Version}` : version.Version;
    } catch {
      return undefined;
    }
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw engineError(`Cannot inspect image ${image}`, error);
    }
  }

  async pullImage(image: string, onProgress: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    const fail = (error: unknown): SwitchyardError =>
      new SwitchyardError('CONTAINER_FAILED', `Cannot pull image ${image}: ${engineReason(error)}`, {
        retryable: false,
        details: { image, reason: 'pull_failed' },
        cause: error,
      });
    let stream: Readable;
    try {
      stream = (await this.docker.pull(image, signal ? { abortSignal: signal } : {})) as Readable;
    } catch (error) {
      throw fail(error);
    }
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (error: unknown) => (error ? reject(fail(error)) : resolve()),
        (event: { status?: string; id?: string; error?: string; errorDetail?: { message?: string }; progressDetail?: { current?: number; total?: number } }) => {
          if (event.error || event.errorDetail) {
            stream.destroy();
            reject(fail(new Error(event.errorDetail?.message ?? event.error)));
            return;
          }
          const status = event.status ?? '';
          const progress: PullProgress = {
            image,
            layer: event.id ?? '',
            status,
            done: /complete|already exists|downloaded newer|up to date/i.test(status),
          };
          if (event.progressDetail?.current !== undefined) progress.current = event.progressDetail.current;
          if (event.progressDetail?.total !== undefined) progress.total = event.progressDetail.total;
          onProgress(progress);
        },
      );
    });
  }

  async listManaged(name: string): Promise<ManagedContainerInfo[]> {
    try {
      const named = await this.docker.listContainers({ all: true, filters: { name: [name] } });
      // The name filter matches substrings; only the exact name is ours to adopt or remove.
      return named.filter((c) => c.Names.some((n) => n.replace(/^\//, '') === name)).map((c) => toInfo(c, c.Labels?.[MANAGED_LABEL] === 'true'));
    } catch (error) {
      throw engineError('Cannot list containers', error);
    }
  }

  async createContainer(spec: ContainerCreateOptions): Promise<string> {
    try {
      const container = await this.docker.createContainer(spec);
      return container.id;
    } catch (error) {
      throw engineError(`Cannot create container ${spec.name ?? ''}`.trim(), error, { image: spec.Image });
    }
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (error) {
      if (statusOf(error) === 304) return; // already running
      throw engineError('Cannot start the gateway container', error);
    }
  }

  async inspectContainer(id: string): Promise<ContainerState> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      const state: ContainerState = { running: info.State.Running, status: info.State.Status, exitCode: info.State.ExitCode, oomKilled: info.State.OOMKilled };
      if (info.State.Error) state.error = info.State.Error;
      return state;
    } catch (error) {
      if (statusOf(error) === 404) return { running: false, status: 'removed' };
      throw engineError('Cannot inspect the gateway container', error);
    }
  }

  /** The container view's inspect (env values left out); undefined when no such container exists. */
  async inspectDetails(idOrName: string): Promise<ContainerDetails | undefined> {
    try {
      return containerDetails(await this.docker.getContainer(idOrName).inspect());
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw engineError(`Cannot inspect container ${idOrName}`, error);
    }
  }

  async stopContainer(id: string, timeoutSec: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSec });
    } catch (error) {
      const status = statusOf(error);
      if (status === 304 || status === 404) return;
      throw engineError('Cannot stop the gateway container', error);
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (error) {
      if (statusOf(error) === 404) return;
      // Removal already in progress (409) finishes by itself.
      if (statusOf(error) === 409 && /in progress/i.test(engineReason(error))) return;
      throw engineError('Cannot remove the gateway container', error);
    }
  }

  async watchEvents(onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], label: [`${MANAGED_LABEL}=true`] },
      abortSignal: signal,
    })) as unknown as Readable;
    await consumeLines(stream, signal, (line) => {
      const event = parseEngineEvent(line);
      if (event) onEvent(event);
    });
  }

  async followLogs(id: string, onLine: (stream: 'stdout' | 'stderr', text: string) => void, signal: AbortSignal): Promise<void> {
    const container = this.docker.getContainer(id);
    const raw = (await container.logs({ follow: true, stdout: true, stderr: true, abortSignal: signal })) as unknown as Readable;
    const out = new PassThrough();
    const err = new PassThrough();
    const outLines = new LineSplitter((text) => onLine('stdout', text));
    const errLines = new LineSplitter((text) => onLine('stderr', text));
    out.on('data', (chunk: Buffer) => outLines.push(chunk));
    err.on('data', (chunk: Buffer) => errLines.push(chunk));
    this.docker.modem.demuxStream(raw, out, err);
    await waitForEnd(raw, signal);
    outLines.end();
    errLines.end();
  }

  async streamStats(id: string, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal): Promise<void> {
    const container = this.docker.getContainer(id) as unknown as { stats(o: object): Promise<unknown> };
    const stream = (await container.stats({ stream: true, abortSignal: signal })) as Readable;
    await consumeLines(stream, signal, (line) => {
      try {
        onSample(toStatsSample(JSON.parse(line) as RawDockerStats));
      } catch {
        // A torn or non-JSON line is skipped; the next sample comes within a second.
      }
    });
  }
}

function toInfo(c: Docker.ContainerInfo, managed: boolean): ManagedContainerInfo {
  return { id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels ?? {}, running: c.State === 'running', managed };
}

/** Docker and Podman event JSON → our event; anything else → undefined. */
export function parseEngineEvent(line: string): EngineEvent | undefined {
  let raw: {
    Type?: string;
    Action?: string;
    status?: string;
    id?: string;
    time?: number;
    timeNano?: number;
    Actor?: { ID?: string; Attributes?: Record<string, string> };
  };
  try {
    raw = JSON.parse(line) as typeof raw;
  } catch {
    return undefined;
  }
  const containerId = raw.Actor?.ID ?? raw.id;
  const actionText = raw.Action ?? raw.status;
  if (!containerId || !actionText) return undefined;
  // Docker sends `health_status: unhealthy` as the action; Podman says `died` in some versions.
  const [head, tail] = actionText.split(':').map((s) => s.trim());
  const action = head === 'died' ? 'die' : head!;
  const at = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
  const event: EngineEvent = { action, containerId, at };
  const exitCode = raw.Actor?.Attributes?.exitCode;
  if (exitCode !== undefined && exitCode !== '') event.exitCode = Number(exitCode);
  const health = tail ?? raw.Actor?.Attributes?.health_status;
  if (action === 'health_status' && health) event.healthStatus = health;
  return event;
}

async function consumeLines(stream: Readable, signal: AbortSignal, onLine: (line: string) => void): Promise<void> {
  const lines = new LineSplitter((line) => {
    if (line.trim() !== '') onLine(line);
  });
  stream.on('data', (chunk: Buffer) => lines.push(chunk));
  await waitForEnd(stream, signal);
  lines.end();
}

function waitForEnd(stream: Readable, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) {
      stream.destroy();
      resolve();
      return;
    }
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      stream.destroy();
      done();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
