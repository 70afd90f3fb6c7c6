import { useEffect, useState } from 'react';
import type { GatewayRecovery, GatewayStatus, PullProgress } from '../../../../shared/gateway';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { formatBytes, formatDuration, formatMs, formatTime } from '../../lib/format';
import { ContainerInspect } from './container-inspect';
import { GatewayConfig } from './gateway-config';
import { LogView } from './log-view';
import { Sparkline } from './sparkline';
import { Timeline } from './timeline';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

const PENDING = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' } as const;

const PHASE_TONE: Record<GatewayStatus['phase'], string> = {
  idle: 'neutral', pulling: 'warn', creating: 'warn', starting: 'warn', ready: 'good', unhealthy: 'bad', restarting: 'warn', stopping: 'warn', stopped: 'neutral', failed: 'bad',
};

/** The embedded Plano gateway: state, history, logs, resource use, controls and its generated config. */
export function GatewayPage() {
  const { gateway } = useStores();
  const status = useSlice(gateway, (s) => s.status);
  const events = useSlice(gateway, (s) => s.events);
  const logs = useSlice(gateway, (s) => s.logs);
  const stats = useSlice(gateway, (s) => s.stats);
  const pull = useSlice(gateway, (s) => s.pull);
  const busy = useSlice(gateway, (s) => s.busy);
  const actionError = useSlice(gateway, (s) => s.actionError);
  const loadError = useSlice(gateway, (s) => s.loadError);
  const outcome = useSlice(gateway, (s) => s.outcome);
  const now = useNow(1000);

  useEffect(() => {
    void gateway.getState().load();
    void gateway.getState().loadConfig();
  }, [gateway]);

  if (loadError && !status) {
    return (
      <div className="page">
        <h1>Gateway</h1>
        <ErrorBox error={loadError} title="Could not read the gateway status" onRetry={() => void gateway.getState().load()} />
      </div>
    );
  }
  if (!status) {
    return (
      <div className="page center muted" role="status">
        Loading gateway status…
      </div>
    );
  }

  const running = !['idle', 'stopped', 'failed'].includes(status.phase);
  const pullLayers = Object.values(pull);
  const pullFailed = status.lastError && /pull|manifest|not found|registry/i.test(status.lastError.message);

  return (
    <div className="page gateway">
      <header className="page-head row between">
        <div>
          <h1>Plano gateway</h1>
          <p className="muted">The embedded container Switchyard supervises.</p>
        </div>
        <div className="gateway-controls">
          <div className="row gap-s" role="group" aria-label="Gateway controls">
            <button type="button" className="btn btn-primary" disabled={busy !== undefined || running} onClick={() => void gateway.getState().run('start')} aria-busy={busy === 'start'} data-testid="gateway-start">
              {busy === 'start' ? 'Starting…' : 'Start'}
            </button>
            <button type="button" className="btn" disabled={busy !== undefined || !running} onClick={() => void gateway.getState().run('stop')} aria-busy={busy === 'stop'} data-testid="gateway-stop">
              {busy === 'stop' ? 'Stopping…' : 'Stop'}
            </button>
            <button type="button" className="btn" disabled={busy !== undefined || status.phase === 'idle'} onClick={() => void gateway.getState().run('restart')} aria-busy={busy === 'restart'} data-testid="gateway-restart">
              {busy === 'restart' ? 'Restarting…' : 'Restart'}
            </button>
          </div>
          <p className={`small gateway-outcome ${outcome && !busy ? (outcome.ok ? 'ok' : 'bad') : 'muted'}`} role="status" data-testid="gateway-outcome">
            {busy ? `${PENDING[busy]} — now ${status.phase}…` : (outcome?.message ?? '')}
          </p>
        </div>
      </header>

      {actionError && <ErrorBox error={actionError} title="The gateway did not respond to that" onDismiss={() => gateway.setState({ actionError: undefined, outcome: undefined })} />}

      {!status.engine.reachable && (
        <div className="banner banner-bad" role="alert" data-testid="engine-unreachable">
          <h2>No container engine reachable</h2>
          <p>
            Embedded mode runs Plano in a container, so it needs Docker (or Podman serving the Docker API). Switchyard tried <code>{status.engine.endpoint}</code>
            {status.engine.error ? <> and got: <code>{status.engine.error.replace(/[.\s]+$/, '')}</code></> : null}.
          </p>
          <ul>
            <li>Install and start Docker Desktop, Docker Engine or Podman (<code>podman system service</code>).</li>
            <li>If the engine listens elsewhere, set <code>DOCKER_HOST</code> or the <em>Docker host</em> field in Modes → Plano embedded.</li>
            <li>Meanwhile Direct mode works without any container.</li>
          </ul>
        </div>
      )}
      {status.engine.reachable && pullFailed && (
        <div className="banner banner-bad" role="alert" data-testid="pull-failed">
          <h2>The image could not be pulled</h2>
          <p>{status.lastError?.message}</p>
          <p>
            Check the network or a registry mirror, or pull <code>{status.image}</code> yourself (<code>docker pull {status.image}</code>) and press Start. A different tag can be set in Modes → Plano embedded.
          </p>
        </div>
      )}

      <section className="stat-grid" aria-label="Gateway status">
        <Stat label="State" testId="gateway-phase">
          <span className={`pill pill-${PHASE_TONE[status.phase]}`}>{status.phase}</span>
          {status.fallbackActive && <span className="pill pill-bad" title={status.fallbackReason}>fallback</span>}
          {status.recovery && <span className="pill pill-warn">recovering</span>}
        </Stat>
        <Stat label="Uptime">{status.phase === 'ready' && status.readySince ? formatDuration(now - status.readySince) : '—'}</Stat>
        <Stat label="Image">
          <code className="trunc" title={status.image}>
            {status.image}
          </code>
        </Stat>
        <Stat label="Port">{status.port ? `127.0.0.1:${status.port}` : '—'}</Stat>
        <Stat label="Restarts" testId="gateway-restarts">
          {status.restarts}{' '}
          <span className="muted small">
            ({status.restartsInRow} of {status.maxRestarts} in a row before fallback)
          </span>
        </Stat>
        <Stat label="Recovery attempts" testId="gateway-recovery">
          {status.recoveryAttempts}
          {status.recovery && <span className="muted small"> · {recoveryStep(status.recovery, now)}</span>}
        </Stat>
        <Stat label="Fallbacks">{status.fallbacks}</Stat>
        <Stat label="Last health check">
          {status.lastHealth ? (
            <span className={status.lastHealth.ok ? 'ok' : 'bad'}>
              {status.lastHealth.ok ? 'pass' : 'fail'} · {formatMs(status.lastHealth.latencyMs)} · {formatTime(status.lastHealth.at)}
            </span>
          ) : (
            '—'
          )}
        </Stat>
        <Stat label="Engine">{status.engine.reachable ? `reachable${status.engine.version ? ` · v${status.engine.version}` : ''}` : <span className="bad">unreachable</span>}</Stat>
      </section>
      {status.lastError && !pullFailed && status.engine.reachable && (
        <p className="small bad">
          Last error: <code>{status.lastError.code}</code> {status.lastError.message}
        </p>
      )}

      {pullLayers.length > 0 && <PullPanel layers={pullLayers} />}

      <div className="gateway-grid">
        <section className="card" aria-labelledby="gw-timeline">
          <h2 id="gw-timeline">Timeline</h2>
          <Timeline events={events} />
        </section>
        <section className="card" aria-labelledby="gw-usage">
          <h2 id="gw-usage">Resources</h2>
          <Sparkline label="CPU" values={stats.map((s) => s.cpuPercent)} format={(v) => `${v.toFixed(1)} %`} testId="cpu-chart" />
          <Sparkline label="Memory" values={stats.map((s) => s.memoryBytes)} format={formatBytes} detail={stats.at(-1)?.memoryLimitBytes ? `of ${formatBytes(stats.at(-1)!.memoryLimitBytes)}` : undefined} testId="memory-chart" />
          {stats.length === 0 && <p className="muted small">Samples appear while the container runs.</p>}
        </section>
      </div>

      <section className="card" aria-labelledby="gw-logs">
        <h2 id="gw-logs">Logs</h2>
        <LogView logs={logs} onClear={gateway.getState().clearLogs} />
      </section>

      <div className="gateway-grid">
        <section className="card" aria-labelledby="gw-inspect">
          <h2 id="gw-inspect">Container</h2>
          <ContainerInspect containerId={status.containerId} />
        </section>
        <section className="card" aria-labelledby="gw-config">
          <h2 id="gw-config">Generated Plano config</h2>
          <GatewayConfig />
        </section>
      </div>
    </div>
  );
}

/** What background recovery is doing: the attempt under way, or when the next one begins. */
function recoveryStep(recovery: GatewayRecovery, now: number): string {
  if (recovery.step !== 'waiting') return `attempt ${recovery.attempt}: ${recovery.step}`;
  const wait = recovery.nextAttemptAt === undefined ? undefined : Math.max(0, Math.ceil((recovery.nextAttemptAt - now) / 1000));
  return wait === undefined ? `attempt ${recovery.attempt} next` : `attempt ${recovery.attempt} in ${wait} s`;
}

function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{children}</div>
    </div>
  );
}

function PullPanel({ layers }: { layers: PullProgress[] }) {
  const current = layers.reduce((n, l) => n + (l.current ?? (l.done ? (l.total ?? 0) : 0)), 0);
  const total = layers.reduce((n, l) => n + (l.total ?? 0), 0);
  return (
    <section className="card" aria-labelledby="gw-pull" data-testid="pull-progress">
      <h2 id="gw-pull">Pulling {layers[0]?.image}</h2>
      <progress max={total || 1} value={current} aria-label="Image pull progress" />
      <p className="small muted">
        {formatBytes(current)} of {total ? formatBytes(total) : 'unknown'} · {layers.filter((l) => l.done).length}/{layers.length} layers
      </p>
      <ul className="pull-layers small">
        {layers.slice(0, 8).map((l) => (
          <li key={l.layer}>
            <code>{l.layer.slice(0, 12)}</code> {l.status}
            {l.total ? ` ${Math.round(((l.current ?? 0) / l.total) * 100)}%` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
