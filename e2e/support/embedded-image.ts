import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type Docker from 'dockerode';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A self-contained Plano stand-in image for the end-to-end journeys. The engine tests' stand-in image
 * bind-mounts node and the project at run time, but the app (`switchyard serve`) creates the container
 * from its own settings, which have no bind option; so this image carries node, its libraries, the
 * stand-in and `yaml` inside. Built FROM scratch with busybox (no registry is reachable), about 100 MB,
 * rebuilt only when node or the stand-in changes (the content hash is the tag).
 *
 * `STANDIN_MODE=crash` in the container's environment makes it exit at once with a config error on stderr,
 * as real Plano does with a bad config: the crash-looping image of journey 3.
 */
export const E2E_IMAGE_REPO = 'localhost/switchyard-e2e-plano';

const ENTRY = `#!/bin/sh
if [ "$STANDIN_MODE" = crash ]; then
  echo "plano: error: invalid configuration /app/plano_config.yaml: listeners[0]: unknown listener type (crash-loop stand-in)" >&2
  exit 1
fi
echo "plano stand-in: starting with /app/plano_config.yaml"
exec /usr/local/bin/node /project/test/mocks/plano-standin.mjs --config /app/plano_config.yaml --host "\${STANDIN_HOST:-0.0.0.0}"
`;

const STANDIN_FILES = ['plano-standin.mjs', 'plano-standin-render.mjs', 'plano-standin-routing.mjs', 'mock-http.mjs'];

function contentTag(): string {
  const hash = createHash('sha256');
  hash.update(ENTRY);
  hash.update(process.version);
  for (const file of STANDIN_FILES) hash.update(`${file}:${statSync(join(ROOT, 'test/mocks', file)).mtimeMs}`);
  return hash.digest('hex').slice(0, 12);
}

async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Builds the image unless this exact content is already there; returns its reference. */
export async function ensureE2EImage(docker: Docker): Promise<string> {
  const ref = `${E2E_IMAGE_REPO}:${contentTag()}`;
  if (await imageExists(docker, ref)) return ref;
  const context = mkdtempSync(join(tmpdir(), 'switchyard-e2e-image-'));
  try {
    const rootfs = join(context, 'rootfs');
    for (const dir of ['bin', 'standin', 'app', 'usr/local/bin', 'project/test/mocks', 'project/node_modules', 'tmp', 'proc', 'sys', 'dev', 'etc']) {
      mkdirSync(join(rootfs, dir), { recursive: true });
    }
    chmodSync(join(rootfs, 'tmp'), 0o1777);
    copyFileSync('/bin/busybox', join(rootfs, 'bin/busybox'));
    chmodSync(join(rootfs, 'bin/busybox'), 0o755);
    for (const applet of ['sh', 'cat', 'ls', 'sleep', 'env']) symlinkSync('busybox', join(rootfs, 'bin', applet));
    writeFileSync(join(rootfs, 'standin/entry.sh'), ENTRY, { mode: 0o755 });
    copyFileSync(realpathSync(process.execPath), join(rootfs, 'usr/local/bin/node'));
    chmodSync(join(rootfs, 'usr/local/bin/node'), 0o755);
    // Node's shared libraries and the dynamic loader, at the paths the binary asks for.
    for (const lib of nodeLibraries()) {
      mkdirSync(join(rootfs, dirname(lib)), { recursive: true });
      copyFileSync(realpathSync(lib), join(rootfs, lib));
    }
    for (const file of STANDIN_FILES) copyFileSync(join(ROOT, 'test/mocks', file), join(rootfs, 'project/test/mocks', file));
    cpSync(join(ROOT, 'node_modules/yaml'), join(rootfs, 'project/node_modules/yaml'), { recursive: true, dereference: true });
    writeFileSync(join(rootfs, 'project/package.json'), JSON.stringify({ name: 'standin', type: 'module' }));
    writeFileSync(
      join(context, 'Dockerfile'),
      ['FROM scratch', 'COPY rootfs/ /', 'ENV PATH=/bin:/usr/local/bin', 'ENTRYPOINT ["/bin/sh", "/standin/entry.sh"]', ''].join('\n'),
    );
    const stream = await docker.buildImage({ context, src: ['Dockerfile', 'rootfs'] }, { t: ref, rm: true });
    await new Promise<void>((done, fail) => {
      docker.modem.followProgress(
        stream,
        (error: unknown) => (error ? fail(error instanceof Error ? error : new Error(JSON.stringify(error))) : done()),
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          if (event.error || event.errorDetail) fail(new Error(`building ${ref}: ${event.errorDetail?.message ?? event.error}`));
        },
      );
    });
    return ref;
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** The shared objects `ldd` says node loads, the loader included (as absolute paths). */
function nodeLibraries(): string[] {
  const out = execFileSync('ldd', [realpathSync(process.execPath)], { encoding: 'utf8' });
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}
