import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * A bench server in a process of its own, as the server a real client talks to would be: its work shares
 * neither an event loop nor a heap with the load generator's. It gets its settings as JSON in argv[2], says
 * `{type: 'ready', ...}` over IPC when it listens, answers one message per message it is sent, and exits
 * after 'close'. A `.ts` file runs under tsx; JavaScript (a bundle, an .mjs) runs on plain Node, as the app
 * does. `BENCH_CPU_PROF=<dir>` writes a CPU profile of each child there (node --cpu-prof).
 */
export interface BenchChild {
  ready: Record<string, string>;
  ask<T>(message: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startChild(url: URL, settings: unknown): Promise<BenchChild> {
  const loader = url.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child: ChildProcess = fork(fileURLToPath(url), [JSON.stringify(settings)], {
    execArgv: [...loader, ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${url.pathname} exited (${String(code)}) before answering`);
  });
  const next = <T>(): Promise<T> => Promise.race([once(child, 'message').then(([m]) => m as T), exited]);
  const ready = await next<Record<string, string>>();
  return {
    ready,
    ask: <T>(message: string) => {
      child.send(message);
      return next<T>();
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.send('close');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
