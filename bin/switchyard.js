#!/usr/bin/env node
// Launcher for the built CLI (out/main/cli.js, made by `npm run build`). Kept tiny and dependency-free
// so that a missing build gives a clear instruction instead of a module-not-found stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`switchyard: the CLI is not built yet (${cli} is missing).\nRun \`npm run build\` first.\n`);
  process.exit(2);
}
await import(pathToFileURL(cli).href);
