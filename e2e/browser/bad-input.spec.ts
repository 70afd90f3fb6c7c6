import { createServer } from 'node:net';
import { expect, test } from '../support/fixtures';
import { ModeSwitcherPage } from '../pages/mode-switcher-page';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { configWithProvider, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';

/**
 * Journey 5 — bad input. An invalid config file, a wrong API key and an unreachable gateway each show a clear
 * message that names the cause, and nothing the user typed is lost.
 */

test('an invalid config file is reported with its path and line, and left untouched', async ({ page, app, appData }) => {
  const invalid = ['routing:', '  mode: warp_speed', '  plano_proxy:', '    timeout: soonish', 'providers: {}', ''].join('\n');
  appData.writeConfigText(invalid);
  await app.start();
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();

  // Every page says so (the playground does not pretend this is a first run)...
  const banner = page.getByTestId('config-banner');
  await expect(banner).toContainText('running on defaults');
  await expect(banner).toContainText('routing.mode (line 2)');
  await expect(playground.noProviderCard).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'The config file needs fixing' })).toBeVisible();
  const modes = new ModeSwitcherPage(page);
  await modes.open();
  await expect(banner).toBeVisible();
  // Running on defaults: Direct.
  await expect(modes.modeButton('direct')).toHaveAttribute('aria-pressed', 'true');

  // ...and Settings lists every problem with its line, and names the file so the user can fix it by hand.
  const settings = new SettingsPage(page);
  await settings.open();
  const problems = page.getByTestId('config-problems');
  await expect(problems).toContainText('routing.mode (line 2)');
  await expect(problems).toContainText('routing.plano_proxy.timeout (line 4)');
  await expect(settings.firstRunGuide).toHaveCount(0);
  await expect(settings.configPath).toHaveText(appData.configPath);

  // Nothing the app did overwrote the user's file.
  expect(appData.readConfigText()).toBe(invalid);
  await app.restart();
  expect(appData.readConfigText()).toBe(invalid);
});

test('a wrong API key: the reply fails with AUTH_FAILED naming the provider, and the prompt is kept', async ({ page, app, appData, openai }) => {
  appData.writeConfig(configWithProvider(openai.url));
  await app.start({ env: { [PROVIDER_KEY_ENV]: 'sk-wrong-key-0000' } });
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();

  const prompt = 'A carefully typed question\nthat spans two lines';
  await playground.send(prompt);
  const reply = playground.lastAssistant();
  const error = reply.getByTestId('error-box');
  await expect(error).toBeVisible();
  await expect(error.getByTestId('error-code')).toHaveText('AUTH_FAILED');
  await expect(error).toContainText(PROVIDER);
  await expect(error).toContainText(/401|api key/i);
  await expect(error).toContainText('Check the API key');
  await expect(error.getByTestId('retry')).toBeVisible();
  // Nothing typed is lost: the message is in the conversation and back in the composer, ready to resend.
  await expect(playground.userMessages().last()).toContainText('A carefully typed question');
  await expect(playground.composer).toHaveValue(prompt);
  expect(openai.chatRequests().at(-1)?.headers.authorization).toBe('Bearer sk-wrong-key-0000');
  // Even a wrong key is a secret: not in the page, the history or the error log.
  await expect(page.locator('body')).not.toContainText('sk-wrong-key-0000');
  expect(appData.filesContaining('sk-wrong-key-0000')).toEqual([]);
});

test('an unreachable gateway: the reply fails naming the gateway URL, and the prompt is kept', async ({ page, app, appData, openai, providerKey }) => {
  const deadPort = await closedPort();
  const gatewayUrl = `http://127.0.0.1:${deadPort}`;
  appData.writeConfig(configWithProvider(openai.url, { mode: 'plano_proxy', enable_fallback: false, plano_proxy: { base_url: gatewayUrl, retry_count: 1, timeout: '5s' } }));
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();

  const prompt = 'Is anybody out there?';
  await playground.send(prompt);
  const reply = playground.lastAssistant();
  const error = reply.getByTestId('error-box');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error.getByTestId('error-code')).toHaveText('NETWORK_ERROR');
  await expect(error).toContainText(`127.0.0.1:${deadPort}`);
  await expect(error).toContainText('Could not reach the server');
  await expect(playground.composer).toHaveValue(prompt);
  // The attempts (first try and one retry) are in the trace, each with its error.
  const route = playground.route(reply);
  const attempts = await route.openTrace();
  await expect(attempts).toHaveCount(2);
  await expect(attempts.first()).toContainText('NETWORK_ERROR');
  // Direct was never used: the provider saw nothing.
  expect(openai.chatRequests()).toHaveLength(0);
});

test('browser mode refuses a raw key typed into the page and says where keys come from', async ({ page, app, openai }) => {
  await app.start();
  await app.open(page);
  const settings = new SettingsPage(page);
  await new PlaygroundPage(page).waitReady();
  await settings.open();
  const form = settings.addProviderForm;
  await form.getByLabel('Name').fill('typed');
  await form.getByLabel('Base URL').fill(openai.url);
  await form.getByTestId('provider-key').fill('sk-typed-into-the-page');
  await expect(form).toContainText('give an environment variable reference such as $TYPED_API_KEY');
  await expect(form.getByTestId('provider-save')).toBeDisabled();
  // The name the user typed is still there while they fix the key.
  await expect(form.getByLabel('Name')).toHaveValue('typed');
});

test('a bad value in the mode settings is marked next to its field, kept, and never saved', async ({ page, app, appData, openai }) => {
  appData.writeConfig(configWithProvider(openai.url));
  const before = appData.readConfigText();
  await app.start();
  await app.open(page);
  await new PlaygroundPage(page).waitReady();
  const modes = new ModeSwitcherPage(page);
  await modes.open();
  await page.getByTestId('settings-tab-plano_proxy').click();
  const form = modes.settingsForm('plano_proxy');
  const timeout = form.getByTestId('field-timeout');
  await timeout.fill('soonish');
  await expect(timeout).toHaveAttribute('aria-invalid', 'true');
  // The message sits next to the field it is about (aria-describedby), and names what a valid value looks like.
  const message = page.locator(`#${await timeout.getAttribute('aria-describedby')}`);
  await expect(message).toContainText('duration');
  await expect(form.getByTestId('save-plano_proxy')).toBeDisabled();
  // What was typed stays, including in the other fields.
  await form.getByTestId('field-retry_count').fill('4');
  await expect(timeout).toHaveValue('soonish');
  expect(appData.readConfigText()).toBe(before);
  // Fixing it saves both values to the file.
  await timeout.fill('45s');
  await form.getByTestId('save-plano_proxy').click();
  await expect(form.getByRole('status')).toContainText(appData.configPath);
  const saved = appData.readConfigText() ?? '';
  expect(saved).toMatch(/timeout: 45s/);
  expect(saved).toMatch(/retry_count: 4/);
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((done) => server.close(done));
  return port;
}
