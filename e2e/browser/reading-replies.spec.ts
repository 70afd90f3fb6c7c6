import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { gate } from '../../test/mocks/mock-http.mjs';
import { expect, test } from '../support/fixtures';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, PROVIDER_KEY_ENV } from '../support/configs';
import { saveScreenshot } from '../support/screenshots';

/**
 * Reading replies in the built app, in Chromium, under the production CSP: GitHub-flavoured Markdown, math
 * and highlighted code render (and their styles apply) without a single CSP violation; nothing in a reply
 * becomes markup or fetches anything; a long streaming reply is followed to its end unless the user
 * scrolls away, and sending jumps back to the end.
 */

test.describe.configure({ timeout: 90_000 });

/** Records every CSP violation and every dialog the page raises. */
async function watchPage(page: Page): Promise<{ violations: () => Promise<string[]>; dialogs: string[] }> {
  await page.addInitScript(`window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { violations: () => page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations), dialogs };
}

/** A server on 127.0.0.1 that only counts requests: where a leaking image would be fetched from. */
async function startTrap(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

test('a reply renders GFM, math and highlighted code under the CSP, and nothing in it becomes markup or fetches anything', async ({ page, app, appData, openai, providerKey }) => {
  const trap = await startTrap();
  try {
    const watch = await watchPage(page);
    appData.writeConfig(configWithProvider(openai.url));
    await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
    await app.open(page);
    const playground = new PlaygroundPage(page);
    await playground.waitReady();

    const reply = [
      '## Plan',
      '',
      '- [x] parse the table',
      '- [ ] typeset $$e^{i\\pi}+1=0$$',
      '',
      '| step | cost |',
      '|------|------|',
      '| one  | $5   |',
      '',
      '```python',
      'def total(items):',
      '    return sum(items)  # all of them',
      '```',
      '',
      `See the note[^1]. ![chart](${trap.url}/leak.png?q=secret) <img src="${trap.url}/raw.png" onerror="alert(1)"> [run](javascript:alert(2))`,
      '',
      '[^1]: Footnotes work too.',
    ].join('\n');
    openai.behave({ reply, chunks: 6 });
    await playground.send('Show me everything');
    await playground.waitForReplyDone();
    const answer = playground.lastAssistant();

    await expect(answer.getByRole('heading', { name: 'Plan' })).toBeVisible();
    await expect(answer.getByRole('checkbox')).toHaveCount(2);
    await expect(answer.getByRole('table')).toContainText('$5');
    await expect(answer.locator('.katex')).toBeVisible();
    await expect(answer.locator('.katex math')).toContainText('π');
    await expect(answer.getByText('Footnotes work too.')).toBeVisible();
    // Highlighted, and the highlighting's colours apply: a keyword is not drawn in the code's own colour.
    const keyword = answer.locator('.hljs-keyword').first();
    await expect(keyword).toHaveText('def');
    const [keywordColour, codeColour] = await keyword.evaluate((el) => {
      const colour = (e: typeof el): string => e.ownerDocument.defaultView!.getComputedStyle(e).color;
      return [colour(el), colour(el.closest('code')!)];
    });
    expect(keywordColour).not.toBe(codeColour);
    // The formula is laid out by Chromium's MathML: it has a size of its own.
    expect(await answer.locator('.katex math').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(20);

    // Nothing became markup, nothing was fetched, nothing ran.
    await expect(answer.locator('img')).toHaveCount(0);
    await expect(answer).toContainText(`<img src="${trap.url}/raw.png" onerror="alert(1)">`);
    await expect(answer.getByRole('link', { name: 'Image: chart' })).toHaveAttribute('href', `${trap.url}/leak.png?q=secret`);
    await expect(answer.getByRole('link', { name: 'run' })).toHaveCount(0);
    expect(trap.hits).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    expect(await watch.violations()).toEqual([]);
    await saveScreenshot(answer, 'markdown-reply');
  } finally {
    await trap.close();
  }
});

test('a long streaming reply is followed to its end unless the user scrolls away, and sending jumps back', async ({ page, app, appData, openai, providerKey }) => {
  appData.writeConfig(configWithProvider(openai.url));
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  await app.open(page);
  const playground = new PlaygroundPage(page);
  await playground.waitReady();
  const list = page.getByTestId('message-list');
  const distanceFromEnd = (): Promise<number> => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

  const lines = Array.from({ length: 120 }, (_, i) => `Line ${i} of a long answer.\n\n`);
  const hold = gate();
  openai.behave({ reply: lines.join(''), chunks: lines, holdAfterChunks: 80, release: hold.released });
  await playground.send('Write a long answer');
  const answer = playground.lastAssistant();
  await expect(answer).toContainText('Line 79 of');
  // Grown well past the window while it streamed, and still at its end.
  expect(await list.evaluate((el) => el.scrollHeight > 3 * el.clientHeight)).toBe(true);
  await expect.poll(distanceFromEnd).toBeLessThan(48);

  // The user scrolls up to read; the rest of the reply arrives without pulling them back down.
  await list.evaluate((el) => el.scrollBy(0, -600));
  const readingAt = await list.evaluate((el) => el.scrollTop);
  hold.release();
  await playground.waitForReplyDone();
  await expect(answer).toContainText('Line 119 of');
  expect(await list.evaluate((el) => el.scrollTop)).toBe(readingAt);
  expect(await distanceFromEnd()).toBeGreaterThan(500);

  openai.behave({ reply: 'Short answer.' });
  await playground.send('And a short one');
  await playground.waitForReplyDone();
  await expect(playground.lastAssistant()).toContainText('Short answer.');
  await expect.poll(distanceFromEnd).toBeLessThan(48);
});
