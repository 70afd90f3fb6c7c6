// The local endpoint as the app runs it — the API core, its Direct router and the endpoint server — in a
// process of its own (bench-child.ts) and bundled as the app bundles main (bundle.ts): its clients are other
// processes, as in the app. Messages: 'memory' → {heapUsed, rss} after GC; 'cpu' → process.cpuUsage();
// 'timings' → the server's time per request (request in to response out) and the router's share; 'close'.
import { subscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiCore } from '../../src/main/api/api-core';
import { createLocalEndpoint } from '../../src/main/endpoint/endpoint-service';
import { createRouter } from '../../src/main/routing/router-factory';
import { EnvironmentSecrets } from '../../src/main/stores/environment-secrets';
import { HistoryStore } from '../../src/main/stores/history-store';
import { SettingsStore } from '../../src/main/stores/settings-store';
import { memorySnapshot } from './memory';

const { openaiUrl, apiKey, model } = JSON.parse(process.argv[2]!) as { openaiUrl: string; apiKey: string; model: string };
const dir = await mkdtemp(join(tmpdir(), 'switchyard-bench-endpoint-'));
await writeFile(
  join(dir, 'config.yaml'),
  `providers:\n  openai:\n    type: openai\n    base_url: ${openaiUrl}\n    api_key: $BENCH_KEY\n    default_model: ${model}\n    models: [${model}, slow-stream, held-stream]\nendpoint:\n  enabled: true\n`,
);
const core = createApiCore({
  settings: await SettingsStore.open(join(dir, 'config.yaml')),
  history: await HistoryStore.open(join(dir, 'history')),
  secrets: new EnvironmentSecrets(),
  env: { BENCH_KEY: apiKey },
  routerFactory: (config) => createRouter(config),
  endpoint: createLocalEndpoint({ dataDir: dir, override: { port: 0 } }),
});
const status = await core.services.endpoint.settled();
if (!status.running) throw new Error(`endpoint did not start: ${status.error?.message}`);
// Server time per request: from the request's arrival to its response's end, as Node's HTTP server reports them.
const arrived = new WeakMap<object, number>();
const serverMs: number[] = [];
subscribe('http.server.request.start', (message) => arrived.set((message as { request: object }).request, performance.now()));
subscribe('http.server.response.finish', (message) => {
  const at = arrived.get((message as { request: object }).request);
  if (at !== undefined) serverMs.push(performance.now() - at);
});

const send = (message: object, then: () => void = () => undefined): void => void process.send!(message, then);
send({ type: 'ready', url: status.url, key: await core.services.endpoint.revealKey() });
process.on('message', (message: string) => void onMessage(message));

async function onMessage(message: string): Promise<void> {
  if (message === 'memory') send({ type: 'memory', ...memorySnapshot() });
  else if (message === 'cpu') send({ type: 'cpu', ...process.cpuUsage() });
  else if (message === 'timings') {
    const routerMs = core.services.traffic.view().entries.map((e) => e.latencyMs ?? Number.NaN);
    send({ type: 'timings', serverMs: serverMs.splice(0), routerMs });
  } else if (message === 'close') {
    await core.close();
    await rm(dir, { recursive: true, force: true });
    // Exits rather than waiting for idle handles, so a CPU profile (--cpu-prof) is written.
    send({ type: 'closed' }, () => process.exit(0));
  }
}
