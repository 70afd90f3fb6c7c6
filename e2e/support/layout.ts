import { expect, type Page } from '@playwright/test';

/** Nothing scrolls sideways: not the document, not the page's main area. */
export async function expectFits(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate<{ document: number; main: number }>(`(() => {
    const main = document.getElementById('main');
    return {
      document: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
    };
  })()`);
  expect(overflow, `${label} overflows sideways`).toEqual({ document: 0, main: 0 });
}
