import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { parseDesktopEntry } from './scripts/desktop-entry';

/**
 * Packaging (`npm run dist`, which needs the network: electron-builder downloads Electron's binary for each
 * target). electron-builder rather than Electron Forge: one declarative file gives AppImage, .deb, dmg and
 * NSIS from the output electron-vite already builds (out/), without a second bundler pipeline.
 *
 * Layout in the package: out/ and package.json inside app.asar; resources/tray and the 256 px icon beside
 * it in the resources folder (extraResources), where src/main/config/app-layout.ts looks for them.
 */

// electron-builder sets Exec itself (and refuses one in the config); Name, Type and Comment come from the
// product name and description below.
const { Exec: _exec, Name: _name, Type: _type, Comment: comment, ...desktopEntry } = parseDesktopEntry(readFileSync('resources/linux/switchyard.desktop', 'utf8'));

const config: Configuration = {
  appId: 'dev.switchyard.app',
  productName: 'Switchyard',
  copyright: 'Copyright © Switchyard contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  files: ['package.json', 'out/main/**', 'out/preload/**', 'out/renderer/**', '!**/*.map'],
  extraResources: [
    { from: 'resources/tray', to: 'tray' },
    { from: 'resources/icons/256x256.png', to: 'icons/256x256.png' },
  ],
  asar: true,
  // No native module is needed at run time (dockerode's ssh2 addons are optional and unused on a socket).
  npmRebuild: false,
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    executableName: 'switchyard',
    category: 'Development',
    synopsis: 'Desktop LLM router with an embedded Plano gateway',
    ...(comment ? { description: comment } : {}),
    syncDesktopName: true,
    desktop: { entry: desktopEntry },
  },
  deb: { packageName: 'switchyard' },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
  },
  win: { target: ['nsis'], icon: 'resources/icon.ico' },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: 'Switchyard',
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
};

export default config;
