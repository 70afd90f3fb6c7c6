import { EXIT_INTERRUPTED } from './cli-io';
import { runCli } from './run-cli';

/**
 * The CLI entry (built to out/main/cli.js, started by bin/switchyard.js). Plain Node: nothing here or
 * below may import electron. Ctrl-C cancels the running request (exit 130); a second Ctrl-C exits now.
 */

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
  controller.abort();
});
// `switchyard route ... | head -1`: a closed pipe is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  });
} catch (error) {
  // A bug, not a user error: say so plainly, with the stack, and exit non-zero.
  process.stderr.write(`switchyard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
// Nothing should be left running, but an unread stdin (Ctrl-C while waiting for a piped prompt) or a
// lingering socket must not keep the process alive after the answer: stop reading, and as a last resort exit.
process.stdin.destroy();
setTimeout(() => process.exit(), 2_000).unref();
