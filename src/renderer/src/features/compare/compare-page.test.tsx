// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

describe('compare', () => {
  it('streams one prompt through two routes side by side without saving history', async () => {
    app = renderApp({ page: 'compare', tokenIntervalMs: 2, firstTokenDelayMs: 1, replies: [{ text: 'answer from direct' }, { text: 'answer from plano', fallback: 'gateway down' }] });
    fireEvent.change(screen.getByTestId('compare-prompt'), { target: { value: 'Say hi' } });
    fireEvent.click(screen.getByTestId('compare-run'));
    await waitFor(() => expect(screen.getByTestId('compare-col-1').getAttribute('data-status')).toBe('complete'));
    await waitFor(() => expect(screen.getByTestId('compare-col-0').getAttribute('data-status')).toBe('complete'));
    expect(screen.getByTestId('compare-output-0').textContent).toContain('answer from direct');
    expect(screen.getByTestId('compare-output-1').textContent).toContain('answer from plano');
    expect(screen.getByTestId('compare-metrics-0').textContent).toMatch(/TTFT\d+ ms/);
    expect(screen.getByTestId('compare-metrics-0').textContent).toMatch(/Cost<?\$\d/);
    expect(screen.getByTestId('compare-col-1').textContent).toContain('Fallback: gateway down');
    expect(app.bridge.chatInputs.map((i) => [i.mode, i.ephemeral])).toEqual([
      ['direct', true],
      ['plano_embedded', true],
    ]);
    expect(await app.bridge.history.list()).toHaveLength(0);
  });

  it('adds a third route with its own model, and Stop all cancels every stream', async () => {
    app = renderApp({ page: 'compare', tokenIntervalMs: 30, firstTokenDelayMs: 1 });
    fireEvent.click(screen.getByTestId('compare-add'));
    expect(screen.getByTestId('compare-col-2')).toBeTruthy();
    fireEvent.change(screen.getByTestId('compare-mode-2'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('compare-prompt'), { target: { value: 'a fairly long prompt so the echo takes a while to stream back' } });
    fireEvent.click(screen.getByTestId('compare-run'));
    await waitFor(() => expect(screen.getByTestId('compare-col-2').getAttribute('data-status')).toBe('streaming'));
    fireEvent.click(screen.getByTestId('compare-stop'));
    await waitFor(() => expect(['cancelled']).toContain(screen.getByTestId('compare-col-0').getAttribute('data-status')));
    expect(screen.getByTestId('compare-col-2').getAttribute('data-status')).toBe('cancelled');
    expect(app.bridge.chatInputs[2]!.mode).toBeUndefined();
    expect(await screen.findByTestId('compare-run')).toBeTruthy();
  });
});
