import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';

const DIR = resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * Saves a screenshot for the README under docs/screenshots/<name>.png. Taken by the specs at the moment the
 * screen shows something real (a streamed reply with its trace, a live mode switch, a healthy gateway).
 */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `${name}.png`);
  await target.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}
