// Memory readings of a soak: a node's RSS and V8 heap in use, read from its /metrics, and their growth
// (least-squares slope) after a warm-up. Pure functions, so the fit is unit-tested apart from any cluster.

/** The node exports prom-client's default metrics under this prefix (daemon/metrics.ts). */
export const RSS_METRIC = "pbft_process_resident_memory_bytes";
export const HEAP_METRIC = "pbft_nodejs_heap_size_used_bytes";

const MIB = 1024 * 1024;

/** The value of an unlabelled-or-labelled gauge in a Prometheus text exposition (the first series). */
export function metricValue(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)`, "m").exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  return Number.isFinite(v) ? v : undefined;
}

export interface MemorySample {
  readonly node: number;
  /** The process the sample was read from: a restarted node is a new lifetime. */
  readonly pid: number;
  /** Seconds since the start of the run. */
  readonly t: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
}

export interface Slope {
  /** MiB per hour; null with fewer than 3 samples after the warm-up. */
  readonly miBPerHour: number | null;
  readonly samples: number;
  readonly lifetimes: number;
}

export interface SlopeOptions {
  /** Samples before this (seconds since the start of the run) are warm-up. */
  readonly warmupEndS: number;
  /** A restarted process's own warm-up (seconds after its first sample): its heap and caches refill. */
  readonly restartWarmupS: number;
}

/**
 * The growth of one node's memory after the warm-up: ONE slope fitted over all its process lifetimes,
 * each lifetime with its own intercept (least squares on values centred per lifetime), so a restart's drop
 * to a fresh process does not read as shrinking and its refill does not read as growth. A lifetime that
 * began after the run's start (a restart) also drops its first `restartWarmupS` seconds.
 */
export function slopeOf(
  samples: readonly MemorySample[],
  value: (s: MemorySample) => number,
  o: SlopeOptions,
): Slope {
  const firstPid = samples[0]?.pid;
  const byLife = new Map<number, MemorySample[]>();
  for (const s of samples) {
    const life = byLife.get(s.pid) ?? [];
    if (life.length === 0) byLife.set(s.pid, life);
    life.push(s);
  }
  let sxy = 0;
  let sxx = 0;
  let used = 0;
  let lifetimes = 0;
  for (const [pid, life] of byLife) {
    const from = pid === firstPid ? o.warmupEndS : Math.max(o.warmupEndS, life[0]!.t + o.restartWarmupS);
    const kept = life.filter((s) => s.t >= from);
    if (kept.length < 2) continue;
    const mt = kept.reduce((a, s) => a + s.t, 0) / kept.length;
    const mv = kept.reduce((a, s) => a + value(s), 0) / kept.length;
    for (const s of kept) {
      sxy += (s.t - mt) * (value(s) - mv);
      sxx += (s.t - mt) ** 2;
    }
    used += kept.length;
    lifetimes++;
  }
  if (used < 3 || sxx === 0) return { miBPerHour: null, samples: used, lifetimes };
  return { miBPerHour: ((sxy / sxx) * 3600) / MIB, samples: used, lifetimes };
}

export function toMiB(bytes: number): number {
  return bytes / MIB;
}
