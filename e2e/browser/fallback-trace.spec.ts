import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, MODEL, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';

/**
 * A model fallback chain seen from the playground: the provider answers 503, the chain sends the request
 * to the next model (another provider), and the message's trace shows both hops — the first one fell back
 * with its 503, the fallback served — with a "Fallback → model" badge.
 */

const BACKUP = 'backup';
const BACKUP_MODEL = 'gpt-4o-mini-mock';

test('a fallback hop is visible in the route trace', async ({ page, app, appData, openai, providerKey }) => {
  const config = configWithProvider(openai.url, { mode: 'direct', fallbacks: { [`${PROVIDER}/${MODEL}`]: [`${BACKUP}/${BACKUP_MODEL}`] } });
  // Try the first model once (no retries, no cooldown) so the mock's script is exactly what the test says.
  Object.assign(config.providers![PROVIDER]!, { retry_count: 0, cooldown_after: 0 });
  config.providers![BACKUP] = { type: 'openai', base_url: openai.url, api_key: `$${PROVIDER_KEY_ENV}`, default_model: BACKUP_MODEL, models: [BACKUP_MODEL] };
  appData.writeConfig(config);
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();

  openai.behave([{ status: 503 }, { reply: 'Served by the fallback.' }]);
  await playground.send('Who answers?');
  await playground.waitForReplyDone();
  const reply = playground.lastAssistant();
  await expect(reply).toContainText('Served by the fallback.');
  const route = playground.route(reply);
  await expect(route.fallback).toHaveText(`Fallback → ${BACKUP}/${BACKUP_MODEL}`);
  const attempts = await route.openTrace();
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toHaveAttribute('data-outcome', 'fell_back');
  await expect(attempts.nth(0)).toContainText(`${PROVIDER}/${MODEL}`);
  await expect(attempts.nth(0)).toContainText('503');
  await expect(attempts.nth(0)).toContainText(`fell back: ${PROVIDER}/${MODEL} → ${BACKUP}/${BACKUP_MODEL}`);
  await expect(attempts.nth(1)).toHaveAttribute('data-outcome', 'served');
  await expect(attempts.nth(1)).toContainText(`${BACKUP}/${BACKUP_MODEL}`);
  await expect(attempts.nth(1)).toContainText('fallback 1');
  expect(openai.chatRequests().map((r) => r.body.model)).toEqual([MODEL, BACKUP_MODEL]);
});
