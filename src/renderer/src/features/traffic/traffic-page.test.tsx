// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../../shared/chat';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
  localStorage.clear();
});

const response: ChatResponse = {
  id: 'r1',
  content: 'hi from the endpoint',
  usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
  model: 'gpt-4o-mini',
  provider: 'openai',
  latencyMs: 120,
  metadata: {},
  trace: {
    mode: 'plano_proxy',
    servedBy: 'plano_proxy',
    attempts: [
      { target: 'plano', via: 'plano_proxy', url: 'http://127.0.0.1:12000/v1/chat/completions', status: 503, errorCode: 'UPSTREAM_ERROR', startedAt: 0, durationMs: 5 },
      { target: 'plano', via: 'plano_proxy', url: 'http://127.0.0.1:12000/v1/chat/completions', status: 200, startedAt: 0, ttfbMs: 30, durationMs: 100 },
    ],
    retries: 1,
    overheadMs: 0.2,
    ttftMs: 40,
    latencyMs: 120,
  },
};

describe('Traffic view', () => {
  it('lists requests live, outside clients by user agent, and opens one with its trace and bodies', async () => {
    app = renderApp({ page: 'traffic' });
    expect(await screen.findByTestId('traffic-empty')).toBeTruthy();
    act(() => {
      app!.bridge.trafficLog.record({ request: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }, ephemeral: true, mode: 'plano_proxy' }, { type: 'finish', response }, {
        api: 'openai',
        path: '/v1/chat/completions',
        userAgent: 'OpenAI/JS 6.49.0',
      });
    });
    const row = await screen.findByTestId('traffic-row');
    expect(row.textContent).toContain('OpenAI/JS 6.49.0');
    expect(row.textContent).toContain('Plano proxy');
    expect(row.textContent).toContain('openai/gpt-4o-mini');
    expect(row.textContent).toContain('3 → 4');
    fireEvent.click(within(row).getByRole('button'));
    const detail = await screen.findByTestId('traffic-detail');
    expect(within(detail).getByTestId('traffic-route').textContent).toContain('1 retries');
    expect(within(detail).getAllByRole('row')).toHaveLength(3);
    expect(within(detail).getByTestId('traffic-request-body').textContent).toContain('"hello"');
    expect(within(detail).getByTestId('traffic-response-body').textContent).toContain('hi from the endpoint');
  });

  it('filters by source and text, and records the playground’s own requests', async () => {
    app = renderApp({ page: 'traffic' });
    act(() => {
      app!.bridge.trafficLog.record({ request: { messages: [{ role: 'user', content: 'x' }] } }, { type: 'finish', response }, { api: 'anthropic', path: '/v1/messages', userAgent: 'Anthropic/JS 0.137.0' });
      app!.bridge.trafficLog.record({ request: { messages: [{ role: 'user', content: 'y' }] } }, { type: 'error', error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true } });
    });
    await waitFor(() => expect(screen.getAllByTestId('traffic-row')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('traffic-filter-source'), { target: { value: 'endpoint' } });
    expect(screen.getAllByTestId('traffic-row')).toHaveLength(1);
    fireEvent.change(screen.getByTestId('traffic-filter-source'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('traffic-filter-status'), { target: { value: 'error' } });
    expect(screen.getAllByTestId('traffic-row')).toHaveLength(1);
    expect(screen.getByTestId('traffic-row').textContent).toContain('RATE_LIMITED');
    fireEvent.change(screen.getByTestId('traffic-filter-status'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('traffic-filter-text'), { target: { value: 'anthropic/js' } });
    expect(screen.getAllByTestId('traffic-row')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('traffic-clear'));
    expect(await screen.findByTestId('traffic-empty')).toBeTruthy();
  });
});

describe('Local endpoint in Settings', () => {
  it('switches on, shows both base URLs and the masked key, and copies the key only when asked', async () => {
    app = renderApp({ page: 'settings' });
    const section = await screen.findByTestId('endpoint-section');
    expect(within(section).queryByTestId('endpoint-url')).toBeNull();
    fireEvent.click(within(section).getByTestId('endpoint-switch'));
    expect((await within(section).findByTestId('endpoint-url')).textContent).toBe('http://127.0.0.1:8741/v1');
    expect(within(section).getByTestId('endpoint-key').textContent).toBe('sy-local-…k3Y9');
    expect(section.textContent).not.toContain('FAKEKEY');
    fireEvent.click(within(section).getByTestId('endpoint-key-fetch'));
    expect(await within(section).findByTestId('endpoint-key-copy')).toBeTruthy();
  });
});
