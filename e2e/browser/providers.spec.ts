import { startAnthropicMock } from '../../test/mocks/anthropic-mock.mjs';
import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { MODEL, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';
import { saveScreenshot } from '../support/screenshots';

/**
 * Providers managed in the app, against the loopback mocks: models fetched from OpenAI-compatible
 * `GET /v1/models` and Anthropic's `GET /v1/models` instead of typed; Test says what answered; a missing
 * `$ENV` key is named; the form is ready for the next provider after adding one; edit keeps the key
 * reference; delete removes the provider from the config file.
 */

test('add, test, edit and delete providers, with model lists fetched from them', async ({ page, app, appData, openai, providerKey }) => {
  const anthropicKey = 'sk-ant-e2e-0123456789abcd';
  const anthropic = await startAnthropicMock({ apiKey: anthropicKey, models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] });
  try {
    await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey, ANT_E2E_KEY: anthropicKey } });
    await app.open(page);
    await new PlaygroundPage(page).waitReady();
    const settings = new SettingsPage(page);
    await settings.open();
    const form = settings.addProviderForm;

    await test.step('the model list comes from the provider, asked with its key', async () => {
      await form.getByTestId('provider-name').fill(PROVIDER);
      await form.getByTestId('provider-url').fill(openai.url);
      await form.getByTestId('provider-key').fill(`$${PROVIDER_KEY_ENV}`);
      await form.getByTestId('provider-fetch-models').click();
      const picks = form.getByTestId('provider-models');
      await expect(picks.getByLabel(MODEL)).toBeVisible();
      await expect(picks.getByLabel('gpt-4o-mini-mock')).toBeVisible();
      await form.getByTestId('provider-model').fill(MODEL);
      await picks.getByLabel('gpt-4o-mini-mock').check();
      await form.getByTestId('provider-test').click();
      await expect(form.getByTestId('provider-check')).toHaveText(new RegExp(`✓\\s*127\\.0\\.0\\.1:\\d+ answered HTTP 200 in \\d+ ms with 2 models`));
      const asked = openai.requests.filter((r) => r.path === '/v1/models');
      expect(asked.length).toBeGreaterThanOrEqual(2);
      expect(asked.every((r) => r.headers.authorization === `Bearer ${providerKey}`)).toBe(true);
    });

    await test.step('after "Added", the form is ready for the next provider', async () => {
      await form.getByTestId('provider-save').click();
      await expect(form.getByRole('status')).toHaveText(`Added ${PROVIDER}.`);
      await expect(form.getByTestId('provider-name')).toHaveValue('');
      await expect(form).not.toContainText('exists already');
      await expect(settings.providerRow(PROVIDER)).toContainText(`${MODEL}, gpt-4o-mini-mock`);
      const saved = appData.readConfigText() ?? '';
      expect(saved).toContain(`$${PROVIDER_KEY_ENV}`);
      expect(saved).not.toContain(providerKey);
    });

    await test.step('a key whose variable is missing is named, in the test and in the table', async () => {
      await form.getByTestId('provider-name').fill('claude');
      await form.getByTestId('provider-type').selectOption('anthropic');
      await form.getByTestId('provider-url').fill(anthropic.url);
      await form.getByTestId('provider-key').fill('$ANT_MISSING_KEY');
      await form.getByTestId('provider-model').fill('claude-sonnet-4-5');
      await form.getByTestId('provider-test').click();
      await expect(form.getByTestId('provider-check')).toContainText('$ANT_MISSING_KEY is not set');
      expect(anthropic.requests).toHaveLength(0);
      await form.getByTestId('provider-save').click();
      await expect(form.getByRole('status')).toHaveText('Added claude.');
      await expect(page.getByTestId('key-missing-claude')).toHaveText('$ANT_MISSING_KEY is not set');
    });

    await test.step("editing points the key at a variable that is set; Anthropic's model list answers", async () => {
      await page.getByTestId('provider-edit-claude').click();
      const edit = page.getByTestId('edit-provider-form');
      await expect(edit.getByTestId('provider-name')).toHaveValue('claude');
      await expect(edit.getByTestId('provider-key')).toHaveValue('$ANT_MISSING_KEY');
      await edit.getByTestId('provider-key').fill('$ANT_E2E_KEY');
      await edit.getByTestId('provider-fetch-models').click();
      await expect(edit.getByTestId('provider-models').getByLabel('claude-haiku-4-5')).toBeVisible();
      await edit.getByTestId('provider-models').getByLabel('claude-haiku-4-5').check();
      expect(anthropic.requests.at(-1)?.headers['x-api-key']).toBe(anthropicKey);
      expect(anthropic.requests.at(-1)?.headers['anthropic-version']).toBe('2023-06-01');
      await saveScreenshot(page, 'provider-editing');
      await edit.getByTestId('provider-save').click();
      await expect(edit).toHaveCount(0);
      await expect(settings.providerRow('claude')).toContainText('claude-sonnet-4-5, claude-haiku-4-5');
      await expect(settings.providerRow('claude')).toContainText(`set (…${anthropicKey.slice(-4)}) · environment`);
      await page.getByTestId('provider-test-claude').click();
      await expect(page.getByTestId('provider-check')).toContainText('claude answered HTTP 200');
    });

    await test.step('delete removes it from the table and the config file', async () => {
      await page.getByTestId('provider-delete-claude').click();
      await page.getByTestId('provider-delete-confirm-claude').click();
      await expect(settings.providerRow('claude')).toHaveCount(0);
      expect(appData.readConfigText()).not.toContain('claude');
      await expect(settings.providerRow(PROVIDER)).toBeVisible();
    });
  } finally {
    await anthropic.close();
  }
});
