import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Starts (or finds) a Docker-API engine and builds the Plano stand-in image once for the engine tests.
    globalSetup: ['test/engine/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Renderer tests opt into a DOM with `// @vitest-environment happy-dom` at the top of the file.
    environment: 'node',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      // The Electron shell files load only inside Electron (tsc against electron.d.ts is their check here).
      exclude: ['src/**/*.test.{ts,tsx}', 'src/main/index.ts', 'src/main/electron/**', 'src/preload/index.ts', 'src/**/*.d.ts'],
      reporter: ['text-summary', 'text', 'json-summary'],
      thresholds: {
        'src/main/routing/**': { lines: 85 },
        'src/main/providers/**': { lines: 85 },
        'src/main/gateway/**': { lines: 85 },
        'src/main/http/**': { lines: 85 },
        'src/main/timing/**': { lines: 85 },
      },
    },
  },
});
