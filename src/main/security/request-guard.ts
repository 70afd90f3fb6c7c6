import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The loopback servers' gatekeeping (browser mode and the local endpoint): the token, Host/Origin checks
 * against DNS rebinding (a page on evil.example that resolves to 127.0.0.1 sends `Host: evil.example`,
 * and a cross-site page sends its own Origin), and bodies read only up to a limit.
 */

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/** The `host:port` values a legitimate page of ours sends (the loopback names, plus the bound host). */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const bare = boundHost.replace(/^\[|\]$/g, '');
  if (bare !== '0.0.0.0' && bare !== '::') names.add(isIP(bare) === 6 ? `[${bare}]` : bare);
  return new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
}

export type GuardFailure = { status: 401 | 403; message: string };

/**
 * Host must be one of ours; Origin, when the browser sends one, must be one of ours too. A request with no
 * Origin (curl, the same-origin GET of the page) passes this check and still needs the token for the API.
 */
export function checkHostAndOrigin(
  headers: { host?: string | undefined; origin?: string | undefined },
  allowed: ReadonlySet<string>,
): GuardFailure | undefined {
  const host = headers.host?.toLowerCase();
  if (!host || !allowed.has(host)) return { status: 403, message: 'forbidden host' };
  if (headers.origin !== undefined && headers.origin !== 'null') {
    let originHost: string;
    try {
      const url = new URL(headers.origin);
      if (url.protocol !== 'http:') return { status: 403, message: 'forbidden origin' };
      originHost = url.host.toLowerCase();
    } catch {
      return { status: 403, message: 'forbidden origin' };
    }
    if (!allowed.has(originHost)) return { status: 403, message: 'forbidden origin' };
  } else if (headers.origin === 'null') {
    return { status: 403, message: 'forbidden origin' };
  }
  return undefined;
}

/** The body as text, or 'too-large' as soon as it passes the limit (without reading the rest). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
