import type { ContainerInspectInfo } from 'dockerode';
import type { ContainerDetails } from '../../shared/gateway';

/**
 * `docker inspect` of the gateway container, reduced to what a container view shows: image, state,
 * command, ports, mounts, env variable names (never their values: keys travel in the env) and labels.
 */
export function containerDetails(info: ContainerInspectInfo): ContainerDetails {
  const ports: ContainerDetails['ports'] = [];
  const bindings = info.HostConfig?.PortBindings as Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined;
  const exposed = new Set([...Object.keys(info.Config?.ExposedPorts ?? {}), ...Object.keys(bindings ?? {})]);
  for (const container of [...exposed].sort()) {
    const published = bindings?.[container] ?? [];
    if (published.length === 0) ports.push({ container });
    for (const b of published) ports.push({ container, ...(b.HostIp ? { hostIp: b.HostIp } : {}), ...(b.HostPort ? { hostPort: b.HostPort } : {}) });
  }
  const state: ContainerDetails['state'] = { status: info.State.Status, running: info.State.Running };
  if (info.State.StartedAt && !info.State.StartedAt.startsWith('0001')) state.startedAt = info.State.StartedAt;
  if (!info.State.Running) state.exitCode = info.State.ExitCode;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config?.Image ?? '',
    imageId: info.Image,
    created: info.Created,
    state,
    command: [...(info.Config?.Entrypoint ? toList(info.Config.Entrypoint) : []), ...(info.Config?.Cmd ?? [])],
    networkMode: info.HostConfig?.NetworkMode ?? '',
    ports,
    mounts: (info.Mounts ?? []).map((m) => ({ source: m.Source, destination: m.Destination, readOnly: m.RW === false })),
    envNames: (info.Config?.Env ?? []).map((e) => e.split('=', 1)[0]!).filter((n) => n !== ''),
    labels: { ...(info.Config?.Labels ?? {}) },
  };
}

function toList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
