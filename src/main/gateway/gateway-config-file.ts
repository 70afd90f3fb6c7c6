import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_PLANO_PORT } from '../../shared/config-schema';
import type { SwitchyardConfig } from '../../shared/config';
import { configHash, isHostNetwork } from './container-spec';
import { generatePlanoConfig } from './plano-config';

/** What the gateway container should be, independent of the host port picked for this run. */
export interface DesiredGateway {
  /** Label value: a leftover container with the same hash can be adopted. */
  hash: string;
  /** Container environment: provider keys by env name, then the user's extra env. */
  env: Record<string, string>;
  /** The listener port inside the container for a given host port. */
  containerPort: (hostPort: number) => number;
  /** Host names the upstreams need inside the container. */
  extraHosts: string[];
}

export function desiredGateway(config: SwitchyardConfig, extras: { extraBinds: string[]; init: boolean }): DesiredGateway {
  const settings = config.routing.planoEmbedded;
  const hostNetwork = isHostNetwork(settings.network);
  const fixed = typeof settings.port === 'number' ? settings.port : DEFAULT_PLANO_PORT;
  // With host networking the listener is the host port itself; otherwise it is fixed and published.
  const containerPort = (hostPort: number): number => (hostNetwork ? hostPort : fixed);
  // With host networking and `auto`, the listener port varies per run; hash a stable rendering instead.
  const generated = generatePlanoConfig(config, { listenerPort: fixed, hostNetwork });
  const env = { ...generated.env, ...settings.env };
  const hash = configHash({
    yaml: generated.yaml,
    image: settings.image,
    env,
    network: settings.network,
    extraBinds: extras.extraBinds,
    init: extras.init,
    portSetting: settings.port,
  });
  return { hash, env, containerPort, extraHosts: generated.extraHosts };
}

/** Writes plano_config.yaml (no secrets in it) and returns its text. */
export function writeGatewayConfig(config: SwitchyardConfig, path: string, listenerPort: number): string {
  const { yaml } = generatePlanoConfig(config, { listenerPort, hostNetwork: isHostNetwork(config.routing.planoEmbedded.network) });
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8');
  } catch {
    existing = undefined;
  }
  // A running container bind-mounts the file by inode: leave an identical file alone.
  if (existing === yaml) return yaml;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, yaml, { mode: 0o644 });
  renameSync(temp, path);
  return yaml;
}
