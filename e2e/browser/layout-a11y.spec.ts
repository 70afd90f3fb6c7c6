import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { ComparePage } from '../pages/compare-page';
import { PlaygroundPage } from '../pages/playground-page';
import { SettingsPage } from '../pages/settings-page';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { expectFits } from '../support/layout';
import { configWithProvider, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';
import { saveScreenshot } from '../support/screenshots';

/**
 * Every page, in both themes, at 1280×800 and 800×600: axe-core finds no serious or critical violation;
 * nothing overflows the window sideways; at 1280 px no table header or picker is cut short; and no
 * request of the page fails (the favicon included).
 */

const SIZES = [
  { name: '1280x800', viewport: { width: 1280, height: 800 } },
  { name: '800x600', viewport: { width: 800, height: 600 } },
] as const;

for (const size of SIZES) {
  test.describe(`at ${size.name}`, () => {
    test.use({ viewport: size.viewport });
    test.describe.configure({ timeout: 120_000 });

    test('every page passes axe in both themes and fits the window', async ({ page, app, appData, openai, providerKey }, testInfo) => {
      appData.writeConfig(configWithProvider(openai.url));
      // No engine here: the gateway page shows its "no engine" state (the real engine is the embedded journeys' business).
      await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey, DOCKER_HOST: `unix://${appData.root}/no-engine.sock` } });
      const failedRequests: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failedRequests.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      await app.open(page);
      const playground = new PlaygroundPage(page);
      await playground.waitReady();

      // Something real on screen: a reply with its route badge and trace.
      openai.behave({ reply: 'A short answer with `code` in it.' });
      await playground.send('Give me a short answer');
      await playground.waitForReplyDone();
      const attempts = await playground.route(playground.lastAssistant()).openTrace();
      await expect(attempts).toHaveCount(1);

      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const label = (what: string): string => `${what} (${scheme}, ${size.name})`;

        await playground.open();
        await expect(playground.lastAssistant()).toContainText('A short answer');
        await expectFits(page, label('playground'));
        await expectNoSeriousA11yViolations(page, testInfo, label('playground'));
        if (size.viewport.width >= 1200) {
          await expectNoCutHeaders(page, '[data-testid="route-trace"] th', label('trace table'));
        } else {
          await playground.showParameters();
          await expectNoSeriousA11yViolations(page, testInfo, label('parameters sheet'));
          await playground.closeDrawer();
          await playground.showConversations();
          await expectNoSeriousA11yViolations(page, testInfo, label('conversations drawer'));
          await playground.closeDrawer();
          if (scheme === 'light') await saveScreenshot(page, 'narrow-layout', { anySize: true });
        }

        await playground.shell.goTo('modes');
        await expect(page.getByTestId('route-diagram')).toBeVisible();
        await expectFits(page, label('modes'));
        await expectNoSeriousA11yViolations(page, testInfo, label('modes'));

        await playground.shell.goTo('gateway');
        await expect(page.getByTestId('engine-unreachable')).toBeVisible();
        await expectFits(page, label('gateway'));
        await expectNoSeriousA11yViolations(page, testInfo, label('gateway'));

        const compare = new ComparePage(page);
        await compare.open();
        await expectFits(page, label('compare'));
        await expectNoSeriousA11yViolations(page, testInfo, label('compare'));
        if (size.viewport.width >= 1200) await expectPickersShowTheirText(page, label('compare pickers'));

        const settings = new SettingsPage(page);
        await settings.open();
        await page.getByTestId(`provider-test-${PROVIDER}`).click();
        await expect(page.getByTestId('provider-check')).toContainText('answered HTTP 200');
        await page.getByTestId('error-log-show').click();
        await expect(page.getByTestId('error-log-tail')).toBeVisible();
        await expectFits(page, label('settings'));
        await expectNoSeriousA11yViolations(page, testInfo, label('settings'));
      }
      expect(failedRequests, 'requests the page made that failed').toEqual([]);
    });
  });
}

/** Every matching header shows its whole text (no ellipsis, no clipping). */
async function expectNoCutHeaders(page: Page, selector: string, label: string): Promise<void> {
  const cut = await page
    .locator(selector)
    .evaluateAll((cells: { scrollWidth: number; clientWidth: number; textContent: string | null }[]) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
  expect(cut, `${label}: headers cut short`).toEqual([]);
}

/** What the picker check reads of a select and the page (typed here: this project's types have no DOM). */
interface SelectLike {
  clientWidth: number;
  selectedOptions: ArrayLike<{ text: string }>;
}
interface PageGlobals {
  getComputedStyle(el: SelectLike): { fontWeight: string; fontSize: string; fontFamily: string; paddingLeft: string; paddingRight: string };
  document: { createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } } };
}

/** Each select on the page is wide enough for its chosen option's text (as measured in its own font). */
async function expectPickersShowTheirText(page: Page, label: string): Promise<void> {
  const cramped = await page.locator('select').evaluateAll((selects: SelectLike[]) => {
    const g = globalThis as unknown as PageGlobals;
    const canvas = g.document.createElement('canvas').getContext('2d');
    return selects
      .filter((s) => {
        const style = g.getComputedStyle(s);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        // Room for the text: the box minus its padding and the drop-down arrow (about 20 px).
        const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return canvas.measureText(s.selectedOptions[0]?.text ?? '').width > room;
      })
      .map((s) => s.selectedOptions[0]?.text);
  });
  expect(cramped, `${label}: pickers too narrow for their text`).toEqual([]);
}
