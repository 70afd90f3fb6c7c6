import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { saveScreenshot } from '../support/screenshots';
import { numberedWords } from '../support/words';
import { PROVIDER, PROVIDER_KEY_ENV as KEY_ENV } from '../support/configs';
import { readDownload } from '../support/downloads';
import { gate } from '../../test/mocks/mock-http.mjs';

/**
 * Journey 1 — first run with an empty data folder: the guide appears; the user adds an OpenAI-compatible
 * provider whose key comes from the serve process's environment (browser mode); a reply streams; the route
 * badge shows Direct, the provider, time to first token and tokens; Stop ends a reply mid-stream; the
 * conversation is still there after the server restarts.
 */


test('first run: add a provider, stream a reply, see its route, stop one, survive a restart', async ({ page, app, appData, openai, providerKey }) => {
  // Browser mode reads keys from the environment of `switchyard serve`, never from the page.
  await app.start({ env: { [KEY_ENV]: providerKey } });
  await app.open(page);

  const playground = new PlaygroundPage(page);
  const settings = new SettingsPage(page);
  await playground.waitReady();

  await test.step('the first-run guide appears and leads to Settings', async () => {
    await expect(playground.noProviderCard).toBeVisible();
    await page.getByRole('button', { name: 'Open the setup guide' }).click();
    await expect(settings.firstRunGuide).toBeVisible();
    await expect(settings.firstRunGuide).toContainText(/browser mode/i);
  });

  await test.step('add an OpenAI-compatible provider whose key is an environment variable', async () => {
    await settings.addProvider({ name: PROVIDER, baseUrl: openai.url, model: 'gpt-4o-mock', key: `$${KEY_ENV}` });
    await expect(settings.firstRunGuide).toHaveCount(0);
    const row = settings.providerRow(PROVIDER);
    await expect(row).toContainText(openai.url);
    // The key is recognisable by its last four characters and its source, and nothing more.
    await expect(row).toContainText(`set (…${providerKey.slice(-4)}) · environment`);
    // Saved to the config file the user can edit, as a reference, not the key itself.
    const saved = appData.readConfigText() ?? '';
    expect(saved).toContain(PROVIDER);
    expect(saved).toContain(`$${KEY_ENV}`);
    expect(saved).not.toContain(providerKey);
  });

  await test.step('a reply streams in, word by word', async () => {
    await playground.open();
    const reply = numberedWords(24, 'alpha');
    // The mock holds the reply after three words until the test has looked: no race with a busy machine.
    const hold = gate();
    openai.behave({ reply, holdAfterChunks: 3, release: hold.released });
    await playground.send('Say the alpha words');
    const assistant = playground.lastAssistant();
    // Seen part-way: some words shown while the Stop button is still there.
    await expect(assistant).toContainText('alpha3');
    await expect(playground.stopButton).toBeVisible();
    await expect(assistant).not.toContainText('alpha4');
    hold.release();
    await playground.waitForReplyDone();
    await expect(assistant).toContainText(reply);
    await expect(playground.userMessages().last()).toContainText('Say the alpha words');
  });

  await test.step('the route badge shows Direct, the provider, TTFT and tokens', async () => {
    const route = playground.route(playground.lastAssistant());
    await expect(route.mode).toHaveText('Direct');
    await expect(route.metric('Provider')).toContainText(PROVIDER);
    await expect(route.model).toContainText('gpt-4o-mock');
    await expect(route.ttft).toHaveText(/TTFT\s+\d+(\.\d+)?\s*(ms|s)/);
    // The mock counts one token per word: "Say the alpha words" is 4 in, the reply 24 out.
    await expect(route.tokens).toHaveText(/4 in \/ 24 out/);
    const attempts = await route.openTrace();
    await expect(attempts).toHaveCount(1);
    await expect(attempts.first()).toContainText(PROVIDER);
    await expect(attempts.first()).toContainText('200');
    await expect(route.trace).toContainText('served by Direct');
    await saveScreenshot(page, 'playground');
  });

  await test.step('the provider got the key from the environment, as a Bearer token', async () => {
    const [request] = openai.chatRequests();
    expect(request?.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect(request?.body.stream).toBe(true);
  });

  await test.step('Stop ends a reply mid-stream and closes the upstream request', async () => {
    const before = openai.chatRequests().length;
    // Held after two words until Stop has been pressed, then let go: nothing of the rest may show.
    const hold = gate();
    openai.behave({ reply: numberedWords(200, 'beta'), holdAfterChunks: 2, release: hold.released });
    await playground.send('Count the beta words slowly');
    const assistant = playground.lastAssistant();
    await expect(assistant).toContainText('beta2');
    await playground.stopButton.click();
    await expect(assistant).toContainText('Stopped.');
    await expect(playground.sendButton).toBeVisible();
    const upstream = openai.chatRequests()[before];
    expect(upstream, 'the stopped prompt reached the provider').toBeDefined();
    await expect.poll(() => upstream!.outcome, { message: 'the upstream request is aborted, not left running' }).toBe('aborted');
    // Nothing more arrives after Stop, even once the provider would carry on.
    hold.release();
    const shown = await assistant.innerText();
    await page.waitForTimeout(500);
    expect(await assistant.innerText()).toBe(shown);
    expect(shown).not.toContain('beta200');
  });

  await test.step('the conversation is still there after the server restarts', async () => {
    await app.restart();
    await app.open(page);
    await playground.waitReady();
    await playground.showConversations();
    const item = playground.conversationItems().first();
    await expect(item).toBeVisible();
    await item.click();
    await expect(playground.userMessages()).toHaveCount(2);
    await expect(playground.userMessages().first()).toContainText('Say the alpha words');
    await expect(playground.assistantMessages().first()).toContainText(numberedWords(24, 'alpha'));
    await expect(playground.assistantMessages().nth(1)).toContainText('beta2');
    await expect(playground.assistantMessages().nth(1)).toContainText('Stopped.');
    // The route of the stored reply came back with it.
    await expect(playground.route(playground.assistantMessages().first()).mode).toHaveText('Direct');
  });

  await test.step('the restored conversation exports, and the key is in no file the app wrote', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const markdown = await readDownload(download);
    expect(markdown).toContain('Say the alpha words');
    expect(markdown).toContain('alpha24');
    expect(markdown).not.toContain(providerKey);
    // Config, history, error log: the key lives only in the serve process's environment.
    expect(appData.filesContaining(providerKey)).toEqual([]);
  });
});
