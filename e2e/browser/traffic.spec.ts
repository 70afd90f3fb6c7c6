import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { TrafficPage } from '../pages/traffic-page';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { expectFits } from '../support/layout';
import { configWithProvider, MODEL, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';
import { saveScreenshot } from '../support/screenshots';

/**
 * The local endpoint, as a user meets it: switched on in Settings (browser mode), its URL and masked key
 * shown; an unchanged OpenAI SDK program and an unchanged Anthropic SDK program on this machine use it;
 * their requests appear live in the Traffic view with their user agent and route trace, next to the
 * playground's own. Checked with axe at 1280×800 and 800×600.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SIZES = [
  { name: '1280x800', viewport: { width: 1280, height: 800 } },
  { name: '800x600', viewport: { width: 800, height: 600 } },
] as const;

for (const size of SIZES) {
  test.describe(`at ${size.name}`, () => {
    test.use({ viewport: size.viewport });
    test.describe.configure({ timeout: 120_000 });

    test('outside SDK requests show up in the Traffic view with their trace', async ({ page, app, appData, openai, providerKey }, testInfo) => {
      const port = await freePort();
      appData.writeConfig({ ...configWithProvider(openai.url), endpoint: { enabled: false, port, aliases: { fast: `${PROVIDER}/${MODEL}` } } });
      await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
      await app.open(page);
      const playground = new PlaygroundPage(page);
      await playground.waitReady();

      const settings = new SettingsPage(page);
      const baseUrl = `http://127.0.0.1:${port}/v1`;
      await test.step('switch the endpoint on in Settings: its URLs and masked key appear', async () => {
        await settings.open();
        const section = page.getByTestId('endpoint-section');
        await section.getByTestId('endpoint-switch').click();
        await expect(section.getByTestId('endpoint-switch')).toBeChecked();
        await expect(section.getByTestId('endpoint-url')).toHaveText(baseUrl);
        await expect(section.getByTestId('endpoint-key')).toHaveText(/^sy-local-….{4}$/);
        await expectNoSeriousA11yViolations(page, testInfo, `settings with the endpoint on (${size.name})`);
      });

      // What the user copies from Settings; the file is where the app keeps it.
      const key = readFileSync(join(appData.dataDir, 'endpoint-key'), 'utf8').trim();
      await test.step('an OpenAI SDK program and an Anthropic SDK program use it', async () => {
        openai.behave({ reply: 'Hello from the endpoint.' });
        const reply = await new OpenAI({ baseURL: baseUrl, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'Hi from a script' }] });
        expect(reply.choices[0]!.message.content).toBe('Hello from the endpoint.');
        expect(reply.model).toBe(`${PROVIDER}/${MODEL}`);
        openai.behave({ reply: 'Streamed to Anthropic clients.' });
        const message = await new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: key, maxRetries: 0 })
          .messages.stream({ model: `${PROVIDER}/${MODEL}`, max_tokens: 100, messages: [{ role: 'user', content: 'Hi from Claude tooling' }] })
          .finalMessage();
        expect(message.content).toEqual([{ type: 'text', text: 'Streamed to Anthropic clients.' }]);
      });

      await test.step('the playground’s own request is logged too', async () => {
        await playground.open();
        openai.behave({ reply: 'From the playground.' });
        await playground.send('And one from the app');
        await playground.waitForReplyDone();
      });

      const traffic = new TrafficPage(page);
      await test.step('the Traffic view lists all three, outside clients by user agent', async () => {
        await traffic.open();
        await expect(traffic.rows).toHaveCount(3);
        await expect(traffic.row('OpenAI/JS')).toContainText(`${PROVIDER}/${MODEL}`);
        await expect(traffic.row('Anthropic/JS')).toContainText('stream');
        await expect(traffic.row('Playground')).toContainText('ok');
        await page.getByTestId('traffic-filter-source').selectOption('endpoint');
        await expect(traffic.rows).toHaveCount(2);
      });

      await test.step('a request opens with its route trace and bodies', async () => {
        const detail = await traffic.openDetail(traffic.row('OpenAI/JS'));
        await expect(detail.getByTestId('traffic-route')).toContainText('Direct → served by Direct');
        const attempts = detail.getByTestId('traffic-attempts').locator('tbody tr');
        await expect(attempts).toHaveCount(1);
        await expect(attempts.first()).toContainText(new URL(openai.url).host);
        await expect(attempts.first()).toContainText('200');
        await expect(detail.getByTestId('traffic-request-body')).toContainText('Hi from a script');
        await expect(detail.getByTestId('traffic-response-body')).toContainText('Hello from the endpoint.');
        await expect(detail).not.toContainText(key);
        await expectFits(page, `traffic (${size.name})`);
        await expectNoSeriousA11yViolations(page, testInfo, `traffic with a request open (${size.name})`);
        if (size.viewport.width >= 1200) await saveScreenshot(page, 'traffic');
      });
    });
  });
}

