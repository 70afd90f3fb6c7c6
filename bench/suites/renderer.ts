import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { BenchSuite, BenchTable } from '../types';

/**
 * Renderer performance in real Chromium, on the `?fake` build (the in-memory bridge, no main process):
 *  - a reply streaming at 200 tokens/s: long tasks (> 50 ms) while it streams;
 *  - a 2,000-message conversation: time to open it, then frame times while scrolling it end to end.
 * Page scripts are passed as strings: this file is type-checked without the DOM lib.
 */

export interface RendererFigures {
  stream: { tokens: number; tokensPerSecond: number; durationMs: number; longTasks: number; longTaskTotalMs: number; longTaskMaxMs: number; frameP95Ms: number };
  longConversation: { messages: number; openMs: number; scrollFrames: number; frameP50Ms: number; frameP95Ms: number; frameMaxMs: number; longTasks: number; renderedRows: number };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SCROLL_STEP_PX = 200;
const ROOT = resolve(import.meta.dirname, '../../src/renderer');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Records long tasks and animation-frame gaps from page start; read back with READ_PERF. */
const PERF_INIT = `
  window.__perf = { longTasks: [], frames: [], recording: false };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__perf.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  let last = 0;
  const tick = (t) => { if (window.__perf.recording && last) window.__perf.frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
`;

async function buildFakeRenderer(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const previous = process.env.VITE_SWITCHYARD_FAKE;
  process.env.VITE_SWITCHYARD_FAKE = '1';
  try {
    await build({ root: ROOT, base: './', configFile: false, plugins: [react()], logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (previous === undefined) delete process.env.VITE_SWITCHYARD_FAKE;
    else process.env.VITE_SWITCHYARD_FAKE = previous;
  }
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      let file = join(dir, decodeURIComponent(path));
      if (!file.startsWith(dir) || !(await stat(file).then((s) => s.isFile(), () => false))) file = join(dir, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/index.html` });
  }));
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface PerfDump {
  longTasks: { start: number; duration: number }[];
  frames: number[];
}

export async function measureRenderer(): Promise<RendererFigures> {
  const { chromium } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-renderer-bench-'));
  await buildFakeRenderer(dir);
  const { server, url } = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // ---- a reply streaming at 200 tokens/s --------------------------------------------------
    const tps = 200;
    const words = 1200;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(PERF_INIT);
    await page.goto(`${url}?fake&tps=${tps}&words=${words}`);
    await page.getByTestId('prompt-input').fill('Stream a long answer');
    await page.evaluate('window.__perf.longTasks.length = 0; window.__perf.recording = true; window.__streamStart = performance.now()');
    await page.getByTestId('prompt-input').press('Enter');
    await page.getByTestId('stop').waitFor({ state: 'visible' });
    await page.getByTestId('send').waitFor({ state: 'visible', timeout: 120_000 });
    const streamDuration = (await page.evaluate('performance.now() - window.__streamStart')) as number;
    const streamPerf = (await page.evaluate('window.__perf.recording = false, window.__perf')) as PerfDump;
    const tokens = Number(((await page.getByTestId('route-tokens').textContent()) ?? '').match(/(\d+) out/)?.[1] ?? 0);
    await page.close();

    // ---- a 2,000-message conversation -------------------------------------------------------
    const messages = 2000;
    const page2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page2.addInitScript(PERF_INIT);
    await page2.goto(`${url}?fake&long=${messages}`);
    const item = page2.getByText(`Long conversation (${messages})`);
    await item.waitFor();
    await page2.evaluate('window.__perf.longTasks.length = 0; window.__openStart = performance.now()');
    await item.click();
    await page2.locator(`[data-testid="message-list"][data-total="${messages}"] [role="listitem"]`).first().waitFor();
    // Opened = the first frame painted after the list is in the DOM.
    const openMs = (await page2.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - window.__openStart))))')) as number;
    const renderedRows = await page2.locator('[data-testid="message-list"] [role="listitem"]').count();
    // Scroll from the end to the top at SCROLL_STEP_PX a frame (12,000 px/s at 60 Hz: a fast trackpad fling).
    await page2.evaluate('window.__perf.longTasks.length = 0; window.__perf.frames.length = 0; window.__perf.recording = true');
    await page2.evaluate(`new Promise((done) => {
      const el = document.querySelector('[data-testid="message-list"]');
      const step = () => {
        if (el.scrollTop <= 0) { done(); return; }
        el.scrollTop = Math.max(0, el.scrollTop - ${SCROLL_STEP_PX});
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`);
    const scrollPerf = (await page2.evaluate('window.__perf.recording = false, window.__perf')) as PerfDump;
    await page2.close();

    const longTaskTotal = streamPerf.longTasks.reduce((n, t) => n + t.duration, 0);
    return {
      stream: {
        tokens,
        tokensPerSecond: tps,
        durationMs: Math.round(streamDuration),
        longTasks: streamPerf.longTasks.length,
        longTaskTotalMs: Math.round(longTaskTotal),
        longTaskMaxMs: Math.round(Math.max(0, ...streamPerf.longTasks.map((t) => t.duration))),
        frameP95Ms: round1(percentile(streamPerf.frames, 95)),
      },
      longConversation: {
        messages,
        openMs: Math.round(openMs),
        scrollFrames: scrollPerf.frames.length,
        frameP50Ms: round1(percentile(scrollPerf.frames, 50)),
        frameP95Ms: round1(percentile(scrollPerf.frames, 95)),
        frameMaxMs: round1(Math.max(0, ...scrollPerf.frames)),
        longTasks: scrollPerf.longTasks.length,
        renderedRows,
      },
    };
  } finally {
    await browser.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

const suite: BenchSuite = {
  name: 'renderer',
  async run(): Promise<BenchTable[]> {
    const f = await measureRenderer();
    const s = f.stream;
    const l = f.longConversation;
    return [
      {
        title: `Renderer: a reply streaming at ${s.tokensPerSecond} tokens/s (Chromium, fake bridge)`,
        columns: ['tokens', 'duration ms', 'long tasks (>50 ms)', 'long-task total ms', 'longest task ms', 'frame p95 ms'],
        rows: [[s.tokens, s.durationMs, s.longTasks, s.longTaskTotalMs, s.longTaskMaxMs, s.frameP95Ms]],
        notes: [
          `Goal: no long tasks while streaming: ${s.longTasks === 0 ? 'PASS' : `MISS (${s.longTasks})`}.`,
          'Headless Chromium with --disable-gpu rasterises in software and shares the CPU with everything else on the machine; compare runs on the same machine only.',
        ],
      },
      {
        title: `Renderer: open and scroll a ${l.messages}-message conversation`,
        columns: ['open ms', 'rows in DOM', 'scroll frames', 'frame p50 ms', 'frame p95 ms', 'worst frame ms', 'long tasks'],
        rows: [[l.openMs, l.renderedRows, l.scrollFrames, l.frameP50Ms, l.frameP95Ms, l.frameMaxMs, l.longTasks]],
        notes: [
          `Scrolled end to top at ${SCROLL_STEP_PX} px a frame. Goal: opens in under 1 s (${l.openMs < 1000 ? 'PASS' : 'MISS'}) and scrolls at frame p50 <= 20 ms (${l.frameP50Ms <= 20 ? 'PASS' : 'MISS'}).`,
          'Only a window of rows is in the DOM (virtualised); "rows in DOM" shows how many.',
        ],
      },
    ];
  },
};

export default suite;
