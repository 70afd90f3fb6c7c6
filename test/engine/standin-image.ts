import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type Docker from 'dockerode';

/**
 * A local image that runs the Node Plano stand-in (test/mocks/plano-standin.mjs), built without a registry:
 * a FROM-scratch image holding only busybox and an entrypoint; the host's node binary, its shared libraries
 * and the project folder are bind-mounted read-only at run time (see `standinBinds`).
 *
 * Behaviour switches, like real Plano's failure modes:
 * - the `crashloop` tag prints a config error on stderr and exits 1 at once (Plano with a bad config);
 * - a host folder mounted at /control: while it holds a `crash` file, the healthy image crashes the same
 *   way (the file's text is the reason), so a test can make a restart fail and later recover;
 * - env STANDIN_HOST (default 0.0.0.0; use 127.0.0.1 with host networking), STANDIN_CONTROL=1 enables the
 *   stand-in's /__control endpoints (scripted /healthz failures), STANDIN_START_DELAY=<seconds> makes it
 *   start that late, deaf to SIGTERM meanwhile, as Plano's entrypoint is in its first moments.
 */

export const STANDIN_IMAGE = 'localhost/switchyard-plano-standin:test';
export const CRASHLOOP_IMAGE = 'localhost/switchyard-plano-standin:crashloop';
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

const ENTRY = `#!/bin/sh
# Stand-in for Plano's entrypoint: reads /app/plano_config.yaml and listens on its model listener port.
if [ "$STANDIN_MODE" = crash ]; then
  echo "plano: error: invalid configuration /app/plano_config.yaml: listeners[0]: unknown listener type (crash-loop stand-in)" >&2
  exit 1
fi
if [ -f /control/crash ]; then
  echo "plano: error: $(cat /control/crash)" >&2
  exit 1
fi
echo "plano stand-in: starting with /app/plano_config.yaml"
# Plano's entrypoint takes a while and ignores SIGTERM meanwhile (a shell as PID 1 without a trap does too).
if [ -n "$STANDIN_START_DELAY" ]; then sleep "$STANDIN_START_DELAY"; fi
set -- --config /app/plano_config.yaml --host "\${STANDIN_HOST:-0.0.0.0}"
if [ -n "$STANDIN_CONTROL" ]; then set -- "$@" --control; fi
exec node /project/test/mocks/plano-standin.mjs "$@"
`;

const APPLETS = ['sh', 'cat', 'ls', 'sleep', 'env', 'test'];

const RECIPE_LABEL = 'io.switchyard.standin-recipe';

function dockerfile(extra: string): string {
  return ['FROM scratch', 'COPY rootfs/ /', 'ENV PATH=/bin:/usr/local/bin', extra, 'ENTRYPOINT ["/bin/sh", "/standin/entry.sh"]', ''].join('\n');
}

/** Changes whenever the image contents would: an image built from the same recipe is reused. */
function recipe(): string {
  return createHash('sha256').update(ENTRY).update(dockerfile('')).update(APPLETS.join(',')).digest('hex').slice(0, 16);
}

async function builtFromRecipe(docker: Docker, tag: string, wanted: string): Promise<boolean> {
  try {
    const info = await docker.getImage(tag).inspect();
    return info.Config?.Labels?.[RECIPE_LABEL] === wanted;
  } catch {
    return false;
  }
}

/** Folders holding node's shared libraries, as the dynamic loader will look for them (from ldd). */
export function nodeLibraryDirs(nodePath = process.execPath): string[] {
  const out = execFileSync('ldd', [nodePath], { encoding: 'utf8' });
  const dirs = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) dirs.add(dirname(m[1]!));
  }
  return [...dirs];
}

/** Read-only binds that make node, its libraries and the project (stand-in + node_modules) visible. */
export function standinBinds(controlDir?: string): string[] {
  const binds = [`${realpathSync(process.execPath)}:/usr/local/bin/node:ro`, `${PROJECT_ROOT}:/project:ro`];
  for (const dir of nodeLibraryDirs()) binds.push(`${realpathSync(dir)}:${dir}:ro`);
  if (controlDir) binds.push(`${controlDir}:/control:ro`);
  return binds;
}

async function build(docker: Docker, context: string, tag: string): Promise<void> {
  const stream = await docker.buildImage({ context, src: ['Dockerfile', 'rootfs'] }, { t: tag, rm: true });
  await new Promise<void>((resolvePromise, reject) => {
    docker.modem.followProgress(
      stream,
      (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(JSON.stringify(error))) : resolvePromise()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        if (event.error || event.errorDetail) reject(new Error(`building ${tag}: ${event.errorDetail?.message ?? event.error}`));
      },
    );
  });
  await docker.getImage(tag).inspect();
}

/** Builds both tags (about 0.2 s each) unless images from the same recipe exist; safe to call again. */
export async function buildStandinImages(docker: Docker): Promise<void> {
  const wanted = recipe();
  if ((await builtFromRecipe(docker, STANDIN_IMAGE, wanted)) && (await builtFromRecipe(docker, CRASHLOOP_IMAGE, wanted))) return;
  const context = mkdtempSync(join(tmpdir(), 'switchyard-standin-'));
  try {
    const rootfs = join(context, 'rootfs');
    for (const dir of ['bin', 'standin', 'app', 'control', 'project', 'usr/local/bin', 'lib', 'lib64', 'etc', 'tmp', 'proc', 'sys', 'dev']) {
      mkdirSync(join(rootfs, dir), { recursive: true });
    }
    chmodSync(join(rootfs, 'tmp'), 0o1777);
    copyFileSync('/bin/busybox', join(rootfs, 'bin/busybox'));
    chmodSync(join(rootfs, 'bin/busybox'), 0o755);
    for (const applet of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', applet));
    writeFileSync(join(rootfs, 'standin/entry.sh'), ENTRY, { mode: 0o755 });
    const label = `LABEL ${RECIPE_LABEL}=${wanted}`;
    writeFileSync(join(context, 'Dockerfile'), dockerfile(label));
    await build(docker, context, STANDIN_IMAGE);
    writeFileSync(join(context, 'Dockerfile'), dockerfile(`${label}\nENV STANDIN_MODE=crash`));
    await build(docker, context, CRASHLOOP_IMAGE);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
