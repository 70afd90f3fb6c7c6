/**
 * The renderer's Content-Security-Policy for each way it is served:
 * - production: the meta tag in the built index.html (the Electron window's file:// page, and browser mode,
 *   where it applies together with the header below). Scripts and styles only from the app's own files.
 *   connect-src allows loopback WebSockets because browser mode carries its API over one.
 * - dev: the same page from Vite's dev server, which injects styles as <style> elements and React
 *   Refresh's preamble as an inline module script; both need 'unsafe-inline', so only dev gets it.
 * - browser: the HTTP header `switchyard serve` sends, naming the exact WebSocket hosts it answers on and
 *   forbidding framing (frame-ancestors only works as a header).
 */
export type CspMode = 'production' | 'dev' | 'browser';

export function contentSecurityPolicy(mode: CspMode, options: { websocketHosts?: readonly string[] } = {}): string {
  const inline = mode === 'dev' ? " 'unsafe-inline'" : '';
  const websockets =
    mode === 'browser'
      ? // CSP host sources cannot be IPv6 literals; a page opened on [::1] is covered by 'self' (CSP3).
        (options.websocketHosts ?? []).filter((host) => !host.startsWith('[')).map((host) => `ws://${host}`)
      : ['ws://127.0.0.1:*', 'ws://localhost:*'];
  return [
    "default-src 'self'",
    `script-src 'self'${inline}`,
    `style-src 'self'${inline}`,
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", ...websockets].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    ...(mode === 'browser' ? ["frame-ancestors 'none'"] : []),
    "form-action 'none'",
  ].join('; ');
}

/** The tag Vite puts first in index.html's <head>: the dev policy under the dev server, production otherwise. */
export function cspMetaTag(servedByDevServer: boolean): { tag: 'meta'; attrs: Record<string, string>; injectTo: 'head-prepend' } {
  return {
    tag: 'meta',
    attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(servedByDevServer ? 'dev' : 'production') },
    injectTo: 'head-prepend',
  };
}
