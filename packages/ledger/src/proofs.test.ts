// Inclusion and consistency proofs read from a ledger, in their JSON forms, checked with the genesis alone;
// a proof of the wrong size, one under a head of another history, and a rollback each fail with their code.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@pbft/consensus";
import { afterEach, describe, expect, it } from "vitest";
import { ledgerWithHeads } from "./heads-testing.js";
import { readHistory } from "./history.js";
import {
  checkConsistency,
  ProofError,
  proveConsistency,
  proveInclusion,
  verifyConsistencyProof,
  verifyInclusionProof,
} from "./proofs.js";
import { makeFixture } from "./test-fixture.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "proofs-"));
  dirs.push(d);
  return d;
}

const fx = makeFixture();
const codeOf = (f: () => unknown): string => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

describe("proofs over a ledger", () => {
  it("proves every entry under a head and the head's extension of an older one", async () => {
    const dir = join(tmp(), "data");
    const heads = await ledgerWithHeads(fx, dir, 24);
    const h = await readHistory(dir, fx.cluster.clusterId);
    expect(h.leaves).toHaveLength(24);
    expect(h.heads.map((x) => x.height)).toEqual([8, 16, 24]);
    const head = heads[2]!;
    for (let height = 1; height <= 24; height++) {
      const p = proveInclusion(
        fx.cluster.clusterId,
        h.leaves,
        height,
        head,
        toHex(h.entryHashes[height - 1]!),
      );
      expect(codeOf(() => verifyInclusionProof(JSON.parse(JSON.stringify(p)), fx.cluster))).toBe("ok");
    }
    const p = proveInclusion(fx.cluster.clusterId, h.leaves, 5, head, toHex(h.entryHashes[4]!));
    expect(codeOf(() => verifyInclusionProof({ ...p, path: p.path.slice(1) }, fx.cluster))).toBe(
      "wrong-proof-length",
    );
    expect(codeOf(() => verifyInclusionProof({ ...p, path: [...p.path, p.path[0]] }, fx.cluster))).toBe(
      "wrong-proof-length",
    );
    expect(codeOf(() => verifyInclusionProof({ ...p, entryHash: "cd".repeat(32) }, fx.cluster))).toBe(
      "root-mismatch",
    );
    expect(codeOf(() => verifyInclusionProof({ ...p, head: { ...head, signatures: [] } }, fx.cluster))).toBe(
      "too-few-signers",
    );
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 2],
    ] as const) {
      const c = proveConsistency(fx.cluster.clusterId, h.leaves, heads[a]!, heads[b]!);
      expect(codeOf(() => verifyConsistencyProof(JSON.parse(JSON.stringify(c)), fx.cluster))).toBe("ok");
    }
    const c = proveConsistency(fx.cluster.clusterId, h.leaves, heads[0]!, heads[2]!);
    expect(codeOf(() => verifyConsistencyProof({ ...c, path: c.path.slice(0, -1) }, fx.cluster))).toBe(
      "wrong-proof-length",
    );
    // a rollback: the new head below the old one
    expect(codeOf(() => checkConsistency(heads[2]!, heads[0]!, []))).toBe("bad-size");
  });

  it("a head of another history (a fork) yields no proof here and fails consistency", async () => {
    const a = join(tmp(), "a");
    const headsA = await ledgerWithHeads(fx, a, 16);
    const hA = await readHistory(a, fx.cluster.clusterId);
    // a head whose root is not this history's: the prover refuses
    const forged = { ...headsA[1]!, treeRoot: "ee".repeat(32) };
    expect(() =>
      proveInclusion(fx.cluster.clusterId, hA.leaves, 3, forged, toHex(hA.entryHashes[2]!)),
    ).toThrow(ProofError);
    // a consistency proof from one history checked against a head of another fails
    const c = proveConsistency(fx.cluster.clusterId, hA.leaves, headsA[0]!, headsA[1]!);
    expect(
      codeOf(() =>
        checkConsistency(
          { ...headsA[0]!, treeRoot: "ee".repeat(32) },
          headsA[1]!,
          c.path.map((x) => Buffer.from(x, "hex")),
        ),
      ),
    ).toBe("root-mismatch");
  });
});
