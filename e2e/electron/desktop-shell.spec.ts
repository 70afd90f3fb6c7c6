import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/electron-fixtures';
import { GatewayDashboardPage } from '../pages/gateway-dashboard-page';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, PROVIDER_KEY_ENV } from '../support/configs';

/**
 * The desktop shell around the page: its application menu (the app's items, no DevTools in a production
 * build), copy buttons reaching the clipboard (the one permission our page gets), and a renderer crash
 * recovered by reloading. Runs where an Electron binary exists (under Xvfb on Linux); skipped elsewhere.
 * The decisions behind each are unit-tested in src/main/desktop and src/main/security.
 */

test('application menu: the app items work, and a production build has no DevTools or reload', async ({ launchElectron }) => {
  const { app, window } = await launchElectron();
  await new PlaygroundPage(window).waitReady();
  const items = await app.evaluate(({ Menu }) => {
    type Item = { id: string; label: string; role?: string; submenu?: { items: Item[] } };
    const walk = (list: Item[]): { id: string; label: string; role: string }[] =>
      list.flatMap((i) => [{ id: i.id, label: i.label, role: i.role ?? '' }, ...walk(i.submenu?.items ?? [])]);
    return walk((Menu.getApplicationMenu()?.items ?? []) as unknown as Item[]);
  });
  expect(items.map((i) => i.role.toLowerCase())).not.toContain('toggledevtools');
  expect(items.map((i) => i.role.toLowerCase())).not.toContain('reload');
  expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['New Chat', 'Open Gateway Dashboard', 'Open Error Log', 'About Switchyard', 'Direct', 'Plano proxy', 'Plano embedded']));

  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('gateway-dashboard')?.click());
  await expect(new GatewayDashboardPage(window).timeline).toBeVisible();
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('new-chat')?.click());
  await expect(window.getByRole('heading', { level: 1, name: 'New chat' })).toBeVisible();
});

test('a copy button puts the reply on the clipboard', async ({ launchElectron, appData, openai, providerKey }) => {
  appData.writeConfig(configWithProvider(openai.url));
  const { app, window } = await launchElectron({ [PROVIDER_KEY_ENV]: providerKey });
  const playground = new PlaygroundPage(window);
  await playground.waitReady();
  openai.behave({ reply: 'copy me exactly' });
  await playground.send('Say something to copy');
  await playground.waitForReplyDone();
  await playground.lastAssistant().getByTestId('copy-message').click();
  await expect(playground.lastAssistant().getByTestId('copy-message')).toHaveText('Copied');
  expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe('copy me exactly');
});

test('a crashed renderer is reloaded, and the crash is in the error log', async ({ launchElectron, appData }) => {
  const { app, window } = await launchElectron();
  await new PlaygroundPage(window).waitReady();
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer());
  await expect
    .poll(() => app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      return contents !== undefined && !contents.isCrashed() && !contents.isLoading();
    }))
    .toBe(true);
  const log = readFileSync(join(appData.dataDir, 'logs', 'switchyard.log'), 'utf8');
  expect(log).toContain('renderer.gone');
});
