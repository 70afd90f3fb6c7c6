// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

describe('gateway dashboard', () => {
  it('restart shows up on the timeline and in the restart count', async () => {
    app = renderApp({ page: 'gateway' });
    const timeline = await screen.findByTestId('gateway-timeline');
    expect(screen.getByTestId('gateway-restarts').textContent).toContain('0');
    fireEvent.click(screen.getByTestId('gateway-restart'));
    await waitFor(() => expect(within(timeline).getByText('restart requested by the user')).toBeTruthy());
    expect(timeline.querySelector('[data-kind="restart"]')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('gateway-restarts').textContent).toContain('1'));
    // The fake becomes ready again and reports a passing health check.
    await waitFor(() => expect(screen.getByTestId('gateway-phase').textContent).toContain('ready'));
  });

  it('keeps fallback and background recovery apart, and says what the restart count counts', async () => {
    app = renderApp({ page: 'gateway' });
    await screen.findByTestId('gateway-timeline');
    app.bridge.setGatewayStatus({
      phase: 'failed',
      restarts: 3,
      restartsInRow: 3,
      maxRestarts: 3,
      recoveryAttempts: 4,
      recovery: { attempt: 5, step: 'creating' },
      fallbackActive: true,
      fallbackReason: 'gave up after 3 failed restarts',
    });
    await waitFor(() => expect(screen.getByTestId('gateway-phase').textContent).toBe('Statefailedfallbackrecovering'));
    expect(screen.getByTestId('gateway-restarts').textContent).toBe('Restarts3 (3 of 3 in a row before fallback)');
    expect(screen.getByTestId('gateway-recovery').textContent).toBe('Recovery attempts4 · attempt 5: creating');
    app.bridge.setGatewayStatus({ recovery: { attempt: 5, step: 'waiting', nextAttemptAt: Date.now() + 12_000 } });
    await waitFor(() => expect(screen.getByTestId('gateway-recovery').textContent).toMatch(/attempt 5 in \d+ s$/));
  });

  it('shows pushed events, health failures with latency, and stop', async () => {
    app = renderApp({ page: 'gateway' });
    const timeline = await screen.findByTestId('gateway-timeline');
    app.bridge.pushGatewayEvent({ at: Date.now(), kind: 'health', phase: 'unhealthy', reason: '/healthz returned 503', ok: false, latencyMs: 87 });
    app.bridge.pushGatewayEvent({ at: Date.now(), kind: 'fallback', phase: 'failed', reason: 'max restarts reached; serving Direct' });
    await waitFor(() => expect(timeline.textContent).toContain('/healthz returned 503 · 87 ms'));
    expect(timeline.textContent).toContain('Health check failed');
    expect(timeline.textContent).toContain('max restarts reached; serving Direct');
    fireEvent.click(screen.getByTestId('gateway-stop'));
    await waitFor(() => expect(screen.getByTestId('gateway-phase').textContent).toContain('stopped'));
    expect((screen.getByTestId('gateway-start') as HTMLButtonElement).disabled).toBe(false);
  });

  it('explains what to do when no container engine is reachable', async () => {
    app = renderApp({ page: 'gateway', engineReachable: false });
    const guide = await screen.findByTestId('engine-unreachable');
    expect(guide.textContent).toContain('unix:///var/run/docker.sock');
    expect(guide.textContent).toContain('DOCKER_HOST');
    // Start stays available (the engine may have come up since); a failed start says why.
    fireEvent.click(screen.getByTestId('gateway-start'));
    const error = await screen.findByTestId('error-box');
    expect(error.textContent).toContain('CONTAINER_FAILED');
    expect(error.textContent).toContain('No container engine reachable');
  });

  it('explains a failed image pull', async () => {
    app = renderApp({ page: 'gateway' });
    await screen.findByTestId('gateway-timeline');
    app.bridge.setGatewayStatus({ phase: 'failed', lastError: { code: 'CONTAINER_FAILED', message: 'pull access denied for katanemo/plano, manifest unknown' } });
    const box = await screen.findByTestId('pull-failed');
    expect(box.textContent).toContain('docker pull katanemo/plano:0.4.36');
  });

  it('streams logs live; filter, pause and resume work', async () => {
    app = renderApp({ page: 'gateway' });
    const view = await screen.findByTestId('log-view');
    await waitFor(() => expect(view.textContent).toContain('listener llm ready'));
    app.bridge.pushLog('upstream openai connect error', 'stderr');
    await waitFor(() => expect(view.textContent).toContain('upstream openai connect error'));

    fireEvent.change(screen.getByTestId('log-filter'), { target: { value: 'connect error' } });
    expect(within(view).getAllByText(/connect error/)).toHaveLength(1);
    expect(view.textContent).not.toContain('listener llm ready');

    fireEvent.change(screen.getByTestId('log-filter'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('log-pause'));
    app.bridge.pushLog('arrived while paused');
    await waitFor(() => expect(screen.getByTestId('log-pause').textContent).toContain('1 new'));
    expect(view.textContent).not.toContain('arrived while paused');
    fireEvent.click(screen.getByTestId('log-pause'));
    expect(view.textContent).toContain('arrived while paused');
  });

  it('charts CPU and memory samples and shows pull progress', async () => {
    app = renderApp({ page: 'gateway' });
    await screen.findByTestId('gateway-timeline');
    for (let i = 0; i < 3; i++) app.bridge.emit('gateway.stats', { at: Date.now() + i, cpuPercent: 10 + i, memoryBytes: 100 * 1024 * 1024, memoryLimitBytes: 512 * 1024 * 1024 });
    await waitFor(() => expect(screen.getByTestId('cpu-chart').textContent).toContain('12.0 %'));
    expect(screen.getByTestId('memory-chart').textContent).toContain('100.0 MiB');
    app.bridge.emit('gateway.pull', { image: 'katanemo/plano:0.4.36', layer: 'sha256:aaaa', status: 'Downloading', current: 50, total: 100, done: false });
    const pull = await screen.findByTestId('pull-progress');
    expect(pull.textContent).toContain('50%');
    app.bridge.emit('gateway.pull', { image: 'katanemo/plano:0.4.36', layer: 'sha256:aaaa', status: 'Pull complete', current: 100, total: 100, done: true });
    await waitFor(() => expect(screen.queryByTestId('pull-progress')).toBeNull());
  });

  it('shows the generated Plano config read-only', async () => {
    app = renderApp({ page: 'gateway' });
    const config = await screen.findByTestId('gateway-config');
    await waitFor(() => expect(config.textContent).toContain('version: v0.4.0'));
    expect(config.tagName).toBe('PRE');
  });
});
