import { startPlanoStandin, type PlanoStandin } from '../../test/mocks/plano-standin.mjs';
import { expect, test } from '../support/fixtures';
import { ModeSwitcherPage } from '../pages/mode-switcher-page';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, MODEL, planoConfigFor, PROVIDER_KEY_ENV } from '../support/configs';
import { saveScreenshot } from '../support/screenshots';

/**
 * Journey 2 — Plano proxy: switching modes in the switcher changes the diagram; the next reply goes through
 * the gateway (the Plano stand-in on 127.0.0.1) and its trace says so; the gateway answering 503 twice and
 * then 200 shows the two retries, attempt by attempt.
 */

let standin: PlanoStandin;

test.beforeEach(async ({ openai, providerKey }) => {
  standin = await startPlanoStandin({ config: planoConfigFor(openai.url), env: { OPENAI_API_KEY: providerKey }, control: true });
});

test.afterEach(async () => {
  await standin.close();
});

test('switch to Plano proxy, reply through the gateway, and see 503 503 200 as two retries', async ({ page, app, appData, openai, providerKey }) => {
  appData.writeConfig(
    configWithProvider(openai.url, { mode: 'direct', plano_proxy: { base_url: standin.origin, retry_count: 3, timeout: '10s' } }),
  );
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  await app.open(page);
  const modes = new ModeSwitcherPage(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();

  await test.step('the mode switcher moves the highlighted path from Direct to the gateway', async () => {
    await modes.open();
    await modes.expectActivePath('direct');
    await modes.switchTo('plano_proxy');
    await modes.expectActivePath('plano_proxy');
    await expect(modes.path('direct')).toHaveAttribute('data-active', 'false');
    await expect(modes.shell.modeStatus).toContainText('Plano proxy');
  });

  await test.step('the next reply goes through the gateway and the trace says so', async () => {
    await playground.open();
    openai.behave({ reply: 'Routed through Plano.' });
    await playground.send('Which way did this go?');
    await playground.waitForReplyDone();
    const reply = playground.lastAssistant();
    await expect(reply).toContainText('Routed through Plano.');
    const route = playground.route(reply);
    await expect(route.mode).toHaveText('Plano proxy');
    await expect(route.retries).toHaveCount(0);
    const attempts = await route.openTrace();
    await expect(attempts).toHaveCount(1);
    await expect(attempts.first()).toContainText('plano');
    await expect(attempts.first()).toContainText(new URL(standin.origin).host);
    await expect(attempts.first()).toContainText('200');
    // The gateway really carried it: Plano picked the provider by `provider/model` and forwarded it.
    expect(standin.forwarded.at(-1)?.model).toBe(MODEL);
    expect(openai.chatRequests().at(-1)?.headers.authorization).toBe(`Bearer ${providerKey}`);
  });

  await test.step('the diagram shows the gateway hop with its latest latency', async () => {
    await modes.open();
    await modes.expectActivePath('plano_proxy');
    await expect(modes.path('plano_proxy')).toContainText(/\d+(\.\d+)?\s*(ms|s)/);
    await saveScreenshot(page, 'mode-switcher');
    await playground.open();
  });

  await test.step('503, 503, then 200: the reply arrives and shows two retries', async () => {
    const chatBefore = standin.requests.filter((r) => r.path === '/v1/chat/completions').length;
    standin.failNext(2, { status: 503, body: 'upstream connect error or disconnect/reset before headers' });
    openai.behave({ reply: 'Third time lucky.' });
    await playground.send('Try again please');
    await playground.waitForReplyDone();
    const reply = playground.lastAssistant();
    await expect(reply).toContainText('Third time lucky.');
    const route = playground.route(reply);
    await expect(route.retries).toHaveText('2 retries');
    const attempts = await route.openTrace();
    await expect(attempts).toHaveCount(3);
    await expect(attempts.nth(0)).toContainText('503');
    await expect(attempts.nth(1)).toContainText('503');
    await expect(attempts.nth(2)).toContainText('200');
    expect(standin.requests.filter((r) => r.path === '/v1/chat/completions').length - chatBefore).toBe(3);
  });
});
