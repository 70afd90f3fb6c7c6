import { expect, test } from '../support/electron-fixtures';

/**
 * The Electron shell's security settings, asserted in the running app: sandboxed renderer with context
 * isolation and no Node, a strict CSP, window.open and navigation denied, and only the named bridge exposed.
 * Runs where an Electron binary exists (under Xvfb on Linux); skipped with the reason elsewhere.
 */

test('the main window is sandboxed, isolated, without Node, under a strict CSP', async ({ launchElectron }) => {
  const { app, window } = await launchElectron();

  // The window's preferences as main sees them (getLastWebPreferences is not in every Electron's typings).
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
    const p = contents.getLastWebPreferences?.();
    return p ? { sandbox: p.sandbox, contextIsolation: p.contextIsolation, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity } : null;
  });
  if (prefs) expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });

  // Nothing of Node reaches the page; only the named bridge does.
  const globals = await window.evaluate<{ require: string; process: string; bridge: string; frozen: boolean; methods: string[] }>(`({
    require: typeof require,
    process: typeof process,
    bridge: typeof window.switchyard,
    // contextBridge hands the page a frozen copy: the evidence of context isolation from the page's side.
    frozen: Object.isFrozen(window.switchyard),
    methods: Object.keys(window.switchyard ?? {}).sort(),
  })`);
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  expect(globals.bridge).toBe('object');
  expect(globals.frozen).toBe(true);
  expect(globals.methods).toEqual(expect.arrayContaining(['chat', 'router', 'gateway', 'settings', 'secrets', 'history', 'streamChat', 'on']));
  expect(globals.methods).not.toContain('ipcRenderer');

  // A strict CSP: no inline or eval'd script, no remote origins.
  const csp = await window.evaluate<string>(`document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? ''`);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  const inlineBlocked = await window.evaluate<boolean>(`(() => { try { return eval('1') !== 1; } catch { return true; } })()`);
  expect(inlineBlocked).toBe(true);

  // New windows and navigation away are denied.
  const opened = await window.evaluate<boolean>(`window.open('https://example.invalid/') === null`);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
  const before = window.url();
  await window.evaluate(`location.href = 'https://example.invalid/'`).catch(() => undefined);
  await window.waitForTimeout(300);
  expect(window.url()).toBe(before);
});
