// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteAttempt } from '../../../../shared/chat';
import { makeLongConversation } from '../../demo/fake-bridge';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

function typeAndSend(text: string): void {
  const box = screen.getByTestId('prompt-input');
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

describe('playground', () => {
  it('streams the reply into the list and Stop ends it', async () => {
    app = renderApp({ tokenIntervalMs: 15, firstTokenDelayMs: 1, replies: [{ text: 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau' }] });
    typeAndSend('Greek letters please');
    expect(await screen.findByText('Greek letters please')).toBeTruthy();
    // Partial text is visible while streaming, and Stop replaces Send.
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('alpha beta'));
    expect(screen.queryByTestId('send')).toBeNull();
    // While streaming, the badge already shows what serves the reply and the time to first token.
    expect(screen.getByTestId('route-model').textContent).toContain('gpt-4o-mini');
    expect(screen.getByTestId('route-ttft').textContent).toMatch(/TTFT \d+ ms/);
    expect(screen.getByTestId('reply-announcer').textContent).toBe('Reply streaming');
    fireEvent.click(screen.getByTestId('stop'));
    expect(await screen.findByText('Stopped.')).toBeTruthy();
    expect(screen.getByTestId('send')).toBeTruthy();
    expect(screen.getByTestId('message-list').textContent).not.toContain('tau');
    // Screen readers hear that the reply stopped, not every token.
    expect(screen.getByTestId('reply-announcer').textContent).toBe('Reply stopped');
  });

  it('shows an error inline with its code, keeps the draft, and retry recovers', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ error: { code: 'AUTH_FAILED', message: 'invalid x-api-key', retryable: false } }, { text: 'Recovered answer' }] });
    typeAndSend('my long carefully written prompt');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByTestId('error-code').textContent).toBe('AUTH_FAILED');
    expect(alert.textContent).toContain('invalid x-api-key');
    expect(screen.getByTestId('reply-announcer').textContent).toBe('Reply failed: AUTH_FAILED invalid x-api-key');
    expect((screen.getByTestId('prompt-input') as HTMLTextAreaElement).value).toBe('my long carefully written prompt');
    fireEvent.click(await screen.findByTestId('retry'));
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('Recovered answer'));
    expect(screen.queryByTestId('error-box')).toBeNull();
  });

  it('offers "Retry on Direct" for a reply the embedded gateway cut off, keeping the partial text until then', async () => {
    const cut = { code: 'NETWORK_ERROR' as const, message: 'Network error talking to http://127.0.0.1:12000/v1/chat/completions: socket closed', retryable: true };
    app = renderApp({ mode: 'plano_embedded', tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ text: 'Partial words then more', error: cut, failAfterTokens: 2 }, { text: 'Whole answer from Direct' }] });
    typeAndSend('Tell me everything');
    const retry = await screen.findByTestId('retry-direct');
    expect(screen.getByTestId('message-list').textContent).toContain('Partial words');
    expect(screen.getByTestId('message-list').textContent).toContain('NETWORK_ERROR');
    fireEvent.click(retry);
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('Whole answer from Direct'));
    expect(app.bridge.chatInputs.map((i) => i.mode)).toEqual([undefined, 'direct']);
    expect(app.bridge.chatInputs[1]!.request.messages.at(-1)).toEqual({ role: 'user', content: 'Tell me everything' });
    expect(screen.queryByTestId('retry-direct')).toBeNull();
  });

  it('does not offer "Retry on Direct" for the provider\'s own error', async () => {
    app = renderApp({ mode: 'plano_embedded', tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ error: { code: 'AUTH_FAILED', message: 'invalid key', retryable: false } }] });
    typeAndSend('Hello');
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('AUTH_FAILED'));
    expect(screen.queryByTestId('retry-direct')).toBeNull();
  });

  it('shows the route: mode, TTFT, tokens, speed, cost and a fallback badge; the trace expands', async () => {
    app = renderApp({ tokenIntervalMs: 2, firstTokenDelayMs: 5, mode: 'plano_embedded', replies: [{ text: 'one two three four five six', fallback: 'gateway health check failed', retries: 1 }] });
    typeAndSend('route me');
    await screen.findByTestId('route-tokens');
    const badge = screen.getByTestId('route-badge');
    expect(within(badge).getByTestId('route-mode').textContent).toBe('Direct');
    expect(within(badge).getByTestId('route-fallback').textContent).toContain('gateway health check failed');
    expect(within(badge).getByTestId('route-ttft').textContent).toMatch(/TTFT \d+ ms/);
    expect(within(badge).getByTestId('route-tokens').textContent).toMatch(/\d+ in \/ 6 out/);
    expect(within(badge).getByTestId('route-tps').textContent).toMatch(/tok\/s/);
    // gpt-4o-mini has a configured price, so a cost shows.
    expect(within(badge).getByTestId('route-cost').textContent).toMatch(/\$/);
    expect(within(badge).getByTestId('route-retries').textContent).toBe('1 retry');
    fireEvent.click(within(badge).getByTestId('route-trace-toggle'));
    const trace = within(badge).getByTestId('route-trace');
    expect(trace.textContent).toContain('NETWORK_ERROR');
    // One group per attempt (the failed one carries its error on a second line); no header is cut short.
    expect(trace.querySelectorAll('tbody')).toHaveLength(2);
    expect([...trace.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['#', 'Target', 'Via', 'Host', 'Outcome', 'Status', 'First byte', 'Duration']);
    expect(within(trace).getAllByTestId('trace-outcome').map((td) => td.textContent)).toEqual(['fell back', 'served']);
  });

  it('shows a model fallback chain hop by hop: retries, a cooldown skip, the hop that served', async () => {
    const at = Date.parse('2026-03-01T12:00:00Z');
    const base = { via: 'direct' as const, startedAt: at, durationMs: 5 };
    const attempts: RouteAttempt[] = [
      { ...base, target: 'openai', provider: 'openai', model: 'gpt-4o-mini', url: 'https://api.openai.com/v1/chat/completions', hop: 0, attempt: 1, outcome: 'retried' as const, status: 503, errorCode: 'UPSTREAM_ERROR' as const, errorMessage: 'openai answered HTTP 503', retryInMs: 125 },
      { ...base, target: 'openai', provider: 'openai', model: 'gpt-4o-mini', url: 'https://api.openai.com/v1/chat/completions', hop: 0, attempt: 2, outcome: 'fell_back' as const, status: 503, errorCode: 'UPSTREAM_ERROR' as const, errorMessage: 'openai answered HTTP 503', reason: 'openai/gpt-4o-mini → anthropic/claude-3-5-haiku: openai answered HTTP 503', cooldownUntil: at + 30_000 },
      { ...base, target: 'anthropic', provider: 'anthropic', model: 'claude-3-5-haiku', url: 'https://api.anthropic.com/v1/messages', hop: 1, attempt: 1, outcome: 'served' as const, status: 200 },
    ];
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ text: 'served by the fallback', attempts, retries: 1, fallback: attempts[1]!.reason! }] });
    typeAndSend('chain');
    await screen.findByTestId('route-tokens');
    const badge = screen.getByTestId('route-badge');
    expect(within(badge).getByTestId('route-fallback').textContent).toBe('Fallback → anthropic/claude-3-5-haiku');
    expect(within(badge).getByTestId('route-cooldown').textContent).toMatch(/^openai cooling down until \d/);
    fireEvent.click(within(badge).getByTestId('route-trace-toggle'));
    const rows = within(badge).getAllByTestId('trace-attempt');
    expect(rows.map((r) => r.getAttribute('data-outcome'))).toEqual(['retried', 'fell_back', 'served']);
    expect(rows[2]!.textContent).toContain('anthropic/claude-3-5-haiku');
    expect(rows[2]!.textContent).toContain('fallback 1');
    expect(within(rows[0]!).getByTestId('trace-note').textContent).toContain('retried after 125 ms');
    expect(within(rows[1]!).getByTestId('trace-note').textContent).toMatch(/fell back: openai\/gpt-4o-mini → anthropic\/claude-3-5-haiku.*openai cools down until/);
  });

  it('opens a 2,000-message conversation rendering only a window of it', async () => {
    app = renderApp({ conversations: [makeLongConversation(2000)] });
    fireEvent.click(await screen.findByText('Long conversation (2000)'));
    const list = await screen.findByTestId('message-list');
    expect(list.getAttribute('data-total')).toBe('2000');
    const rendered = within(list).getAllByRole('listitem');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(40);
  });

  it('lists, searches, renames and deletes conversations', async () => {
    const long = makeLongConversation(4, 'c-a');
    app = renderApp({ conversations: [long, { ...makeLongConversation(2, 'c-b'), title: 'Rust lifetimes' }] });
    const list = await screen.findByTestId('conversation-list');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('conversation-search'), { target: { value: 'rust' } });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.click(screen.getByLabelText('Rename Rust lifetimes'));
    const input = screen.getByLabelText('New title');
    fireEvent.change(input, { target: { value: 'Borrow checker' } });
    fireEvent.submit(input.closest('form')!);
    fireEvent.change(screen.getByTestId('conversation-search'), { target: { value: '' } });
    expect(await within(list).findByText('Borrow checker')).toBeTruthy();
    expect((await app.bridge.history.get({ id: 'c-b' })).title).toBe('Borrow checker');
    fireEvent.click(screen.getByLabelText('Delete Borrow checker'));
    fireEvent.click(within(list).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(list).queryByText('Borrow checker')).toBeNull());
    await expect(app.bridge.history.get({ id: 'c-b' })).rejects.toThrow(/not found/);
  });

  it('shows a parameter error next to its field and does not send', async () => {
    app = renderApp();
    fireEvent.change(screen.getByTestId('param-temperature'), { target: { value: '7' } });
    expect(screen.getByText('Temperature must be a number from 0 to 2')).toBeTruthy();
    typeAndSend('hello');
    expect(app.bridge.chatInputs).toHaveLength(0);
    expect((screen.getByTestId('prompt-input') as HTMLTextAreaElement).value).toBe('hello');
  });

  it('saves and applies presets', async () => {
    app = renderApp();
    fireEvent.change(screen.getByTestId('param-system'), { target: { value: 'You are a pirate.' } });
    fireEvent.change(screen.getByTestId('preset-name'), { target: { value: 'Pirate' } });
    fireEvent.click(screen.getByTestId('preset-save'));
    fireEvent.change(screen.getByTestId('param-system'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply preset Pirate' }));
    expect((screen.getByTestId('param-system') as HTMLTextAreaElement).value).toBe('You are a pirate.');
  });

  it('regenerates an answer in place', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ text: 'first answer' }, { text: 'better answer' }] });
    typeAndSend('question');
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('first answer'));
    // Wait for server ids so the regenerate replaces the stored turn.
    await waitFor(() => expect(app!.stores.chat.getState().messages.every((m) => !m.id.startsWith('local-'))).toBe(true));
    await act(async () => fireEvent.click(screen.getByTestId('regenerate')));
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('better answer'));
    expect(screen.getByTestId('message-list').textContent).not.toContain('first answer');
    expect(screen.getAllByTestId('message-user')).toHaveLength(1);
  });
});

describe('keyboard', () => {
  it('Escape in the prompt stops a streaming reply and focus stays in the prompt', async () => {
    app = renderApp({ tokenIntervalMs: 20, firstTokenDelayMs: 1, replies: [{ text: 'a b c d e f g h i j k l m n o p q r s t u v w x y z' }] });
    const box = screen.getByTestId('prompt-input');
    box.focus();
    typeAndSend('letters');
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('a b'));
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(await screen.findByText('Stopped.')).toBeTruthy();
    expect(document.activeElement).toBe(box);
  });

  it('exports the conversation', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1 });
    typeAndSend('export me');
    const button = await screen.findByTestId('export-markdown');
    const clicked: string[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    try {
      fireEvent.click(button);
      await waitFor(() => expect(clicked).toEqual(['export me.md']));
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
  });
});
