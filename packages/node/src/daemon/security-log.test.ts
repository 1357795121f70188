import type { Effect, ReplicaId } from "@pbft/consensus";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { keyFingerprint, SecurityLog, securityReportsOf } from "./security-log.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { lines, logger };
}

const MEMBERS = [0, 1, 2, 3].map((i) => ({
  name: `node${i}`,
  peerId: `peer${i}`,
  votePublicKey: String(i).repeat(64),
}));

describe("the security log", () => {
  it("logs one warn line per event and source per window, counts every event, and sums what it held back", () => {
    const { lines, logger } = capture();
    let t = 0;
    const counted: string[] = [];
    const log = new SecurityLog({ logger, now: () => t, count: (e) => counted.push(e), windowMs: 1000 });
    const stranger = { event: "unauthorised-proposer", reason: "unauthorised-proposer" } as const;
    for (let i = 0; i < 100; i++) log.report({ ...stranger, keyFingerprint: "sha256:aa", peerId: "p1" });
    log.report({ ...stranger, keyFingerprint: "sha256:bb", peerId: "p2" });
    expect(counted).toHaveLength(101);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 40,
      event: "unauthorised-proposer",
      reason: "unauthorised-proposer",
      keyFingerprint: "sha256:aa",
      peerId: "p1",
      msg: "security: unauthorised proposer",
    });
    t = 1000; // the next window: the summary first, then the source may log again
    log.report({ ...stranger, keyFingerprint: "sha256:aa", peerId: "p1" });
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatchObject({
      level: 40,
      event: "suppressed",
      suppressed: { "unauthorised-proposer": 99 },
      sources: 1,
    });
    expect(lines[3]).toMatchObject({ event: "unauthorised-proposer", keyFingerprint: "sha256:aa" });
  });

  it("a flood of distinct sources is capped per window, then summed when the window ends", () => {
    const { lines, logger } = capture();
    let t = 0;
    const log = new SecurityLog({ logger, now: () => t, linesPerWindowMax: 30, windowMs: 60_000 });
    for (let i = 0; i < 10_000; i++)
      log.report({ event: "non-member-peer", reason: "inbound-encrypted", peerId: `peer-${i}` });
    expect(lines).toHaveLength(30);
    t = 60_000;
    log.stop();
    expect(lines).toHaveLength(31);
    expect(lines[30]).toMatchObject({ event: "suppressed", suppressed: { "non-member-peer": 9970 } });
  });

  it("stop() with nothing held back writes nothing", () => {
    const { lines, logger } = capture();
    new SecurityLog({ logger }).stop();
    expect(lines).toEqual([]);
  });
});

describe("the core's security events", () => {
  it("bad member signatures, a member passing on a bad client signature, and equivocation; not other rejections", () => {
    const slot = { kind: "prepare", view: 0, seq: 1 } as const;
    const effects = [
      { kind: "rejected", reason: "bad-signature", from: 2 as ReplicaId },
      { kind: "rejected", reason: "sender-mismatch", from: 1 as ReplicaId },
      { kind: "rejected", reason: "bad-client-signature", from: 3 as ReplicaId },
      { kind: "rejected", reason: "bad-client-signature", from: "client" },
      { kind: "rejected", reason: "duplicate", from: 1 as ReplicaId },
      { kind: "rejected", reason: "stale-view", from: 1 as ReplicaId },
      { kind: "equivocation", evidence: { member: 3 as ReplicaId, slot, first: {}, second: {} } },
    ] as unknown as Effect[];
    const reports = securityReportsOf(effects, MEMBERS);
    expect(reports.map((r) => [r.event, r.reason, r.member])).toEqual([
      ["bad-member-signature", "bad-signature", 2],
      ["bad-member-signature", "sender-mismatch", 1],
      ["bad-client-signature", "bad-client-signature", 3],
      ["equivocation", "equivocation", 3],
    ]);
    expect(reports[0]).toMatchObject({
      memberName: "node2",
      peerId: "peer2",
      keyFingerprint: keyFingerprint("2".repeat(64)),
    });
    expect(keyFingerprint("2".repeat(64))).toMatch(/^sha256:[0-9a-f]{32}$/);
  });
});
