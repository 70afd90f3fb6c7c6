/**
 * Which web permissions the renderer gets: exactly what the app's own page needs, nothing else.
 * Copy buttons call `navigator.clipboard.writeText`, which Chromium asks for as `clipboard-sanitized-write`
 * (sanitized: plain text and safe formats only). Reading the clipboard, notifications (the main process
 * shows those), media, geolocation and the rest stay denied, and so is every request from a frame that is
 * not our main page (an injected iframe, a page navigated to by mistake).
 */

/** Permissions our own page is granted. */
const APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export interface PermissionAsk {
  permission: string;
  /** The URL of the frame asking (Electron's `requestingUrl`); absent when not asked for a document. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

export function isPermissionAllowed(ask: PermissionAsk, isAppUrl: (url: string | undefined) => boolean): boolean {
  return APP_PERMISSIONS.has(ask.permission) && ask.isMainFrame && isAppUrl(ask.requestingUrl);
}
