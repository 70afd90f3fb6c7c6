import type { Page } from '@playwright/test';
import type { OpenAIMock } from '../../test/mocks/openai-mock.mjs';
import type { AppController } from '../support/app-controller';
import type { AppData } from '../support/app-data';
import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';
import { saveScreenshot } from '../support/screenshots';

/**
 * Conversations as Open WebUI and LM Studio users expect them: regenerate and edit keep versions (‹1/2›)
 * and the title follows; a failed turn is replaced, not repeated, when sent again; a rate limit counts down
 * the provider's Retry-After, then offers the retry; search finds message text; pinned first; the last
 * conversation reopens on reload; Ctrl+Shift+O starts a new chat; titles carry no Markdown.
 */

test.describe.configure({ timeout: 90_000 });

/** Browser mode with the mock provider configured, on the playground. */
async function openWithProvider({ page, app, appData, openai, providerKey }: { page: Page; app: AppController; appData: AppData; openai: OpenAIMock; providerKey: string }) {
  const config = configWithProvider(openai.url);
  // The provider is tried once: the journey is about the failures a user sees, which retries would hide.
  Object.assign(config.providers![PROVIDER]!, { retry_count: 0 });
  appData.writeConfig(config);
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();
  return { playground, title: page.locator('.chat-title') };
}

test('versions, a failed turn sent again, and a rate limit with its countdown', async ({ page, app, appData, openai, providerKey }) => {
  const { playground, title } = await openWithProvider({ page, app, appData, openai, providerKey });

  await test.step('the title is the first message without its Markdown', async () => {
    openai.behave({ reply: 'Use slicing: items[::-1].' });
    await playground.send('## How do I **reverse** a `list`?');
    await playground.waitForReplyDone();
    await expect(title).toHaveText('How do I reverse a list?');
  });

  await test.step('regenerate keeps the first answer as version 1 of 2', async () => {
    openai.behave({ reply: 'Call reversed(items) for an iterator.' });
    await playground.lastAssistant().getByTestId('regenerate').click();
    await playground.waitForReplyDone();
    const answer = playground.lastAssistant();
    await expect(answer).toContainText('reversed(items)');
    await expect(answer.getByTestId('version-count')).toHaveText('2/2');
    await answer.getByTestId('version-prev').click();
    await expect(answer.getByTestId('version-count')).toHaveText('1/2');
    await expect(answer).toContainText('items[::-1]');
    await expect(playground.userMessages()).toHaveCount(1);
    await answer.getByTestId('version-next').click();
    await expect(answer).toContainText('reversed(items)');
    await saveScreenshot(page, 'versioned-turn');
  });

  await test.step('editing the first message keeps the original, and the title follows', async () => {
    openai.behave({ reply: 'A tuple is an immutable sequence.' });
    await playground.userMessages().first().getByTestId('edit-message').click();
    await page.getByLabel('Edit message').fill('What is a tuple?');
    await page.getByTestId('edit-resend').click();
    await playground.waitForReplyDone();
    await expect(title).toHaveText('What is a tuple?');
    const question = playground.userMessages().first();
    await expect(question.getByTestId('version-count')).toHaveText('2/2');
    await question.getByTestId('version-prev').click();
    await expect(title).toHaveText('How do I reverse a list?');
    await expect(playground.lastAssistant()).toContainText('reversed(items)');
    await expect(playground.lastAssistant().getByTestId('version-count')).toHaveText('2/2');
  });

  await test.step('a failed turn sent again from the kept draft is replaced, not repeated', async () => {
    openai.behave([{ status: 500 }, { reply: 'Second time lucky.' }]);
    await playground.send('A follow-up that fails once');
    await expect(playground.lastAssistant().getByTestId('error-code')).toHaveText('UPSTREAM_ERROR');
    await expect(playground.composer).toHaveValue('A follow-up that fails once');
    await playground.sendButton.click();
    await playground.waitForReplyDone();
    await expect(playground.lastAssistant()).toContainText('Second time lucky.');
    await expect(playground.userMessages().filter({ hasText: 'A follow-up that fails once' })).toHaveCount(1);
    await expect(page.getByTestId('error-box')).toHaveCount(0);
  });

  await test.step("a rate limit counts down the provider's Retry-After, then offers the retry", async () => {
    openai.behave([{ status: 429, retryAfter: 2 }, { reply: 'Waited politely.' }]);
    await playground.send('Once more, quickly');
    const error = playground.lastAssistant().getByTestId('error-box');
    await expect(error.getByTestId('error-code')).toHaveText('RATE_LIMITED');
    const retry = error.getByTestId('retry');
    await expect(retry).toBeDisabled();
    await expect(retry).toHaveText(/^Retry in [12] s$/);
    await expect(error.getByTestId('retry-countdown')).toContainText('asked to wait');
    await expect(retry).toBeEnabled({ timeout: 10_000 });
    await expect(retry).toHaveText('Retry');
    await retry.click();
    await playground.waitForReplyDone();
    await expect(playground.lastAssistant()).toContainText('Waited politely.');
  });
});

test('search message text, pin, reopen the last conversation, start a new chat by keyboard', async ({ page, app, appData, openai, providerKey }) => {
  const { playground, title } = await openWithProvider({ page, app, appData, openai, providerKey });

  for (const [question, answer] of [
    ['First question', 'An answer about capybaras.'],
    ['Second question', 'An answer about otters.'],
    ['Third question', 'An answer about herons.'],
  ] as const) {
    await page.keyboard.press('Control+Shift+O');
    await expect(title).toHaveText('New chat');
    await expect(playground.composer).toBeFocused();
    openai.behave({ reply: answer });
    await playground.send(question);
    await playground.waitForReplyDone();
  }

  await test.step('search finds a word that is only in a reply', async () => {
    await playground.showConversations();
    await page.getByTestId('conversation-search').fill('capybara');
    await expect(playground.conversationItems()).toHaveCount(1);
    await expect(playground.conversationItems().first()).toContainText('First question');
    await expect(playground.conversationItems().first()).toContainText('capybaras');
    await page.getByTestId('conversation-search').fill('');
    await expect(playground.conversationItems()).toHaveCount(3);
  });

  await test.step('a pinned conversation goes to the top; arrow keys move through the list', async () => {
    const first = page.getByTestId('conversation-list').locator('li').filter({ hasText: 'First question' });
    await first.hover();
    await first.getByTestId('conversation-pin').click();
    await expect(playground.conversationItems().first()).toContainText('First question');
    await playground.conversationItems().first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(playground.conversationItems().nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(playground.conversationItems().nth(2)).toBeFocused();
    await expect(playground.conversationItems().nth(2)).toContainText('Second question');
    await page.keyboard.press('Enter');
    await expect(title).toHaveText('Second question');
    await playground.closeDrawer();
  });

  await test.step('after a reload the last open conversation is back', async () => {
    await page.reload();
    await playground.waitReady();
    await expect(title).toHaveText('Second question');
    await expect(playground.lastAssistant()).toContainText('otters');
    await playground.showConversations();
    await expect(playground.conversationItems().first()).toContainText('First question');
  });
});
