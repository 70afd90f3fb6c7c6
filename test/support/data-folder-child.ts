import { createInterface } from 'node:readline';
import { serializeError } from '../../src/shared/errors';
import { newId } from '../../src/main/stores/history-store';
import { EnvironmentSecrets } from '../../src/main/stores/environment-secrets';
import { composeApp } from '../../src/main/api/compose-app';

/**
 * A second Switchyard on a data folder, for the data-folder tests. `node --import tsx data-folder-child.ts
 * <dataDir> <task> [args]`, where task is:
 * - `append <conversationId> <count> <label>`: opens the folder, prints `ready`, waits for `go` on stdin,
 *   then appends `count` messages to the conversation and prints `done`;
 * - `stream <prompt>`: opens the folder and streams one chat, printing each part as a JSON line (the
 *   parent kills it mid-stream).
 * A failure to open the folder prints the error as JSON on stderr and exits 3.
 */
const [dataDir, task, ...args] = process.argv.slice(2);
if (!dataDir || !task) throw new Error('usage: data-folder-child <dataDir> append|stream ...');

let app;
try {
  app = await composeApp({ configPath: `${dataDir}/config.yaml`, dataDir, command: `test child ${task}`, secrets: new EnvironmentSecrets(), env: process.env, watchConfig: false });
} catch (error) {
  process.stderr.write(`${JSON.stringify(serializeError(error))}\n`);
  process.exit(3);
}

if (task === 'append') {
  const [conversationId, count, label] = args;
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  lines.close();
  process.stdin.destroy();
  for (let i = 0; i < Number(count); i++) {
    await app.history.appendMessages(conversationId!, [{ id: newId(), role: 'user', content: `${label} ${i}`, createdAt: Date.now(), status: 'complete' }]);
  }
  process.stdout.write('done\n');
  await app.close();
} else if (task === 'stream') {
  await app.core.streamChat({ request: { messages: [{ role: 'user', content: args[0] ?? 'hi' }] } }, (part, meta) => {
    process.stdout.write(`${JSON.stringify({ part, meta })}\n`);
  }, new AbortController().signal);
  await app.close();
}
