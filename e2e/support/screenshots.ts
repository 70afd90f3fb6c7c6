import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';

const DIR = resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * Saves a screenshot for the README under docs/screenshots/<name>.png. Taken by the specs at the moment the
 * screen shows something real (a streamed reply with its trace, a live mode switch, a healthy gateway).
 * The README shows the desktop size: a journey run again at another size saves nothing unless asked to.
 */
export async function saveScreenshot(target: Page | Locator, name: string, options: { anySize?: boolean } = {}): Promise<string | undefined> {
  const page = 'page' in target ? target.page() : target;
  const size = page.viewportSize();
  if (!options.anySize && size && (size.width !== 1280 || size.height !== 800)) return undefined;
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `${name}.png`);
  await target.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}
