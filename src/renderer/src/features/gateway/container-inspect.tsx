import { useEffect, type ReactNode } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';

/** What `docker inspect` says about the gateway container, as Podman Desktop shows it. Env values are never sent here. */
export function ContainerInspect({ containerId }: { containerId: string | undefined }) {
  const { gateway } = useStores();
  const details = useSlice(gateway, (s) => s.inspect);
  const error = useSlice(gateway, (s) => s.inspectError);

  // Asked again whenever the container changes (a restart creates a new one).
  useEffect(() => {
    void gateway.getState().loadInspect();
  }, [gateway, containerId]);

  if (error) return <ErrorBox error={error} title="Could not inspect the container" onRetry={() => void gateway.getState().loadInspect()} />;
  if (details === undefined) return <p className="muted small">Inspecting…</p>;
  if (details === null) return <p className="muted small" data-testid="inspect-none">No gateway container exists yet; Start creates one.</p>;
  return (
    <div className="inspect" data-testid="container-inspect">
      <dl className="kv">
        <dt>Name</dt>
        <dd className="mono">{details.name}</dd>
        <dt>Id</dt>
        <dd className="mono wrap-anywhere">{details.id.slice(0, 12)}</dd>
        <dt>Image</dt>
        <dd className="mono wrap-anywhere" data-testid="inspect-image">
          {details.image} <span className="muted">({details.imageId.replace(/^sha256:/, '').slice(0, 12)})</span>
        </dd>
        <dt>State</dt>
        <dd>
          {details.state.status}
          {details.state.startedAt ? ` · started ${new Date(details.state.startedAt).toLocaleString()}` : ''}
          {details.state.exitCode !== undefined ? ` · exit code ${details.state.exitCode}` : ''}
        </dd>
        <dt>Command</dt>
        <dd className="mono wrap-anywhere">{details.command.join(' ') || '—'}</dd>
        <dt>Network</dt>
        <dd className="mono">{details.networkMode || 'default'}</dd>
      </dl>
      <h3>Ports</h3>
      {details.ports.length === 0 ? (
        <p className="muted small">None published{details.networkMode === 'host' ? ' (host network: the listener is on the host itself)' : ''}.</p>
      ) : (
        <ul className="plain-list mono small" data-testid="inspect-ports">
          {details.ports.map((p) => (
            <li key={`${p.container}-${p.hostPort ?? ''}`}>
              {p.hostPort ? `${p.hostIp || '0.0.0.0'}:${p.hostPort} → ` : ''}
              {p.container}
            </li>
          ))}
        </ul>
      )}
      <h3>Mounts</h3>
      <PlainList testId="inspect-mounts" items={details.mounts.map((m) => [m.destination, `${m.source} → ${m.destination} ${m.readOnly ? '(read-only)' : '(read-write)'}`])} />
      <h3>Environment</h3>
      <PlainList testId="inspect-env" items={details.envNames.map((name) => [name, <>{name}=<span aria-label="value hidden">••••••</span></>])} />
      <h3>Labels</h3>
      <PlainList testId="inspect-labels" items={Object.entries(details.labels).map(([k, v]) => [k, `${k}=${v}`])} />
    </div>
  );
}

/** A monospace list of `[key, content]` items, or "None". */
function PlainList({ items, testId }: { items: [string, ReactNode][]; testId: string }) {
  return (
    <ul className="plain-list mono small wrap-anywhere" data-testid={testId}>
      {items.length === 0 && <li className="muted">None</li>}
      {items.map(([key, content]) => (
        <li key={key}>{content}</li>
      ))}
    </ul>
  );
}
