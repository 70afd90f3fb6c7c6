import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * Every installed package supports every Node we declare (`engines.node` in package.json): a newer major
 * that moved its floor past ours (the Vercel AI SDK 7 asks for Node 22) must be pinned to the last major
 * that still supports it, and a range we claim must not include a Node line a dependency skips. npm only
 * warns about this (EBADENGINE) and the code may even run, until a Node 22 API is reached. Read from the
 * lockfile, so it judges what `npm ci` installs.
 */

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

/** Electron's own toolchain: it runs on the Node inside Electron or only when packaging (`npm run dist`). */
const ELECTRON_TOOLCHAIN = /^(electron|node-abi|@electron\/.+|@electron-internal\/.+)$/;

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, LockEntry> };

describe('dependencies', () => {
  it('each declares support for every Node we claim to run on', () => {
    const declared = manifest.engines.node;
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const name = path.replace(/^.*node_modules\//, '');
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || range === undefined || ELECTRON_TOOLCHAIN.test(name)) continue;
      if (!semver.subset(declared, range)) refusing.push(`${name}@${entry.version} wants Node ${range}`);
    }
    expect(refusing, `Node ${declared} (package.json engines)`).toEqual([]);
  });
});
