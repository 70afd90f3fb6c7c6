import type { SwitchyardBridge } from '../../../shared/api';
import { createBrowserBridge, takeSessionToken } from '../../../client/browser-bridge';
import { wrapElectronBridge } from '../../../client/context-bridge';
import { SwitchyardError } from '../../../shared/errors';

declare global {
  interface Window {
    /** Present under Electron (exposed by the preload). */
    switchyard?: SwitchyardBridge;
  }
}

let connected: SwitchyardBridge | undefined;

/**
 * Picks the transport: window.switchyard under Electron, otherwise the browser-mode client talking to
 * `switchyard serve` on this page's own origin. Both are the same SwitchyardBridge. Rejects with
 * UNAUTHORIZED in browser mode when the page was opened without its token.
 */
export async function connectBridge(): Promise<SwitchyardBridge> {
  if (connected) return connected;
  if (window.switchyard) {
    connected = wrapElectronBridge(window.switchyard);
    return connected;
  }
  const token = takeSessionToken(window.location, window.sessionStorage, window.history);
  if (!token) {
    throw new SwitchyardError('UNAUTHORIZED', 'This page needs its session token: open the URL that `switchyard serve` printed.');
  }
  connected = createBrowserBridge({ baseUrl: window.location.origin, token });
  return connected;
}
