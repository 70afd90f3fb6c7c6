// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLongConversation } from '../../demo/fake-bridge';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

function typeAndSend(text: string): void {
  fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: text } });
  fireEvent.click(screen.getByTestId('send'));
}

const allSynced = () => app!.stores.chat.getState().messages.every((m) => !m.id.startsWith('local-'));

describe('versions of a turn', () => {
  it('regenerate shows ‹2/2›, and the pager brings back the first answer', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ text: 'first answer' }, { text: 'better answer' }] });
    typeAndSend('question');
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('first answer'));
    await waitFor(() => expect(allSynced()).toBe(true));
    await act(async () => fireEvent.click(screen.getByTestId('regenerate')));
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('better answer'));
    await waitFor(() => expect(allSynced()).toBe(true));
    expect(screen.getByTestId('version-count').textContent).toBe('2/2');
    await act(async () => fireEvent.click(screen.getByTestId('version-prev')));
    await waitFor(() => expect(screen.getByTestId('version-count').textContent).toBe('1/2'));
    expect(screen.getByTestId('message-list').textContent).toContain('first answer');
    expect(screen.getByTestId('message-list').textContent).not.toContain('better answer');
  });

  it('editing the first message keeps the original and the title follows', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1 });
    typeAndSend('# **Bold** heading question');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Bold heading question'));
    await waitFor(() => expect(allSynced()).toBe(true));
    fireEvent.click(screen.getByTestId('edit-message'));
    fireEvent.change(screen.getByLabelText('Edit message'), { target: { value: 'A different question' } });
    await act(async () => fireEvent.click(screen.getByTestId('edit-resend')));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('A different question'));
    await waitFor(() => expect(allSynced()).toBe(true));
    const user = screen.getByTestId('message-user');
    expect(within(user).getByTestId('version-count').textContent).toBe('2/2');
  });
});

describe('a rate-limited reply', () => {
  it("counts down the provider's Retry-After, then offers the retry", async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, details: { retryAfterMs: 1500 } } }] });
    typeAndSend('too fast');
    const retry = (await screen.findByTestId('retry')) as HTMLButtonElement;
    expect(retry.disabled).toBe(true);
    expect(retry.textContent).toMatch(/^Retry in [12] s$/);
    expect(screen.getByTestId('retry-countdown').textContent).toMatch(/wait [12] s/);
    await waitFor(() => expect((screen.getByTestId('retry') as HTMLButtonElement).disabled).toBe(false), { timeout: 4000 });
    expect(screen.getByTestId('retry').textContent).toBe('Retry');
  });
});

describe('the conversation list', () => {
  it('searches message text, pins to the top, and moves by keyboard', async () => {
    const convs = Array.from({ length: 15 }, (_, i) => ({ ...makeLongConversation(2, `c${i}`), title: `Chat ${i}`, updatedAt: 1000 - i }));
    // Not in the title nor in the preview (the last message): only a search of message text finds it.
    convs[7]!.messages[0]!.content = 'Tell me about the capybara.';
    app = renderApp({ conversations: convs });
    const list = await screen.findByTestId('conversation-list');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(15));

    fireEvent.change(screen.getByTestId('conversation-search'), { target: { value: 'capybara' } });
    await waitFor(() => expect(list.textContent).toContain('capybara'));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list.textContent).toContain('Chat 7');
    fireEvent.change(screen.getByTestId('conversation-search'), { target: { value: '' } });

    fireEvent.click(within(list).getByLabelText('Pin Chat 9'));
    await waitFor(() => expect(within(list).getAllByRole('listitem')[0]!.textContent).toContain('Chat 9'));
    expect(await app.bridge.history.list()).toContainEqual(expect.objectContaining({ id: 'c9', pinned: true }));

    const buttons = () => [...list.querySelectorAll<HTMLButtonElement>('.conv-open')];
    // One tab stop; arrows, Page Down and End move focus through the list.
    expect(buttons().filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons()[0]!.focus();
    fireEvent.keyDown(buttons()[0]!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toContain('Chat 0');
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement?.textContent).toContain('Chat 11'); // ten down, past the pinned Chat 9
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent).toContain('Chat 14');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.textContent).toContain('Chat 9');
  });

  it('Ctrl+Shift+O starts a new chat from any page', async () => {
    app = renderApp({ page: 'gateway', conversations: [makeLongConversation(2, 'c1')] });
    await app.stores.chat.getState().open('c1');
    fireEvent.keyDown(window, { key: 'O', ctrlKey: true, shiftKey: true });
    expect(await screen.findByTestId('prompt-input')).toBeTruthy();
    expect(app.stores.chat.getState().conversationId).toBeUndefined();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('New chat');
  });
});

describe('a small window (800 × 600)', () => {
  it('folds navigation and conversations into drawers and opens parameters as a sheet', async () => {
    app = renderApp({ width: 800, conversations: [makeLongConversation(2, 'c1')] });
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Conversations' })).toBeNull();
    fireEvent.click(screen.getByTestId('toggle-params'));
    const sheet = await screen.findByRole('dialog', { name: 'Parameters' });
    expect(within(sheet).getByTestId('param-temperature')).toBeTruthy();
    fireEvent.keyDown(sheet, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByTestId('conversations-open'));
    const drawer = await screen.findByRole('dialog', { name: 'Conversations' });
    fireEvent.click(within(drawer).getByText('Long conversation (2)'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(app.stores.chat.getState().conversationId).toBe('c1');

    fireEvent.click(screen.getByTestId('nav-open'));
    const nav = await screen.findByRole('dialog', { name: 'Navigation' });
    fireEvent.click(within(nav).getByTestId('nav-settings'));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
