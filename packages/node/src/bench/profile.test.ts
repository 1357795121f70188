import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  breakdown,
  type CpuProfile,
  type CpuProfileNode,
  classifyProfile,
  formatBreakdown,
  frameCategory,
  readProfiles,
} from "./profile.js";

const ROOT = "file:///work/repo";
const NM = `${ROOT}/node_modules`;

function frame(id: number, functionName: string, url: string, children: number[] = []): CpuProfileNode {
  return { id, callFrame: { functionName, url }, children };
}

/**
 * A small profile: a consensus handler that verifies a signature (native leaf under node:crypto), writes
 * to a socket through yamux (native leaf under node:net), encodes with the generated protobuf code, and
 * hashes with node:crypto (transparent: the ledger's time); plus GC, idle and program time.
 */
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, "(root)", "", [2, 3, 4, 5, 20]),
    frame(2, "(garbage collector)", ""),
    frame(3, "(idle)", ""),
    frame(4, "(program)", ""),
    frame(5, "onMessage", `${ROOT}/packages/consensus/dist/replica.js`, [6, 8, 12, 14]),
    frame(6, "verify", "node:internal/crypto/sig", [7]),
    frame(7, "verifyOneShot", ""),
    frame(8, "sendFrame", `${NM}/@chainsafe/libp2p-yamux/dist/src/stream.js`, [9]),
    frame(9, "write", "node:net", [10]),
    frame(10, "writeBuffer", ""),
    frame(12, "encode", `${ROOT}/packages/consensus/dist/gen/pbft.js`, [13]),
    frame(13, "writeUint32", `${NM}/protobufjs/src/writer.js`),
    frame(14, "append", `${NM}/@pbft/ledger/dist/ledger.js`, [15]),
    frame(15, "digest", "node:internal/crypto/hash", [16]),
    frame(16, "digest", ""),
    frame(20, "processTicksAndRejections", "node:internal/process/task_queues", [21]),
    frame(21, "C_Sign", "", []),
  ],
  startTime: 1_000,
  endTime: 1_000 + 13 * 100, // the last sample stands for 100 µs too
  // 12 samples 100 µs apart: the first at startTime + 100.
  samples: [3, 7, 7, 10, 13, 16, 2, 4, 21, 3, 7, 12],
  timeDeltas: Array.from({ length: 12 }, () => 100),
};

describe("profile classifier", () => {
  it("names a category for frames it knows and passes native and helper frames to their caller", () => {
    expect(frameCategory("(garbage collector)", "")).toBe("gc");
    expect(frameCategory("verifyOneShot", "")).toBeUndefined();
    expect(frameCategory("writeBuffer", "")).toBeUndefined();
    expect(frameCategory("parse", "")).toBe("encoding");
    expect(frameCategory("verify", "node:internal/crypto/sig")).toBe("verify");
    expect(frameCategory("listOnTimeout", "node:internal/timers")).toBeUndefined();
    expect(frameCategory("x", `${NM}/pkcs11js/index.js`)).toBe("hsm");
    expect(frameCategory("x", `${NM}/it-pipe/dist/index.js`)).toBe("libp2p");
    expect(frameCategory("x", `${NM}/uint8arraylist/dist/index.js`)).toBe("libp2p");
    expect(frameCategory("x", `${NM}/@libp2p/tcp/dist/socket.js`)).toBe("libp2p");
    expect(frameCategory("x", `${NM}/classic-level/index.js`)).toBe("leveldb");
    expect(frameCategory("x", `${NM}/abstract-level/abstract-level.js`)).toBe("leveldb");
    expect(frameCategory("x", `${NM}/zod/v4/core.js`)).toBe("encoding");
    expect(frameCategory("x", `${NM}/@noble/hashes/sha2.js`)).toBeUndefined();
    expect(frameCategory("x", `${NM}/pino/lib/proto.js`)).toBe("other");
    expect(frameCategory("x", `${ROOT}/packages/consensus/dist/codec.js`)).toBe("encoding");
    expect(frameCategory("x", `${ROOT}/packages/consensus/dist/replica/view-change.js`)).toBe("consensus");
    expect(frameCategory("x", `${ROOT}/packages/ledger/dist/rules.js`)).toBe("ledger");
    expect(frameCategory("x", `${ROOT}/packages/hsm/dist/guard.js`)).toBe("hsm");
    expect(frameCategory("verifyClient", `${ROOT}/packages/hsm/dist/verify.js`)).toBe("verify");
    expect(frameCategory("createPublicKey", "node:internal/crypto/keys")).toBeUndefined();
    expect(frameCategory("sign", "node:internal/crypto/sig")).toBeUndefined();
    expect(frameCategory("x", `${ROOT}/packages/node/dist/daemon/node.js`)).toBe("daemon");
    expect(frameCategory("x", `${NM}/@pbft/consensus/dist/gen/pbft.js`)).toBe("encoding");
  });

  it("charges each sample to the first categorisable frame from its leaf up", () => {
    const { us, samples, covered } = classifyProfile(PROFILE);
    expect(covered).toBe(true);
    expect(samples).toMatchObject({ verify: 3, encoding: 2, libp2p: 1, ledger: 1, gc: 1, other: 2, idle: 2 });
    expect(us).toEqual({
      verify: 300, // verifyOneShot ×3 → verify in node:internal/crypto/sig
      hsm: 0,
      encoding: 200, // protobufjs and the generated code
      libp2p: 100, // writeBuffer → node:net
      leveldb: 0,
      ledger: 100, // the native digest → node:crypto hash → the ledger's append
      consensus: 0,
      daemon: 0,
      gc: 100,
      // program, and C_Sign under task_queues (no categorisable frame up to the root)
      other: 200,
      idle: 200,
    });
  });

  it("counts only the samples inside the measured window", () => {
    // Samples at 1100, 1200, ...: the window [1350, 1650] holds those at 1400, 1500 and 1600.
    const { us, covered } = classifyProfile(PROFILE, { fromUs: 1_350, toUs: 1_650 });
    expect(covered).toBe(true);
    // 1400: writeBuffer, 1500: protobufjs, 1600: digest (the last one clipped at the window's end).
    expect(us.libp2p).toBe(100);
    expect(us.encoding).toBe(100);
    expect(us.ledger).toBe(50);
    expect(us.verify + us.gc + us.idle + us.other).toBe(0);
    expect(classifyProfile(PROFILE, { fromUs: 0, toUs: 1_500 }).covered).toBe(false);
  });

  it("shares each node's main-thread CPU out by sample counts, its other threads' CPU as one row", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbft-profile-test-"));
    try {
      writeFileSync(join(dir, "CPU.20261204.230957.101.0.001.cpuprofile"), JSON.stringify(PROFILE));
      // The same samples, but the thread was descheduled for 10 ms before the first verify sample: the
      // wall time grows, the CPU it stands for does not.
      const stalled = {
        ...PROFILE,
        timeDeltas: PROFILE.timeDeltas.map((d, i) => (i === 2 ? 10_000 : d)),
        endTime: PROFILE.endTime + 9_900,
      };
      writeFileSync(join(dir, "CPU.20261204.230958.102.0.001.cpuprofile"), JSON.stringify(stalled));
      writeFileSync(join(dir, "notes.txt"), "not a profile");
      const profiles = readProfiles(dir, { fromUs: 0, toUs: 1e9 });
      expect([...profiles.keys()]).toEqual([101, 102]);
      expect(profiles.get(102)!.us.verify).toBeGreaterThan(10_000);
      expect(profiles.get(102)!.samples).toEqual(profiles.get(101)!.samples);
      // Two nodes, 10 proposals, each node 2,000 µs on its main thread and 2,500 µs in all.
      const nodes = [...profiles.values()].map((times) => ({
        times,
        mainThreadCpuUs: 2_000,
        processCpuUs: 2_500,
        profilerCpuUs: 100,
      }));
      const b = breakdown(nodes, 10, dir);
      expect(b.profiles).toBe(2);
      expect(b.cpuUsPerProposal).toBe(250);
      const row = (c: string) => b.rows.find((r) => r.category === c)!;
      expect(row("verify").usPerProposal).toBe(60); // 3 of 10 busy samples × 2,000 µs / 10 proposals
      expect(row("verify").percent).toBe(24);
      expect(row("threads").usPerProposal).toBe(40);
      expect(row("profiler").usPerProposal).toBe(10);
      expect(row("gc").usPerProposal).toBe(20);
      const busyRows = b.rows.filter((r) => r.category !== "idle");
      expect(busyRows.reduce((a, r) => a + r.usPerProposal, 0)).toBeCloseTo(250, 5);
      expect(formatBreakdown(b)).toMatch(/signature verification .* 60\.0 µs +24\.0 %/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
