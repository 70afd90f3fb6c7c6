import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Who may import whom (docs in /work/shared/design.md, "Who may know whom"). ESLint keeps one set of
 * options per rule and file, so each folder below gets every restriction that applies to it, built from
 * these pieces. test/architecture/import-boundaries.test.ts checks the same rules on the whole import
 * graph, dynamic imports included.
 */
const ELECTRON = { paths: [{ name: 'electron', message: 'Only the Electron shell files may import electron: loading it in plain Node starts its downloader.' }] };
const TEST_HELPERS = { regex: '(^|/)(test|test-support)/', message: 'Production code never imports test helpers (test/, test-support/).' };
const GATEWAY = { regex: '(^|/)gateway/', message: 'routing/ and gateway/ know nothing of each other: the API wires a GatewayTarget into the embedded router.' };
const ROUTING = { regex: '(^|/)routing/', message: 'gateway/ and routing/ know nothing of each other: shared helpers live in timing/.' };
const IPC = { regex: '(^|/)ipc/', message: 'The two transports share nothing but the API: what both need lives in api/.' };
const NODE = { group: ['node:*'], message: 'This code runs in the page: no Node modules.' };
const MAIN_SIDE = { regex: '(^|/)(main|preload|renderer)/', message: 'Contracts and the page-side client depend on nothing but shared/.' };
const PAGE = { regex: '(^|/)(main|preload)/', message: 'The renderer reaches main only through the bridge.' };

/** `no-restricted-imports` with these patterns, plus electron unless `electron: false`. */
function restrict(patterns, { electron = true } = {}) {
  return { 'no-restricted-imports': ['error', { ...(electron ? ELECTRON : {}), patterns }] };
}

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];
const SHELL = ['src/main/index.ts', 'src/main/electron/**', 'src/preload/index.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
      // Type-aware rules read the same tsconfig projects `npm run typecheck` builds.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Type-aware: the mistakes types can see and the compiler lets through. A promise nobody awaits or
      // catches (an unhandled rejection), a promise where a void callback is expected (an event handler
      // whose failure vanishes), an API its own types mark deprecated, awaiting a non-promise, throwing a
      // non-Error, an object stringified as "[object Object]".
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  // Plain JavaScript (the CLI launcher, the test servers, this file) is outside the TypeScript projects.
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  // Tests, scripts and tooling may load anything but electron (the tests and the CLI run in plain Node).
  { files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'scripts/**/*.ts', 'electron.vite.config.ts'], rules: restrict([]) },
  // Production code, folder by folder.
  { files: ['src/main/**/*.ts', 'src/preload/**/*.ts'], ignores: [...TESTS, ...SHELL], rules: restrict([TEST_HELPERS]) },
  { files: SHELL, rules: restrict([TEST_HELPERS], { electron: false }) },
  { files: ['src/main/routing/**/*.ts'], ignores: TESTS, rules: restrict([TEST_HELPERS, GATEWAY]) },
  { files: ['src/main/gateway/**/*.ts'], ignores: TESTS, rules: restrict([TEST_HELPERS, ROUTING]) },
  { files: ['src/main/server/**/*.ts'], ignores: TESTS, rules: restrict([TEST_HELPERS, IPC]) },
  { files: ['src/shared/**/*.ts', 'src/client/**/*.ts'], ignores: TESTS, rules: restrict([TEST_HELPERS, NODE, MAIN_SIDE]) },
  { files: ['src/renderer/**/*.{ts,tsx}'], ignores: [...TESTS, 'src/renderer/src/test-support/**'], rules: restrict([TEST_HELPERS, NODE, PAGE]) },
  // Renderer tests and their helpers run in a DOM, like the page.
  { files: ['src/renderer/**/*.test.{ts,tsx}', 'src/renderer/src/test-support/**'], rules: restrict([NODE, PAGE]) },
);
