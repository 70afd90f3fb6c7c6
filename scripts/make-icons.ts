import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { writeIcns, writeIco } from './icon-formats';
import { TRAY_ICON_STATES, type TrayIconState } from '../src/main/desktop/tray-view';

/**
 * `npm run icons`: every icon the app and its installers need, rendered from resources/icon.svg (offline,
 * with resvg) and committed under resources/:
 * - icons/NxN.png   the Linux icon set (electron-builder's linux.icon) and the window icon (256)
 * - icon.png        1024 px, the fallback electron-builder derives others from
 * - icon.ico        Windows (16 to 256 px)
 * - icon.icns       macOS (16 to 1024 px, with the @2x variants)
 * - tray/tray-<state>.png and @2x: the tray item, the mark with a dot for the gateway's state
 */

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024];

export const TRAY_COLOURS: Record<TrayIconState, string> = {
  off: '#868e96',
  ready: '#2f9e44',
  restarting: '#f59f00',
  fallback: '#e03131',
};

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

/**
 * The tray icon: the source cropped to its rounded square (at 16 px the margin would waste a quarter of
 * the pixels) with a status dot in the corner, ringed in white so it reads on dark and light bars.
 */
export function traySvg(source: string, state: TrayIconState): string {
  const dot = `<circle cx="760" cy="760" r="190" fill="${TRAY_COLOURS[state]}" stroke="#ffffff" stroke-width="56"/>`;
  return source.replace(/viewBox="[^"]*"/, 'viewBox="100 100 824 824"').replace('</svg>', `${dot}</svg>`);
}

/** Every generated file, by path under resources/. */
export function iconFiles(source: string): Map<string, Buffer> {
  const bySize = new Map<number, Buffer>(LINUX_SIZES.map((size) => [size, render(source, size)]));
  const files = new Map<string, Buffer>();
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, bySize.get(size)!);
  files.set('icon.png', bySize.get(1024)!);
  files.set('icon.ico', writeIco(ICO_SIZES.map((size) => ({ size, png: bySize.get(size)! }))));
  files.set('icon.icns', writeIcns(new Map(ICNS_SIZES.map((size) => [size, bySize.get(size)!]))));
  for (const state of TRAY_ICON_STATES) {
    const svg = traySvg(source, state);
    files.set(`tray/tray-${state}.png`, render(svg, 16));
    files.set(`tray/tray-${state}@2x.png`, render(svg, 32));
  }
  return files;
}

export const RESOURCES = resolve(import.meta.dirname, '../resources');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = iconFiles(readFileSync(join(RESOURCES, 'icon.svg'), 'utf8'));
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(RESOURCES, path)), { recursive: true });
    writeFileSync(join(RESOURCES, path), bytes);
  }
  process.stdout.write(`wrote ${files.size} files under resources/\n`);
}
