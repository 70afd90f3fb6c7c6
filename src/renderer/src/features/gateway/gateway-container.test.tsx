// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';
import { collapse, shortReason } from './timeline';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

describe('gateway controls', () => {
  it('Stop then Start show a pending state at once, then the outcome', async () => {
    app = renderApp({ page: 'gateway' });
    await screen.findByTestId('gateway-timeline');
    fireEvent.click(screen.getByTestId('gateway-stop'));
    await waitFor(() => expect(screen.getByTestId('gateway-outcome').textContent).toBe('Gateway stopped.'));
    fireEvent.click(screen.getByTestId('gateway-start'));
    // Pending from the click on: the button says what is happening, the line follows the phase until it settles.
    expect(screen.getByTestId('gateway-start').textContent).toBe('Starting…');
    expect(screen.getByTestId('gateway-outcome').textContent).toBe('Starting — now starting…');
    await waitFor(() => expect(screen.getByTestId('gateway-outcome').textContent).toBe('Gateway ready on 127.0.0.1:12000.'));
    expect(screen.getByTestId('gateway-start').textContent).toBe('Start');
  });

  it('a start that fails says why, once', async () => {
    app = renderApp({ page: 'gateway', engineReachable: false });
    await screen.findByTestId('engine-unreachable');
    fireEvent.click(screen.getByTestId('gateway-start'));
    await waitFor(() => expect(screen.getByTestId('gateway-outcome').textContent).toContain('Start failed: CONTAINER_FAILED No container engine reachable'));
    // The engine's own error is quoted without a doubled period.
    expect(screen.getByTestId('engine-unreachable').textContent).not.toContain('..');
  });
});

describe('timeline', () => {
  it('states the no-engine how-to once (in the banner) and folds repeats into one row', () => {
    const reason =
      'No container engine answers at unix:///var/run/docker.sock (connect ENOENT /var/run/docker.sock). Start Docker (open Docker Desktop, or run `sudo systemctl start docker`), or start Podman… DOCKER_HOST to it.';
    expect(shortReason(reason)).toBe('No container engine answers at unix:///var/run/docker.sock (connect ENOENT /var/run/docker.sock)');
    const events = [1, 2, 3].map((at) => ({ at, kind: 'error' as const, phase: 'failed' as const, reason }));
    expect(collapse([{ at: 0, kind: 'transition', phase: 'starting', reason: 'start requested' }, ...events]).map((r) => [r.event.kind, r.count])).toEqual([
      ['error', 3],
      ['transition', 1],
    ]);
  });

  it('is a keyboard-scrollable region', async () => {
    app = renderApp({ page: 'gateway' });
    expect((await screen.findByTestId('gateway-timeline')).tabIndex).toBe(0);
  });
});

describe('container view', () => {
  it('inspects the container (env values masked) and shows where Plano sends each model', async () => {
    app = renderApp({ page: 'gateway' });
    const inspect = await screen.findByTestId('container-inspect');
    expect(within(inspect).getByTestId('inspect-image').textContent).toContain('katanemo/plano:0.4.36');
    expect(within(inspect).getByTestId('inspect-ports').textContent).toContain('127.0.0.1:12000 → 12000/tcp');
    expect(within(inspect).getByTestId('inspect-mounts').textContent).toContain('/app/plano_config.yaml (read-only)');
    expect(within(inspect).getByTestId('inspect-env').textContent).toContain('OPENAI_API_KEY=••••••');
    expect(within(inspect).getByTestId('inspect-labels').textContent).toContain('io.switchyard.managed=true');
    const routes = await screen.findByTestId('gateway-routes');
    expect(routes.textContent).toContain('openai/gpt-4o-mini');
    expect(routes.textContent).toContain("Plano's own openai endpoint");
    expect(routes.textContent).toContain('http://host.docker.internal:11434/v1');
  });
});

describe('modes', () => {
  it("re-checks the proxy when its URL changes: a dead URL no longer shows the old gateway's latency", async () => {
    app = renderApp({ page: 'modes' });
    const diagram = await screen.findByTestId('route-diagram');
    const state = await app.bridge.router.state();
    app.bridge.emit('router.state', { ...state, lastLatencyMs: { plano_proxy: 408 } });
    await waitFor(() => expect(within(diagram).getByTestId('route-path-plano_proxy').textContent).toBe('healthy · 408 ms'));
    app.bridge.emit('router.state', { ...state, lastLatencyMs: {}, proxyHealth: { url: 'http://127.0.0.1:1/healthz', state: 'checking', at: 1 } });
    await waitFor(() => expect(within(diagram).getByTestId('route-path-plano_proxy').getAttribute('data-state')).toBe('checking'));
    app.bridge.emit('router.state', { ...state, lastLatencyMs: {}, proxyHealth: { url: 'http://127.0.0.1:1/healthz', state: 'failing', at: 1, error: 'ECONNREFUSED' } });
    await waitFor(() => expect(within(diagram).getByTestId('route-path-plano_proxy').getAttribute('data-state')).toBe('failing'));
    expect(within(diagram).getByTestId('route-path-plano_proxy').textContent).toBe('unreachable · ECONNREFUSED');
  });

  it("the Plano proxy tab does not show Direct's text", async () => {
    app = renderApp({ page: 'modes' });
    fireEvent.click(await screen.findByTestId('settings-tab-plano_proxy'));
    expect(screen.queryByText(/nothing else to configure/)).toBeNull();
    fireEvent.click(screen.getByTestId('settings-tab-direct'));
    expect(screen.getByTestId('mode-form-direct').textContent).toContain('nothing else to configure');
  });
});
