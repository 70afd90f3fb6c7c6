import { describe, expect, it } from 'vitest';
import { appUrl } from './app-url';
import { isPermissionAllowed } from './permission-policy';

const app = appUrl({ rendererDir: '/opt/Switchyard/resources/app.asar/out/renderer' });
const OUR_PAGE = 'file:///opt/Switchyard/resources/app.asar/out/renderer/index.html';
const allowed = (permission: string, requestingUrl: string | undefined, isMainFrame = true): boolean =>
  isPermissionAllowed({ permission, requestingUrl, isMainFrame }, app.isAppUrl);

describe('permission decisions', () => {
  it("grants our own page the clipboard write that copy buttons need (navigator.clipboard.writeText)", () => {
    expect(allowed('clipboard-sanitized-write', OUR_PAGE)).toBe(true);
    expect(allowed('clipboard-sanitized-write', `${OUR_PAGE}#/gateway`)).toBe(true);
  });

  it('refuses it to anything that is not our main page', () => {
    expect(allowed('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(allowed('clipboard-sanitized-write', 'file:///tmp/other.html')).toBe(false);
    expect(allowed('clipboard-sanitized-write', undefined)).toBe(false);
    // A frame inside our page (we have none; one injected would be hostile).
    expect(allowed('clipboard-sanitized-write', OUR_PAGE, false)).toBe(false);
  });

  it('refuses every other permission, even to our page', () => {
    for (const permission of ['clipboard-read', 'deprecated-sync-clipboard-read', 'notifications', 'media', 'geolocation', 'openExternal', 'fullscreen', 'display-capture', 'hid', 'usb', 'serial', 'unknown']) {
      expect(allowed(permission, OUR_PAGE), permission).toBe(false);
    }
  });

  it('under the dev server, our page is the dev server origin', () => {
    const dev = appUrl({ rendererDir: '/x', devServerUrl: 'http://localhost:5173/' });
    expect(isPermissionAllowed({ permission: 'clipboard-sanitized-write', requestingUrl: 'http://localhost:5173/', isMainFrame: true }, dev.isAppUrl)).toBe(true);
    expect(isPermissionAllowed({ permission: 'clipboard-sanitized-write', requestingUrl: 'http://localhost:5174/', isMainFrame: true }, dev.isAppUrl)).toBe(false);
  });
});
