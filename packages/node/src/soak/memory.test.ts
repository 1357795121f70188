import { describe, expect, it } from "vitest";
import { HEAP_METRIC, type MemorySample, metricValue, RSS_METRIC, slopeOf } from "./memory.js";

const MIB = 1024 * 1024;
const rss = (s: MemorySample) => s.rssBytes;

/** Samples every 10 s of one process whose RSS is `base + perHourMiB * t` MiB. */
function lifetime(pid: number, fromS: number, toS: number, baseMiB: number, perHourMiB: number) {
  const out: MemorySample[] = [];
  for (let t = fromS; t < toS; t += 10)
    out.push({
      node: 0,
      pid,
      t,
      rssBytes: (baseMiB + (perHourMiB * (t - fromS)) / 3600) * MIB,
      heapBytes: 0,
    });
  return out;
}

describe("metricValue", () => {
  const text = [
    "# HELP pbft_process_resident_memory_bytes Resident memory size in bytes.",
    "# TYPE pbft_process_resident_memory_bytes gauge",
    `${RSS_METRIC}{node="2",cluster="c"} 183246848`,
    `${HEAP_METRIC}_total{node="2"} 1`,
    `${HEAP_METRIC}{node="2",cluster="c"} 6.5e7`,
  ].join("\n");

  it("reads a labelled gauge, and not a metric whose name only starts the same", () => {
    expect(metricValue(text, RSS_METRIC)).toBe(183246848);
    expect(metricValue(text, HEAP_METRIC)).toBe(6.5e7);
  });

  it("is undefined for a metric that is absent", () => {
    expect(metricValue(text, "pbft_nothing")).toBeUndefined();
  });
});

describe("slopeOf", () => {
  const o = { warmupEndS: 150, restartWarmupS: 60 };

  it("fits the growth after the warm-up, in MiB per hour", () => {
    // Fast growth in the warm-up, then 36 MiB/h: only the latter counts.
    const warm = lifetime(1, 0, 150, 50, 3600);
    const steady = lifetime(1, 150, 600, 200, 36);
    const s = slopeOf([...warm, ...steady], rss, o);
    expect(s.miBPerHour).toBeCloseTo(36, 6);
    expect(s.samples).toBe(steady.length);
    expect(s.lifetimes).toBe(1);
  });

  it("fits one slope across a restart, without reading the drop or the refill as a trend", () => {
    // 18 MiB/h in both lifetimes; the restart drops RSS from ~200 to 80 MiB and refills fast for 60 s.
    const first = lifetime(1, 0, 300, 200, 18);
    const refill = lifetime(2, 300, 360, 80, 7200);
    const second = lifetime(2, 360, 600, 200, 18);
    const s = slopeOf([...first, ...refill, ...second], rss, o);
    expect(s.miBPerHour).toBeCloseTo(18, 6);
    expect(s.lifetimes).toBe(2);
    expect(s.samples).toBe(15 + second.length);
  });

  it("is null with too few samples after the warm-up", () => {
    expect(slopeOf(lifetime(1, 0, 170, 100, 10), rss, o).miBPerHour).toBeNull();
    expect(slopeOf([], rss, o)).toEqual({ miBPerHour: null, samples: 0, lifetimes: 0 });
  });
});
