// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
  localStorage.clear();
});

describe('app shell', () => {
  it('navigates by buttons and by Ctrl+number, marking the current page', async () => {
    app = renderApp();
    fireEvent.click(screen.getByTestId('nav-gateway'));
    expect(await screen.findByTestId('gateway-timeline')).toBeTruthy();
    expect(screen.getByTestId('nav-gateway').getAttribute('aria-current')).toBe('page');
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(await screen.findByTestId('route-diagram')).toBeTruthy();
    expect(screen.getByTestId('nav-modes').getAttribute('aria-current')).toBe('page');
  });

  it("follows the desktop menus' commands: open the gateway dashboard, start a new chat", async () => {
    app = renderApp();
    app.stores.chat.setState({ conversationId: 'c1', title: 'Earlier chat', messages: [] });
    act(() => app!.bridge.emit('app.command', { command: 'open-gateway' }));
    expect(await screen.findByTestId('gateway-timeline')).toBeTruthy();
    expect(screen.getByTestId('nav-gateway').getAttribute('aria-current')).toBe('page');
    act(() => app!.bridge.emit('app.command', { command: 'new-chat' }));
    expect(screen.getByTestId('nav-playground').getAttribute('aria-current')).toBe('page');
    expect(app.stores.chat.getState().conversationId).toBeUndefined();
    expect(await screen.findByRole('heading', { name: 'New chat' })).toBeTruthy();
  });

  it('switches theme and remembers the choice', () => {
    app = renderApp();
    const toggle = screen.getByTestId('theme-toggle');
    fireEvent.click(toggle); // system → light
    expect(document.documentElement.dataset.theme).toBe('light');
    fireEvent.click(toggle); // light → dark
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('switchyard.theme')).toBe('dark');
    expect(toggle.getAttribute('aria-label')).toContain('Theme: dark');
  });

  it('shows the live mode and fallback in the status area', async () => {
    app = renderApp({ mode: 'plano_embedded' });
    await waitFor(() => expect(screen.getByTestId('status-mode').textContent).toContain('Plano embedded'));
    const state = await app.bridge.router.state();
    app.bridge.emit('router.state', { ...state, servedBy: 'direct', fallbackActive: true });
    await waitFor(() => expect(screen.getByTestId('status-mode').textContent).toContain('fallback'));
  });

  it('flags setup when no provider is configured', async () => {
    app = renderApp({ providers: [] });
    expect(await screen.findByText('No provider configured')).toBeTruthy();
    expect(screen.getByLabelText('setup needed')).toBeTruthy();
  });
});
