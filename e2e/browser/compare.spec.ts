import { expect, test } from '../support/fixtures';
import { ComparePage } from '../pages/compare-page';
import { GatewayDashboardPage } from '../pages/gateway-dashboard-page';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, embeddedSettings, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';
import { uniqueContainerName } from '../support/engine-fixture';
import { saveScreenshot } from '../support/screenshots';
import { numberedWords } from '../support/words';
import { gate } from '../../test/mocks/mock-http.mjs';

/**
 * Journey 4 — one prompt sent Direct and through the embedded gateway at once; both answers stream side by
 * side with their time to first token, latency and tokens, and each says which path served it.
 */

test.describe.configure({ timeout: 150_000 });

test('compare Direct and embedded Plano side by side on one prompt', async ({ page, app, appData, openai, providerKey, engine }) => {
  const name = uniqueContainerName();
  appData.writeConfig(
    configWithProvider(openai.url, {
      // Embedded is the configured mode, so the gateway comes up by itself; compare picks each column's mode.
      mode: 'plano_embedded',
      plano_embedded: embeddedSettings(engine.healthyImage, engine.endpoint, name),
    }),
  );
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  try {
    await app.open(page);
    await new PlaygroundPage(page).waitReady();
    const dashboard = new GatewayDashboardPage(page);
    await dashboard.open();
    if (await dashboard.startButton.isEnabled()) await dashboard.startButton.click();
    await dashboard.expectPhase('ready');

    const compare = new ComparePage(page);
    await compare.open();
    await compare.setMode(0, 'direct');
    await compare.setMode(1, 'plano_embedded');
    const reply = numberedWords(12, 'gamma');
    // Both replies are held after two words until the test has seen them streaming side by side.
    const hold = gate();
    openai.behave({ reply, holdAfterChunks: 2, release: hold.released });
    await compare.run('Name twelve gamma words');
    // Both answers stream at the same time, not one after the other.
    await expect(compare.output(0)).toContainText('gamma2');
    await expect(compare.output(1)).toContainText('gamma2');
    await expect(compare.column(0)).toHaveAttribute('data-status', 'streaming');
    await expect(compare.column(1)).toHaveAttribute('data-status', 'streaming');
    hold.release();
    await compare.waitAllDone();

    for (const index of [0, 1]) {
      await expect(compare.column(index)).toHaveAttribute('data-status', 'complete');
      await expect(compare.output(index)).toContainText(reply);
      await expect(compare.metric(index, 'TTFT')).toHaveText(/\d+(\.\d+)?\s*(ms|s)/);
      await expect(compare.metric(index, 'Latency')).toHaveText(/\d+(\.\d+)?\s*(ms|s)/);
      await expect(compare.metric(index, 'Tokens')).toHaveText('4 / 12');
    }
    await expect(compare.metric(0, 'Served by')).toHaveText(`Direct · ${PROVIDER}`);
    await expect(compare.metric(1, 'Served by')).toHaveText(`Plano embedded · ${PROVIDER}`);
    // Two upstream requests: one straight from the app, one forwarded by the container.
    expect(openai.chatRequests()).toHaveLength(2);
    await saveScreenshot(page, 'compare');

    // Compare runs are not saved to history.
    const conversations = await page.getByTestId('nav-playground').click().then(() => new PlaygroundPage(page).conversationItems().count());
    expect(conversations).toBe(0);
  } finally {
    await app.stop();
    await engine.removeContainersNamed(name);
  }
});
