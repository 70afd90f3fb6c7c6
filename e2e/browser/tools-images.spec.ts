import { gate } from '../../test/mocks/mock-http.mjs';
import { startAnthropicMock } from '../../test/mocks/anthropic-mock.mjs';
import { PlaygroundPage } from '../pages/playground-page';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { configWithProvider, PROVIDER_KEY_ENV } from '../support/configs';
import { expect, test } from '../support/fixtures';
import { expectFits } from '../support/layout';

/**
 * The whole chat request from the playground, against the OpenAI mock (which checks requests as the real
 * API does): a tool defined as JSON, the model's call shown as it streams and answered by hand, the final
 * answer; the conversation reloaded with its call and result; an image attached and received as an image
 * part; JSON output switched on and sent as response_format. axe and sideways fit on the new parts. The
 * same exchange with the Anthropic mock, in its own wire format (tool_use, tool_result, base64 image).
 */

test.describe.configure({ timeout: 90_000 });

const WEATHER = [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } } }];
const ARGS = { city: 'Oslo', unit: 'celsius' };
/** The smallest valid PNG (1×1). */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('a tool call answered by hand, an image, and JSON output', async ({ page, app, appData, openai, providerKey }, testInfo) => {
  appData.writeConfig(configWithProvider(openai.url));
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();
  const lastBody = () => openai.chatRequests().at(-1)!.body as Record<string, unknown> & { messages: Record<string, unknown>[] };

  await test.step('tools typed as JSON: what is wrong is named as it is typed, then accepted', async () => {
    await playground.showParameters();
    const tools = page.getByTestId('param-tools');
    await tools.fill('[{"type": "function", "function": {"name": "get weather"}}]');
    await expect(page.getByRole('alert').filter({ hasText: 'Tool 1 (get weather): function.name: must be 1 to 64 letters, digits, _ or -' })).toBeVisible();
    await tools.fill(JSON.stringify(WEATHER));
    await expect(tools).toHaveAttribute('aria-invalid', 'false');
    // A named tool (or required) would force a call on every turn, the final answer's too.
    await expect(page.getByTestId('param-tool-choice').locator('option')).toContainText(['get_weather']);
    await page.getByTestId('param-tool-choice').selectOption('auto');
    await expectNoSeriousA11yViolations(page, testInfo, 'tools in the parameters');
    await playground.closeDrawer();
  });

  await test.step('the model calls the tool: its card shows the arguments as they stream', async () => {
    const hold = gate();
    openai.behave([{ toolCalls: [{ id: 'call_oslo', name: 'get_weather', arguments: ARGS }], toolChunks: 3, holdAfterToolChunks: 1, release: hold.released }]);
    await playground.send('What is the weather in Oslo?');
    const card = page.getByTestId('tool-call');
    await expect(card.getByTestId('tool-call-name')).toHaveText('get_weather');
    // The first of three pieces has arrived (less the last characters the key scrubber holds back until it
    // knows they begin no key): shown as it came, not yet JSON.
    await expect(card.getByTestId('tool-call-arguments')).toHaveText(/^\{"city":"O\S{0,2}$/);
    hold.release();
    await playground.waitForReplyDone();
    await expect(card.getByTestId('tool-call-arguments')).toHaveText(JSON.stringify(ARGS, null, 2));
    expect(lastBody()).toMatchObject({ tools: WEATHER, tool_choice: 'auto' });
  });

  await test.step('Send needs a result; the one typed goes back as a tool message and the model answers', async () => {
    await expect(page.getByTestId('send-tool-results')).toBeDisabled();
    await expect(playground.sendButton).toBeEnabled();
    await playground.sendButton.click();
    await expect(playground.notice).toContainText('Type a result for each tool call before sending; waiting for: get_weather (call_oslo).');
    await expectNoSeriousA11yViolations(page, testInfo, 'a tool call waiting for its result');
    await expectFits(page, 'a tool call waiting for its result');
    openai.behave([{ reply: 'It is 12 °C and raining in Oslo.' }]);
    await page.getByLabel('Reply with result of get_weather').fill('{"temperature": 12, "sky": "rain"}');
    await page.getByTestId('send-tool-results').click();
    await playground.waitForReplyDone();
    await expect(playground.lastAssistant()).toContainText('It is 12 °C and raining in Oslo.');
    expect(lastBody().messages.slice(-2)).toMatchObject([
      { role: 'assistant', tool_calls: [{ id: 'call_oslo', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(ARGS) } }] },
      { role: 'tool', tool_call_id: 'call_oslo', content: '{"temperature": 12, "sky": "rain"}' },
    ]);
    await expect(page.getByTestId('tool-result')).toHaveText('{"temperature": 12, "sky": "rain"}');
  });

  await test.step('reloaded, the conversation shows the call and its result, and continues from them', async () => {
    await page.reload();
    await playground.waitReady();
    await expect(page.getByTestId('tool-call-name')).toHaveText('get_weather');
    await expect(page.getByTestId('tool-result')).toHaveText('{"temperature": 12, "sky": "rain"}');
    await expect(page.getByTestId('tool-reply')).toHaveCount(0);
    openai.behave([{ reply: 'Tomorrow looks drier.' }]);
    await playground.send('And tomorrow?');
    await playground.waitForReplyDone();
    expect(lastBody().messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
  });

  await test.step('an image too large is named with the limit; a small one is attached and sent as an image part', async () => {
    await playground.showConversations();
    await playground.newChatButton.click();
    await playground.closeDrawer();
    await playground.showParameters();
    await page.getByTestId('param-tool-choice').selectOption('');
    await page.getByTestId('param-tools').fill('');
    await playground.closeDrawer();
    await playground.composer.fill('What is in this picture?');
    const attach = page.getByTestId('attach-input');
    await attach.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(6 * 1024 * 1024) });
    await expect(playground.notice).toContainText('huge.png is 6.0 MB; an image can be at most 5.0 MB, so it was not attached.');
    await expect(playground.composer).toHaveValue('What is in this picture?');
    await attach.setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL });
    await expect(page.getByRole('img', { name: 'pixel.png' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'an attached image');
    await expectFits(page, 'an attached image');
    await playground.sendButton.click();
    await playground.waitForReplyDone();
    const shown = playground.userMessages().last().getByTestId('message-image');
    await expect(shown).toBeVisible();
    // Decoded under the CSP (data: images only), not a broken image with its alt text.
    expect(await shown.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(lastBody().messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL.toString('base64')}` } },
      ],
    });
    expect(lastBody()).not.toHaveProperty('tools');
  });

  await test.step('JSON output on: response_format goes with the request and the reply is JSON', async () => {
    await playground.showParameters();
    await page.getByTestId('param-json-output').check();
    await expect(page.getByTestId('param-json-schema')).toBeVisible();
    await playground.closeDrawer();
    await playground.send('Answer in JSON: what is 2 + 2?');
    await playground.waitForReplyDone();
    expect(lastBody().response_format).toEqual({ type: 'json_object' });
    await expect(playground.lastAssistant()).toContainText('{"echo":"Answer in JSON: what is 2 + 2?"}');
  });
});

test("Anthropic's wire format: the tool_use answered by hand goes back as a tool_result, the image as a base64 image block", async ({ page, app, appData }) => {
  const anthropicKey = 'sk-ant-e2e-tools-0123456789';
  const anthropic = await startAnthropicMock({ apiKey: anthropicKey });
  try {
    appData.writeConfig({ providers: { claude: { type: 'anthropic', base_url: anthropic.url, api_key: '$ANT_E2E_KEY', default_model: 'claude-haiku-4-5', models: ['claude-haiku-4-5'] } } });
    await app.start({ env: { ANT_E2E_KEY: anthropicKey } });
    await app.open(page);
    const playground = new PlaygroundPage(page);
    await playground.waitReady();
    await playground.showParameters();
    await page.getByTestId('param-tools').fill(JSON.stringify(WEATHER));
    await playground.closeDrawer();

    anthropic.behave([{ toolUses: [{ id: 'toolu_oslo', name: 'get_weather', input: ARGS }] }, { reply: 'Rainy, 12 °C.' }]);
    await page.getByTestId('attach-input').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL });
    await playground.send('Weather where this photo was taken?');
    await playground.waitForReplyDone();
    await expect(page.getByTestId('tool-call-arguments')).toHaveText(JSON.stringify(ARGS, null, 2));
    await page.getByLabel('Reply with result of get_weather').fill('rain');
    await playground.sendButton.click();
    await playground.waitForReplyDone();
    await expect(playground.lastAssistant()).toContainText('Rainy, 12 °C.');

    const body = anthropic.requests.at(-1)!.body as { messages: { role: string; content: unknown }[]; tools: unknown };
    expect(body.tools).toEqual([{ name: 'get_weather', description: 'Weather by city', input_schema: WEATHER[0]!.function.parameters }]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather where this photo was taken?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL.toString('base64') } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_oslo', name: 'get_weather', input: ARGS }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_oslo', content: 'rain' }] },
    ]);
  } finally {
    await anthropic.close();
  }
});
