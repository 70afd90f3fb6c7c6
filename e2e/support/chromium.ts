import { isExecutable } from '../../scripts/electron-binary';

/**
 * Debian's Chromium: no browser can be downloaded on these machines, so Playwright must use the system one.
 * CHROMIUM_PATH overrides it (a developer's own Chrome, for example).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet, offline and cheap on a 2-core machine without a GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];


/** Why the browser specs cannot run here, or undefined when they can. */
export function chromiumMissingReason(): string | undefined {
  if (isExecutable(CHROMIUM_PATH)) return undefined;
  return `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`;
}

export const isCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/** `use.launchOptions` for Debian's Chromium; a spec that needs more flags must pass them through this. */
export function chromiumLaunchOptions(extraArgs: string[] = []): { executablePath: string; args: string[] } {
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] };
}
