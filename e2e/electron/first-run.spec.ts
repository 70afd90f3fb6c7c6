import { expect, test } from '../support/electron-fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { numberedWords } from '../support/words';
import { gate } from '../../test/mocks/mock-http.mjs';

/**
 * Journey 1 in the Electron shell: the same page objects as browser mode. Under Electron the key is typed
 * into the form and stored with safeStorage; it must never come back to the window.
 */

test('first run under Electron: add a provider with its key, stream, stop, survive a restart', async ({ launchElectron, openai, providerKey }) => {
  let { app, window } = await launchElectron();
  const playground = new PlaygroundPage(window);
  const settings = new SettingsPage(window);
  await playground.waitReady();
  await expect(playground.noProviderCard).toBeVisible();
  await window.getByRole('button', { name: 'Open the setup guide' }).click();
  await expect(settings.firstRunGuide).toBeVisible();

  await settings.addProvider({ name: 'mockai', baseUrl: openai.url, model: 'gpt-4o-mock', key: providerKey });
  await expect(settings.providerRow('mockai')).toContainText(`…${providerKey.slice(-4)}`);
  expect(await window.content()).not.toContain(providerKey);

  await playground.open();
  openai.behave({ reply: numberedWords(16, 'alpha'), chunkDelayMs: 40 });
  await playground.send('Say the alpha words');
  await expect(playground.lastAssistant()).toContainText('alpha2');
  await playground.waitForReplyDone();
  const route = playground.route(playground.lastAssistant());
  await expect(route.mode).toHaveText('Direct');
  await expect(route.metric('Provider')).toContainText('mockai');
  await expect(route.ttft).toBeVisible();
  await expect(route.tokens).toHaveText(/4 in \/ 16 out/);
  expect(openai.chatRequests()[0]?.headers.authorization).toBe(`Bearer ${providerKey}`);

  // Held after two words until Stop has been pressed: the reply cannot finish first on a busy machine.
  const hold = gate();
  openai.behave({ reply: numberedWords(200, 'beta'), holdAfterChunks: 2, release: hold.released });
  await playground.send('Count slowly');
  await expect(playground.lastAssistant()).toContainText('beta2');
  await playground.stopButton.click();
  await expect(playground.lastAssistant()).toContainText('Stopped.');
  hold.release();

  await app.close();
  ({ app, window } = await launchElectron());
  const again = new PlaygroundPage(window);
  await again.waitReady();
  await again.conversationItems().first().click();
  await expect(again.userMessages()).toHaveCount(2);
  await expect(again.assistantMessages().first()).toContainText(numberedWords(16, 'alpha'));
  // The key survived the restart (safeStorage), without ever being shown.
  openai.behave({ reply: 'still authorised' });
  await again.send('Still there?');
  await again.waitForReplyDone();
  await expect(again.lastAssistant()).toContainText('still authorised');
  expect(await window.content()).not.toContain(providerKey);
});
