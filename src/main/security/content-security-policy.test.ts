import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspMetaTag } from './content-security-policy';

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('production: scripts and styles only from the app, nothing inline or evaluated, no plugins, no base or form targets', () => {
    const csp = directives(contentSecurityPolicy('production'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'none'"]);
    // Only the app's own loopback WebSocket (browser mode), never a remote origin.
    expect(csp['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
    expect(contentSecurityPolicy('production')).not.toMatch(/unsafe|https?:|\s\*(\s|;|$)|wss?:\/\/\*/);
  });

  it("dev: only script and style gain 'unsafe-inline' (Vite's injected styles and React Refresh preamble); never eval", () => {
    const dev = directives(contentSecurityPolicy('dev'));
    const production = directives(contentSecurityPolicy('production'));
    expect(dev['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    const { 'script-src': _s, 'style-src': _t, ...devRest } = dev;
    const { 'script-src': _ps, 'style-src': _pt, ...productionRest } = production;
    expect(devRest).toEqual(productionRest);
    expect(contentSecurityPolicy('dev')).not.toContain('unsafe-eval');
  });

  it('browser mode header: the exact WebSocket hosts (IPv6 literals left to self), no framing', () => {
    const csp = directives(contentSecurityPolicy('browser', { websocketHosts: ['127.0.0.1:4123', 'localhost:4123', '[::1]:4123'] }));
    expect(csp['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:4123', 'ws://localhost:4123']);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
  });

  it('the meta tag carries the dev policy under the dev server and the strict one in a build', () => {
    expect(cspMetaTag(true).attrs.content).toBe(contentSecurityPolicy('dev'));
    expect(cspMetaTag(false)).toEqual({
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy('production') },
      injectTo: 'head-prepend',
    });
  });
});
