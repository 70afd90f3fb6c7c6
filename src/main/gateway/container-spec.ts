import { createHash } from 'node:crypto';
import type { ContainerCreateOptions } from 'dockerode';
import { HOST_ALIAS, PLANO_CONFIG_CONTAINER_PATH } from './plano-config';

/** Labels that mark a container as Switchyard's own; startup hygiene finds leftovers by them. */
export const MANAGED_LABEL = 'io.switchyard.managed';
export const CONFIG_HASH_LABEL = 'io.switchyard.config-hash';
/** The host port the listener was published on (or listens on, with host networking). */
export const PORT_LABEL = 'io.switchyard.port';

export interface ContainerSpecInput {
  name: string;
  image: string;
  /** Host port on 127.0.0.1 (published), or the listener port itself when the network is `host`. */
  hostPort: number;
  /** The listener port inside the container (from plano_config.yaml). */
  containerPort: number;
  /** Host path of the generated plano_config.yaml. */
  configPath: string;
  /** `host`, `slirp4netns`, a network name, or '' for the engine's default. */
  network: string;
  /** Key env vars plus the user's extra env. */
  env: Record<string, string>;
  /** Extra bind mounts in Docker's `host:container[:ro]` form. */
  extraBinds: string[];
  /** Run an init process as PID 1 (HostConfig.Init) so signals reach the gateway. */
  init: boolean;
  configHash: string;
  /** `name:address` host entries the generated config's upstreams need. */
  extraHosts: string[];
}

export function isHostNetwork(network: string): boolean {
  return network === 'host';
}

/**
 * Everything that decides what the container does, hashed: a leftover container is adopted only when its
 * hash label matches. Includes the key values (as a one-way hash) so a changed key recreates the gateway.
 */
export function configHash(parts: {
  yaml: string;
  image: string;
  env: Record<string, string>;
  network: string;
  extraBinds: string[];
  init: boolean;
  portSetting: number | 'auto';
}): string {
  const canonical = JSON.stringify({
    yaml: parts.yaml,
    image: parts.image,
    env: Object.entries(parts.env).sort(([a], [b]) => a.localeCompare(b)),
    network: parts.network,
    binds: parts.extraBinds,
    init: parts.init,
    port: parts.portSetting,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export function buildContainerSpec(input: ContainerSpecInput): ContainerCreateOptions {
  const hostNetwork = isHostNetwork(input.network);
  const portKey = `${input.containerPort}/tcp`;
  const hostConfig: NonNullable<ContainerCreateOptions['HostConfig']> = {
    Binds: [`${input.configPath}:${PLANO_CONFIG_CONTAINER_PATH}:ro`, ...input.extraBinds],
    // Plano's CLI does the same, so model servers on the host (Ollama, LM Studio) are reachable.
    ExtraHosts: hostNetwork ? [...input.extraHosts] : [`${HOST_ALIAS}:host-gateway`, ...input.extraHosts],
    // Supervision is ours: the engine must not restart the container behind our back.
    RestartPolicy: { Name: 'no' },
  };
  if (input.network) hostConfig.NetworkMode = input.network;
  if (input.init) hostConfig.Init = true;
  if (!hostNetwork) {
    // Loopback only: the gateway holds provider keys and checks no client credentials.
    hostConfig.PortBindings = { [portKey]: [{ HostIp: '127.0.0.1', HostPort: String(input.hostPort) }] };
  }
  return {
    name: input.name,
    Image: input.image,
    Labels: {
      [MANAGED_LABEL]: 'true',
      [CONFIG_HASH_LABEL]: input.configHash,
      [PORT_LABEL]: String(input.hostPort),
    },
    Env: Object.entries(input.env).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: { [portKey]: {} },
    HostConfig: hostConfig,
  };
}
