import { describe, expect, it } from 'vitest';
import { appUrl, isSafeExternalUrl } from './app-url';

describe('appUrl', () => {
  it('accepts only pages inside the built renderer folder', () => {
    const app = appUrl({ rendererDir: '/opt/Switchyard/resources/app/out/renderer' });
    expect(app.entry).toEqual({ kind: 'file', path: '/opt/Switchyard/resources/app/out/renderer/index.html' });
    expect(app.isAppUrl('file:///opt/Switchyard/resources/app/out/renderer/index.html')).toBe(true);
    expect(app.isAppUrl('file:///opt/Switchyard/resources/app/out/renderer/index.html#/settings')).toBe(true);
    expect(app.isAppUrl('file:///opt/Switchyard/resources/app/out/renderer/../../secrets.html')).toBe(false);
    expect(app.isAppUrl('file:///opt/Switchyard/resources/app/out/renderer-evil/index.html')).toBe(false);
    expect(app.isAppUrl('file:///etc/passwd')).toBe(false);
    expect(app.isAppUrl('https://example.com/')).toBe(false);
    expect(app.isAppUrl(null)).toBe(false);
  });

  it('in development accepts the dev server origin only', () => {
    const app = appUrl({ rendererDir: '/x', devServerUrl: 'http://localhost:5173/' });
    expect(app.entry).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
    expect(app.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(app.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(app.isAppUrl('not a url')).toBe(false);
  });

  it('opens only web and mail links externally', () => {
    expect(isSafeExternalUrl('https://github.com/katanemo/plano')).toBe(true);
    expect(isSafeExternalUrl('mailto:x@example.com')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
  });
});
