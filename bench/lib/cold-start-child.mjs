/**
 * One cold start, in a fresh process: load a client, send one chat request to the OpenAI mock, and print
 * {firstReplyMs, heapAfterLoad, heapAfterReply} as JSON. `performance.now()` counts from this process's
 * start, so firstReplyMs is process start → first reply. Heap figures (after a forced GC) only with
 * `--expose-gc`, in a separate run, since collecting costs time.
 *
 *   node [--expose-gc] cold-start-child.mjs <raw-undici|openai-sdk|switchyard> <baseUrl> <apiKey> [routerEntry] [configJson]
 */
import { performance } from 'node:perf_hooks';

const [client, baseUrl, apiKey, routerEntry, configJson] = process.argv.slice(2);
const MODEL = 'gpt-4o-mock';
const messages = [{ role: 'user', content: 'ping' }];

/** Loads the client and returns a function that sends the request and resolves to the reply text. */
async function load() {
  if (client === 'raw-undici') {
    const { request } = await import('undici');
    return async () => {
      const response = await request(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ model: MODEL, messages }),
      });
      const json = await response.body.json();
      return json.choices[0].message.content;
    };
  }
  if (client === 'openai-sdk') {
    const { default: OpenAI } = await import('openai');
    const openai = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 });
    return async () => (await openai.chat.completions.create({ model: MODEL, messages })).choices[0].message.content;
  }
  if (client === 'switchyard') {
    const { createRouter } = await import(routerEntry);
    const router = createRouter(JSON.parse(configJson));
    return async () => (await router.route({ messages })).content;
  }
  throw new Error(`unknown client ${client}`);
}

const heap = () => {
  if (typeof globalThis.gc !== 'function') return undefined;
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const send = await load();
const heapAfterLoad = heap();
const reply = await send();
const firstReplyMs = performance.now();
if (reply !== 'ping') throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
const heapAfterReply = heap();
process.stdout.write(`${JSON.stringify({ firstReplyMs, heapAfterLoad, heapAfterReply })}\n`);
process.exit(0);
