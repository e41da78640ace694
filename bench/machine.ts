import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** What the numbers were measured on: they mean little without it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine skews results. */
  loadAverage: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/**
 * CPU time the whole machine spent busy so far, in microseconds (Linux /proc/stat), or
 * undefined elsewhere. Compared with the bench's own processes' CPU time over a run, it
 * shows how much other work competed for the cores.
 */
export function machineBusyMicros(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    // USER_HZ is 100 on every Linux we run on: one tick is 10 ms.
    return (user! + nice! + system! + irq! + softirq! + steal!) * 10_000;
  } catch {
    return undefined;
  }
}

export interface LoadSample {
  machine: number | undefined;
  own: NodeJS.CpuUsage;
  at: number;
}

export const sampleLoad = (): LoadSample => ({
  machine: machineBusyMicros(),
  own: process.cpuUsage(),
  at: performance.now(),
});

/**
 * Cores' worth of CPU that something other than this process (and `ourOtherMicros`, e.g.
 * a server child we measured) used since `since`: NaN where /proc/stat is missing.
 */
export function otherCores(since: LoadSample, ourOtherMicros = 0): number {
  const machine = machineBusyMicros();
  if (machine === undefined || since.machine === undefined) return Number.NaN;
  const own = process.cpuUsage(since.own);
  const elapsed = (performance.now() - since.at) * 1000;
  return Math.max(0, machine - since.machine - own.user - own.system - ourOtherMicros) / elapsed;
}

/** Above this much competing CPU (in cores), a timing is retried: the machine is shared. */
export const BUSY_MACHINE = 0.25;
