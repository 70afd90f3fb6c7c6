// The floor under any local hop: a minimal HTTP forwarder in its own process that passes each request to
// the upstream (undici, pooled keep-alive) and pipes the answer back — no parsing, no checks, no log.
// What the endpoint adds beyond this is its own work; this much every extra loopback hop costs.
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const { upstream } = JSON.parse(process.argv[2]);
const agent = new Agent({ keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000, headersTimeout: 0, bodyTimeout: 0 });
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function endToEnd(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

const server = createServer(async (req, res) => {
  try {
    const answer = await request(`${upstream}${req.url}`, { method: req.method, headers: endToEnd(req.headers), body: req.method === 'GET' ? null : req, dispatcher: agent });
    res.writeHead(answer.statusCode, endToEnd(answer.headers));
    await pipeline(answer.body, res);
  } catch (error) {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  }
});
server.keepAliveTimeout = 30_000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` });
});
process.on('message', async (message) => {
  if (message === 'cpu') return void process.send({ type: 'cpu', ...process.cpuUsage() });
  if (message !== 'close') return;
  server.closeAllConnections();
  server.close();
  await agent.close();
  process.send({ type: 'closed' }, () => process.exit(0));
});
