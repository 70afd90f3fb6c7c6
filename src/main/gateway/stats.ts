import type { EngineStatsSample } from './container-engine';

/** The parts of Docker's stats JSON we read (Podman's compat API sends the same shape). */
export interface RawDockerStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: { cache?: number; inactive_file?: number; total_inactive_file?: number } };
}

/** CPU % as `docker stats` shows it (100% = one core busy) and memory without the page cache. */
export function toStatsSample(raw: RawDockerStats): EngineStatsSample {
  const cpu = raw.cpu_stats ?? {};
  const pre = raw.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const mem = raw.memory_stats ?? {};
  const cache = mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? mem.stats?.cache ?? 0;
  const usage = Math.max(0, (mem.usage ?? 0) - cache);
  return {
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    memoryBytes: usage,
    memoryLimitBytes: mem.limit ?? 0,
  };
}
