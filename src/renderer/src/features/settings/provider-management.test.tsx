// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_PROVIDERS } from '../../demo/fake-data';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

const row = (name: string): HTMLElement => screen.getByTestId('provider-table').querySelector<HTMLElement>(`tr[data-provider="${name}"]`)!;

describe('providers managed in the app', () => {
  it('marks a provider that is cooling down, with when it is tried again', async () => {
    const until = Date.parse('2026-03-01T12:00:30Z');
    const [first, ...rest] = FAKE_PROVIDERS;
    app = renderApp({ page: 'settings', providers: [{ ...first!, cooldown: { via: 'direct', until, failures: 3 } }, ...rest] });
    await screen.findByTestId('provider-table');
    const badge = within(row(first!.name)).getByTestId(`provider-cooldown-${first!.name}`);
    expect(badge.textContent).toMatch(/^cooling down until \d/);
    expect(badge.getAttribute('title')).toContain('Failed 3 requests in a row');
    expect(screen.queryByTestId(`provider-cooldown-${rest[0]!.name}`)).toBeNull();
  });

  it('after "Added …" the form is empty and ready for the next one, not claiming the name exists', async () => {
    app = renderApp({ page: 'settings' });
    const form = await screen.findByTestId('add-provider-form');
    fireEvent.change(within(form).getByTestId('provider-name'), { target: { value: 'groq' } });
    fireEvent.change(within(form).getByTestId('provider-url'), { target: { value: 'https://api.groq.com/openai/v1' } });
    fireEvent.change(within(form).getByTestId('provider-model'), { target: { value: 'llama-3.3-70b' } });
    fireEvent.click(within(form).getByTestId('provider-save'));
    expect(await within(form).findByText('Added groq.')).toBeTruthy();
    expect((within(form).getByTestId('provider-name') as HTMLInputElement).value).toBe('');
    expect(form.textContent).not.toContain('exists already');
    expect((await app.bridge.settings.get()).config.providers.groq).toMatchObject({ base_url: 'https://api.groq.com/openai/v1', default_model: 'llama-3.3-70b' });
  });

  it('tests a saved provider and says what answered', async () => {
    app = renderApp({ page: 'settings' });
    await screen.findByTestId('provider-table');
    fireEvent.click(screen.getByTestId('provider-test-openai'));
    const result = await screen.findByTestId('provider-check');
    expect(result.textContent).toContain('openai answered HTTP 200 in 87 ms with 4 models');
    expect(app.bridge.calls.find((c) => c.method === 'providers.test')?.input).toEqual({ name: 'openai' });
  });

  it('edits a provider with models fetched from it, keeping the fields the form does not show', async () => {
    app = renderApp({ page: 'settings' });
    await screen.findByTestId('provider-table');
    fireEvent.click(screen.getByTestId('provider-edit-openai'));
    const form = await screen.findByTestId('edit-provider-form');
    expect((within(form).getByTestId('provider-name') as HTMLInputElement).readOnly).toBe(true);
    fireEvent.click(within(form).getByTestId('provider-fetch-models'));
    const picks = await within(form).findByTestId('provider-models');
    fireEvent.click(within(picks).getByLabelText('o3-mini'));
    fireEvent.change(within(form).getByTestId('provider-model'), { target: { value: 'gpt-4.1' } });
    fireEvent.click(within(form).getByTestId('provider-save'));
    await waitFor(() => expect(screen.queryByTestId('edit-provider-form')).toBeNull());
    const saved = (await app.bridge.settings.get()).config.providers.openai!;
    expect(saved.default_model).toBe('gpt-4.1');
    expect(saved.models).toEqual(['gpt-4.1', 'gpt-4o-mini', 'gpt-4o', 'o3-mini']);
    expect(saved.base_url).toBe('https://api.openai.com/v1');
    expect(row('openai').textContent).toContain('o3-mini');
  });

  it('deletes a provider after confirmation', async () => {
    app = renderApp({ page: 'settings' });
    await screen.findByTestId('provider-table');
    fireEvent.click(screen.getByTestId('provider-delete-ollama'));
    fireEvent.click(screen.getByTestId('provider-delete-confirm-ollama'));
    await waitFor(() => expect(screen.getByTestId('provider-table').querySelector('tr[data-provider="ollama"]')).toBeNull());
    expect((await app.bridge.settings.get()).config.providers.ollama).toBeUndefined();
  });

  it('a draft whose key variable is missing is named in the test result', async () => {
    app = renderApp({ page: 'settings', transport: 'browser' });
    const form = await screen.findByTestId('add-provider-form');
    fireEvent.change(within(form).getByTestId('provider-key'), { target: { value: '$MISSING_KEY' } });
    fireEvent.click(within(form).getByTestId('provider-test'));
    expect((await within(form).findByTestId('provider-check')).textContent).toContain('$MISSING_KEY is not set');
  });

  it('names the environment variable a missing key should come from', async () => {
    app = renderApp({ page: 'settings' });
    await screen.findByTestId('provider-table');
    const view = await app.bridge.secrets.status();
    app.bridge.secrets.status = async () => ({ ...view, secrets: view.secrets.map((s) => (s.name === 'ollama' ? { name: 'ollama', set: false, source: 'none' as const, envVar: 'OLLAMA_KEY', referenced: true } : s)) });
    app.cleanup();
    app = renderApp({ page: 'settings', bridge: app.bridge });
    expect((await screen.findByTestId('key-missing-ollama')).textContent).toBe('$OLLAMA_KEY is not set');
  });
});

describe('an invalid config file', () => {
  const problems = [{ path: 'providers.openai.timout', message: 'Unrecognized key: "timout"', line: 6 }];

  it('is announced on every page, listed in Settings, and does not pose as a first run', async () => {
    app = renderApp({ page: 'playground', providers: [], configProblems: problems });
    expect((await screen.findByTestId('config-banner')).textContent).toContain('providers.openai.timout (line 6)');
    expect(screen.queryByText('No provider configured')).toBeNull();
    expect(screen.getByText('The config file needs fixing')).toBeTruthy();
    fireEvent.click(screen.getByTestId('nav-gateway'));
    expect(await screen.findByTestId('config-banner')).toBeTruthy();
    fireEvent.click(screen.getByText('Show all in Settings'));
    expect((await screen.findByTestId('config-problems')).textContent).toContain('Unrecognized key: "timout"');
    expect(screen.queryByTestId('first-run-guide')).toBeNull();
  });

  it('shows the error log as errors and warnings', async () => {
    app = renderApp({ page: 'settings' });
    fireEvent.click(await screen.findByTestId('error-log-show'));
    const table = await screen.findByTestId('error-log-tail');
    expect(table.textContent).toContain('chat.failed');
    expect(table.textContent).toContain('first byte timeout');
  });
});
