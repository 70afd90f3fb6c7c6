import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only the Electron shell files may import electron (loading it in plain Node starts its downloader);
    // everything else, the desktop policies in src/main/desktop/ included, must load in plain Node.
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.ts', 'electron.vite.config.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    // The renderer cannot reach Node.
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '**/main/**', 'electron'] }],
    },
  },
);
