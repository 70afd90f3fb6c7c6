import type { ContainerCreateOptions } from 'dockerode';
import type { PullProgress } from '../../shared/gateway';

/**
 * The narrow slice of a Docker-API engine the supervisor uses. `DockerEngine` implements it over dockerode
 * (tested against a real engine); the state machine's unit tests pass a fake through the same door.
 * Every method rejects with a SwitchyardError whose message carries the engine's own reason.
 */

export interface ManagedContainerInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  running: boolean;
  /** False when the container carries our name but not our label (someone else's container). */
  managed: boolean;
}

export interface ContainerState {
  running: boolean;
  status: string;
  exitCode?: number;
  oomKilled?: boolean;
  error?: string;
}

export type EngineEventAction = 'die' | 'oom' | 'kill' | 'health_status' | 'start' | 'stop' | 'destroy' | string;

export interface EngineEvent {
  action: EngineEventAction;
  containerId: string;
  at: number;
  exitCode?: number;
  /** health_status events: healthy / unhealthy. */
  healthStatus?: string;
}

export interface EngineInfo {
  endpoint: string;
  version?: string;
}

export interface EngineStatsSample {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

export interface ContainerEngine {
  /** Human-readable address of the engine (socket path or URL), for status and error messages. */
  readonly endpoint: string;
  /** Cheap reachability check (`GET /_ping`). */
  ping(signal?: AbortSignal): Promise<EngineInfo>;
  /** The engine's name and version, for the dashboard; undefined when it will not say. */
  version(): Promise<string | undefined>;
  hasImage(image: string): Promise<boolean>;
  pullImage(image: string, onProgress: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void>;
  /** Containers named exactly `name`; `managed` is false when one lacks our label (someone else's). */
  listManaged(name: string): Promise<ManagedContainerInfo[]>;
  createContainer(spec: ContainerCreateOptions): Promise<string>;
  startContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerState>;
  stopContainer(id: string, timeoutSec: number): Promise<void>;
  /** Force-removes; a container that is already gone is not an error. */
  removeContainer(id: string): Promise<void>;
  /** Streams container events for our label until the signal aborts or the stream ends. */
  watchEvents(onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void>;
  /** Follows stdout/stderr (demultiplexed, split into lines) until the container stops or the signal aborts. */
  followLogs(id: string, onLine: (stream: 'stdout' | 'stderr', text: string) => void, signal: AbortSignal): Promise<void>;
  streamStats(id: string, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal): Promise<void>;
}
