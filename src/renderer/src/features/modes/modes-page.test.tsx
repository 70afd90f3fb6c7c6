// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

describe('modes page', () => {
  it('switches mode live and highlights the new path in the diagram', async () => {
    app = renderApp({ page: 'modes' });
    const diagram = await screen.findByTestId('route-diagram');
    await waitFor(() => expect(within(diagram).getByTestId('route-path-direct').getAttribute('data-active')).toBe('true'));
    expect(screen.getByTestId('mode-direct').getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByTestId('mode-plano_embedded'));
    await waitFor(() => expect(within(diagram).getByTestId('route-path-plano_embedded').getAttribute('data-active')).toBe('true'));
    expect(within(diagram).getByTestId('route-path-direct').getAttribute('data-active')).toBe('false');
    expect(screen.getByTestId('mode-plano_embedded').getAttribute('aria-pressed')).toBe('true');
    expect(app.bridge.calls.some((c) => c.method === 'router.setMode')).toBe(true);
    // The container is ready in the fake, so the embedded hop is healthy.
    expect(within(diagram).getByTestId('route-path-plano_embedded').getAttribute('data-state')).toBe('healthy');
  });

  it('marks the embedded path as fallen back when the router pushes a fallback', async () => {
    app = renderApp({ page: 'modes', mode: 'plano_embedded' });
    const diagram = await screen.findByTestId('route-diagram');
    const state = await app.bridge.router.state();
    app.bridge.emit('router.state', { ...state, servedBy: 'direct', fallbackActive: true, fallbackReason: 'the gateway failed 3 health checks' });
    await waitFor(() => expect(within(diagram).getByTestId('route-path-direct').getAttribute('data-active')).toBe('true'));
    expect(within(diagram).getByTestId('route-path-plano_embedded').getAttribute('data-state')).toBe('fallen-back');
    expect(screen.getByTestId('fallback-banner').textContent).toContain('the gateway failed 3 health checks');
  });

  it('keeps what was typed in the mode settings when the settings are read again (another page, a config reload)', async () => {
    app = renderApp({ page: 'modes' });
    fireEvent.click(await screen.findByTestId('settings-tab-plano_proxy'));
    const form = await screen.findByTestId('mode-form-plano_proxy');
    await waitFor(() => expect((within(form).getByTestId('field-base_url') as HTMLInputElement).value).toBe('http://127.0.0.1:12000'));
    const timeout = within(form).getByTestId('field-timeout') as HTMLInputElement;
    fireEvent.change(timeout, { target: { value: 'soonish' } });

    await app.stores.router.getState().refreshSettings();
    await app.stores.router.getState().load();

    expect(timeout.value).toBe('soonish');
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('save-plano_proxy') as HTMLButtonElement).disabled).toBe(true);
  });

  it('validates mode settings next to the field and saves them through the API', async () => {
    app = renderApp({ page: 'modes' });
    fireEvent.click(await screen.findByTestId('settings-tab-plano_proxy'));
    const form = await screen.findByTestId('mode-form-plano_proxy');
    await waitFor(() => expect((within(form).getByTestId('field-base_url') as HTMLInputElement).value).toBe('http://127.0.0.1:12000'));

    const retries = within(form).getByTestId('field-retry_count');
    fireEvent.change(retries, { target: { value: '99' } });
    const message = document.getElementById(retries.getAttribute('aria-describedby')!)!;
    expect(message.textContent).toMatch(/10/);
    expect(retries.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('save-plano_proxy') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(within(form).getByTestId('field-timeout'), { target: { value: 'soon' } });
    expect(form.textContent).toContain('must be a duration');

    fireEvent.change(retries, { target: { value: '5' } });
    fireEvent.change(within(form).getByTestId('field-timeout'), { target: { value: '45s' } });
    fireEvent.click(screen.getByTestId('save-plano_proxy'));
    expect(await within(form).findByRole('status')).toBeTruthy();
    const call = app.bridge.calls.find((c) => c.method === 'router.updateModeSettings');
    expect(call?.input).toMatchObject({ mode: 'plano_proxy', settings: { retry_count: 5, timeout: '45s' } });
    const saved = await app.bridge.settings.get();
    expect(saved.config.routing.plano_proxy.retry_count).toBe(5);
  });

  it('accepts port "auto" for embedded mode and rejects a bad container name', async () => {
    app = renderApp({ page: 'modes' });
    fireEvent.click(await screen.findByTestId('settings-tab-plano_embedded'));
    const form = await screen.findByTestId('mode-form-plano_embedded');
    await waitFor(() => expect((within(form).getByTestId('field-port') as HTMLInputElement).value).toBe('12000'));
    fireEvent.change(within(form).getByTestId('field-port'), { target: { value: 'auto' } });
    fireEvent.change(within(form).getByTestId('field-container_name'), { target: { value: 'bad name!' } });
    expect(within(form).getByTestId('field-container_name').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByTestId('field-port').getAttribute('aria-invalid')).toBe('false');
  });
});
