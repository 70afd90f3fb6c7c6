// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

describe('settings and first run', () => {
  it('guides a first run with no provider and adds one, storing its key', async () => {
    app = renderApp({ page: 'playground', providers: [] });
    fireEvent.click(await screen.findByText('Open the setup guide'));
    expect(await screen.findByTestId('first-run-guide')).toBeTruthy();
    fireEvent.change(screen.getByTestId('provider-key'), { target: { value: 'sk-test-1234' } });
    fireEvent.click(screen.getByTestId('provider-save'));
    await waitFor(() => expect(screen.queryByTestId('first-run-guide')).toBeNull());
    expect(screen.getByTestId('provider-table').textContent).toContain('openai');
    expect(app.bridge.calls.find((c) => c.method === 'secrets.set')?.input).toEqual({ name: 'openai' });
    const saved = await app.bridge.settings.get();
    expect(saved.config.providers.openai).toMatchObject({ type: 'openai', base_url: 'https://api.openai.com/v1', default_model: 'gpt-4o-mini' });
    // The key never goes into the config file.
    expect(JSON.stringify(saved.config)).not.toContain('sk-test-1234');
  });

  it('in browser mode asks for an environment variable reference, not a key', async () => {
    app = renderApp({ page: 'settings', providers: [], transport: 'browser' });
    expect((await screen.findByTestId('first-run-guide')).textContent).toContain('environment variables');
    fireEvent.change(screen.getByTestId('provider-key'), { target: { value: 'sk-raw-key' } });
    expect(screen.getByText(/give an environment variable reference such as \$OPENAI_API_KEY/)).toBeTruthy();
    expect((screen.getByTestId('provider-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('provider-key'), { target: { value: '$OPENAI_API_KEY' } });
    fireEvent.click(screen.getByTestId('provider-save'));
    await waitFor(async () => expect((await app!.bridge.settings.get()).config.providers.openai?.api_key).toBe('$OPENAI_API_KEY'));
    expect(app.bridge.calls.some((c) => c.method === 'secrets.set')).toBe(false);
  });

  it('validates the provider form next to the field', async () => {
    app = renderApp({ page: 'settings' });
    fireEvent.change(await screen.findByTestId('provider-name'), { target: { value: 'my provider' } });
    expect(screen.getByText('Use letters, digits, - and _ only')).toBeTruthy();
    fireEvent.change(screen.getByTestId('provider-url'), { target: { value: 'ftp://nope' } });
    expect(screen.getByTestId('provider-url').getAttribute('aria-invalid')).toBe('true');
  });

  it('says what embedded mode needs and shows the error log', async () => {
    app = renderApp({ page: 'settings', engineReachable: false });
    await waitFor(() => expect(screen.getByTestId('engine-status').textContent).toContain('not reachable'));
    fireEvent.click(screen.getByTestId('error-log-show'));
    expect((await screen.findByTestId('error-log-tail')).textContent).toContain('first byte timeout');
    fireEvent.click(screen.getByTestId('error-log-open'));
    await waitFor(() => expect(app!.bridge.calls.some((c) => c.method === 'app.openErrorLog')).toBe(true));
  });
});

describe('adding a provider that exists', () => {
  it('refuses to overwrite it silently', async () => {
    app = renderApp({ page: 'settings' });
    await screen.findByTestId('provider-table');
    // The fake already has `openai`; choosing the OpenAI template says so at once.
    fireEvent.click(screen.getByRole('button', { name: 'OpenAI' }));
    expect(await screen.findByText('A provider named openai exists already; pick another name or edit it in the table')).toBeTruthy();
    expect((screen.getByTestId('provider-save') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('provider keys', () => {
  it('sets a key for a provider that has none; only the last four characters come back', async () => {
    app = renderApp({ page: 'settings' });
    fireEvent.click(await screen.findByTestId('key-set-ollama'));
    fireEvent.change(screen.getByTestId('key-input-ollama'), { target: { value: 'secret-abcd' } });
    fireEvent.click(screen.getByTestId('key-save-ollama'));
    await waitFor(() => expect(screen.getByTestId('provider-table').textContent).toContain('set (…abcd) · safeStorage'));
    expect(screen.getByTestId('provider-table').textContent).not.toContain('secret-abcd');
    expect((await app.bridge.router.state()).providers.find((p) => p.name === 'ollama')?.hasKey).toBe(true);
  });
});
