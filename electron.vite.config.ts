import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { cspMetaTag } from './src/main/security/content-security-policy';

/** The renderer's CSP: strict in every build, relaxed for inline script and style under the dev server only. */
const contentSecurityPolicy: Plugin = {
  name: 'switchyard:content-security-policy',
  transformIndexHtml: { order: 'pre', handler: (_html, context) => [cspMetaTag(context.server !== undefined)] },
};

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the Electron shell. cli: plain Node (route, serve); it must never import electron.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file with its imports bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [contentSecurityPolicy, react()],
  },
});
