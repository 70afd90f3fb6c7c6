import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, pngSize, readIcns, readIco, writeIco } from './icon-formats';
import { iconFiles, LINUX_SIZES, RESOURCES } from './make-icons';

const committed = (path: string): Buffer => readFileSync(join(RESOURCES, path));

describe('icons under resources/', () => {
  const generated = iconFiles(readFileSync(join(RESOURCES, 'icon.svg'), 'utf8'));

  it('are exactly what `npm run icons` makes from icon.svg (regenerate and commit after editing the source)', () => {
    for (const [path, bytes] of generated) expect(committed(path).equals(bytes), `${path} differs: run npm run icons`).toBe(true);
  });

  it('Linux set: one PNG per size, named NxN.png as electron-builder expects', () => {
    for (const size of LINUX_SIZES) expect(pngSize(committed(`icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    expect(pngSize(committed('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('Windows .ico: 16 to 256 px, each entry a PNG of the size its header claims', () => {
    const entries = readIco(committed('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of entries) expect(pngSize(entry.png)).toEqual({ width: entry.size, height: entry.size });
  });

  it('macOS .icns: every PNG type from 16 to 1024 px', () => {
    const entries = readIcns(committed('icon.icns'));
    expect(entries.map((e) => e.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    for (const entry of entries) {
      const { size } = ICNS_TYPES.find((t) => t.type === entry.type)!;
      expect(pngSize(entry.png)).toEqual({ width: size, height: size });
    }
  });

  it('tray: 16 px and @2x for every gateway state, each visibly different', () => {
    const states = ['off', 'ready', 'restarting', 'fallback'];
    for (const state of states) {
      expect(pngSize(committed(`tray/tray-${state}.png`))).toEqual({ width: 16, height: 16 });
      expect(pngSize(committed(`tray/tray-${state}@2x.png`))).toEqual({ width: 32, height: 32 });
    }
    expect(new Set(states.map((s) => committed(`tray/tray-${s}.png`).toString('base64'))).size).toBe(states.length);
  });
});

describe('icon formats', () => {
  it('refuses what .ico cannot hold and what is not a PNG', () => {
    expect(() => writeIco([{ size: 512, png: Buffer.alloc(0) }])).toThrow(/at most 256/);
    expect(() => pngSize(Buffer.from('GIF89a............................'))).toThrow(/not a PNG/);
  });
});
