// Runs the test mocks (OpenAI mock and the Plano stand-in in front of it) in a worker thread, so the
// servers' work does not share an event loop with the clients being measured. Plain ESM: no TS loader needed.
import { clearInterval, setInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import { startOpenAIMock } from '../../test/mocks/openai-mock.mjs';
import { startPlanoStandin } from '../../test/mocks/plano-standin.mjs';

const { apiKey, streamChunks } = workerData;
const openai = await startOpenAIMock({ apiKey, backlog: 4096 });

/** Streams asking for model `held-stream` send their first chunk, then wait for a 'release' message. */
let release = () => {};
let gate = new Promise((resolve) => (release = resolve));

/** Behaviour by the requested model; the rest by streaming or not. */
const WORDS = 'the quick brown fox jumps over the lazy dog';
const BEHAVIOURS = {
  // One second of streaming: 8 chunks 125 ms apart.
  'slow-stream': () => ({ reply: WORDS, chunks: 8, chunkDelayMs: 125 }),
  'held-stream': () => ({ reply: WORDS, chunks: 8, holdAfterChunks: 1, release: gate }),
  // Two parallel calls, each call's arguments in 4 pieces.
  'tool-stream': () => ({
    toolCalls: [
      { id: 'call_bench_1', name: 'weather', arguments: { city: 'Oslo', days: 3, units: 'metric' } },
      { id: 'call_bench_2', name: 'local_time', arguments: { city: 'Oslo', format: '24h' } },
    ],
    toolChunks: 4,
  }),
};
openai.behave((record) => {
  const body = record.body && typeof record.body === 'object' ? record.body : {};
  const special = BEHAVIOURS[body.model];
  if (special) return special();
  return body.stream ? { reply: WORDS, chunks: streamChunks } : { reply: 'pong' };
});
const plano = await startPlanoStandin({
  env: { OPENAI_API_KEY: apiKey },
  config: {
    version: 'v0.4.0',
    listeners: [{ type: 'model', name: 'llm', port: 12000 }],
    model_providers: [{ model: 'openai/gpt-4o-mock', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true }],
  },
});

// The mocks record every request; drop old records so a long run does not grow the worker's heap.
const trim = setInterval(() => {
  if (openai.requests.length > 1000) openai.requests.splice(0, openai.requests.length - 100);
  if (plano.requests.length > 1000) plano.requests.splice(0, plano.requests.length - 100);
  if (plano.forwarded.length > 1000) plano.forwarded.splice(0, plano.forwarded.length - 100);
}, 500);

parentPort.postMessage({ type: 'ready', openaiUrl: openai.url, planoOrigin: plano.origin, planoUrl: plano.url });
parentPort.on('message', async (message) => {
  if (message === 'release') {
    release();
    gate = new Promise((resolve) => (release = resolve));
    parentPort.postMessage({ type: 'released' });
  } else if (message === 'close') {
    clearInterval(trim);
    release();
    await Promise.all([openai.close(), plano.close()]);
    parentPort.postMessage({ type: 'closed' });
  }
});
