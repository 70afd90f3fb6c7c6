import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { resolveConfig } from 'electron-vite';
import { createServer, type ViteDevServer } from 'vite';

/**
 * `npm run dev` serves the renderer from Vite's dev server, which injects styles as <style> elements and
 * React Refresh's preamble as an inline script. Here the renderer half of `electron-vite dev` runs
 * exactly as that command configures it (Electron itself cannot start on this machine), and Chromium
 * shows whether the page's CSP lets it render styled.
 */

const ROOT = resolve(import.meta.dirname, '../..');

let server: ViteDevServer;

test.beforeAll(async () => {
  const resolved = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'serve', 'development');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');
  server = await createServer({ ...renderer, server: { ...renderer.server, host: '127.0.0.1', port: 0, hmr: false } });
  await server.listen();
});

test.afterAll(async () => {
  await server?.close();
});

test('the dev server page renders with its styles and breaks no CSP rule', async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
    window.reportViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile))`);
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the dev server has no local URL');
  await page.goto(url);

  // Without Electron's bridge or a browser-mode token the app shows its "could not connect" screen:
  // React ran (scripts allowed), and the stylesheet's rules apply to it.
  const fatal = page.locator('.fatal');
  await expect(fatal).toBeVisible();
  await expect(fatal).toHaveCSS('max-width', '560px');
  await expect(page.locator('body')).toHaveCSS('margin', '0px');
  // zod probes once whether eval is allowed (`new Function('')`) and falls back when it is not: that report
  // is the policy still blocking eval in dev. Nothing else (no style, no inline script) may be refused.
  expect(violations.filter((v) => !v.startsWith('script-src eval '))).toEqual([]);

  // The policy is still a policy: only inline script and style are relaxed, and only here.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  expect(csp).not.toContain('unsafe-eval');
});
