import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { findElectronBinary, launchPlan } from './electron-binary';

/** `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev), with a clear word when Electron is missing. */

const ROOT = resolve(import.meta.dirname, '..');
const [command, ...rest] = process.argv.slice(2);
if (command !== 'preview' && command !== 'dev') {
  process.stderr.write('usage: start-electron.ts preview|dev [electron-vite options]\n');
  process.exit(2);
}

const plan = launchPlan(findElectronBinary(resolve(ROOT, 'node_modules/electron')), resolve(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), command, rest);
if ('fail' in plan) {
  process.stderr.write(plan.fail.message);
  process.exit(plan.fail.exitCode);
}
const child = spawn(process.execPath, plan.run.args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...plan.run.env } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
