import { pathToFileURL } from 'node:url';

/**
 * Which URLs are "our page": the built renderer's folder (file://) in production, the dev server's origin
 * under `electron-vite dev`. IPC from any other frame is rejected and navigation anywhere else is denied.
 * No electron import: this is tested in plain Node.
 */
export interface AppUrl {
  /** What the window loads. */
  readonly entry: { kind: 'url'; url: string } | { kind: 'file'; path: string };
  isAppUrl(url: string | undefined | null): boolean;
}

export function appUrl(options: { rendererDir: string; devServerUrl?: string | undefined }): AppUrl {
  if (options.devServerUrl) {
    const origin = new URL(options.devServerUrl).origin;
    return {
      entry: { kind: 'url', url: options.devServerUrl },
      isAppUrl: (url) => {
        if (!url) return false;
        try {
          return new URL(url).origin === origin;
        } catch {
          return false;
        }
      },
    };
  }
  const dirUrl = pathToFileURL(options.rendererDir).href.replace(/\/?$/, '/');
  return {
    entry: { kind: 'file', path: `${options.rendererDir.replace(/\/$/, '')}/index.html` },
    isAppUrl: (url) => {
      if (!url) return false;
      try {
        const parsed = new URL(url);
        // compare without query/hash, and only after normalisation so `..` cannot climb out of the folder
        return parsed.protocol === 'file:' && `${parsed.origin === 'null' ? 'file://' : parsed.origin}${parsed.pathname}`.startsWith(dirUrl);
      } catch {
        return false;
      }
    },
  };
}

/** Links the app may hand to the system browser; anything else (file:, javascript:, custom schemes) is dropped. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}
