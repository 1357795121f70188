// The consensus state is saved in parts: only the prepared certificates that changed are written.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableState, pbft } from "@pbft/consensus";
import { afterAll, describe, expect, it } from "vitest";
import { encodeLegacyDurableState } from "./consensus-state.js";
import { CONSENSUS_LEGACY_KEY, PREPARED_PARTS, seqFromPreparedPartKey } from "./keys.js";
import { type KvOp, MemoryKv } from "./kv.js";
import { MemoryLedger } from "./memory-ledger.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture("durable-test");
const root = mkdtempSync(join(tmpdir(), "ledger-consensus-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function proof(seq: number, view = 0): pbft.PreparedProof {
  const payload = pbft.ReplicaMessage.encode({
    prePrepare: { view, seq, batchDigest: randomBytes(32), requests: [] },
  }).finish();
  return pbft.PreparedProof.create({
    prePrepare: { payload, signer: 0, signature: randomBytes(64) },
    prepares: [{ payload: randomBytes(40), signer: 1, signature: randomBytes(64) }],
  });
}

function state(prepared: pbft.PreparedProof[], stableSeq = 0, view = 1): DurableState {
  return {
    view,
    viewChanging: false,
    stableSeq,
    stableDigest: randomBytes(32),
    checkpointProof: [],
    prepared,
  };
}

const seqs = (s: DurableState | null) =>
  (s?.prepared ?? []).map((p) => Number(pbft.ReplicaMessage.decode(p.prePrepare!.payload!).prePrepare!.seq));

/** A MemoryKv that records which prepared parts each batch puts and deletes. */
class RecordingKv extends MemoryKv {
  readonly writes: { put: number[]; del: number[] }[] = [];
  override async batch(ops: readonly KvOp[]): Promise<void> {
    const parts = ops.filter(
      (o) => Buffer.compare(o.key, PREPARED_PARTS.gte) >= 0 && Buffer.compare(o.key, PREPARED_PARTS.lt) < 0,
    );
    this.writes.push({
      put: parts.filter((o) => o.type === "put").map((o) => seqFromPreparedPartKey(o.key)),
      del: parts.filter((o) => o.type === "del").map((o) => seqFromPreparedPartKey(o.key)),
    });
    return super.batch(ops);
  }
}

describe("consensus state in parts", () => {
  it("writes only changed certificates, deletes collected ones, and reads back the latest state", async () => {
    const kv = new RecordingKv();
    const l = await Ledger.open(kv, fx.cluster);
    await l.saveConsensusState(state([proof(1), proof(2)]));
    expect(seqs(await l.loadConsensusState())).toEqual([1, 2]);
    const c = proof(3);
    kv.writes.length = 0;
    // The load made new objects: a save of what was loaded writes nothing of them.
    const loaded = (await l.loadConsensusState())!;
    await l.saveConsensusState(state([loaded.prepared[0]!, c], 0, 2)); // 1 unchanged, 2 collected, 3 new
    expect(kv.writes).toEqual([{ put: [3], del: [2] }]);
    const back = await l.loadConsensusState();
    expect(back?.view).toBe(2);
    expect(seqs(back)).toEqual([1, 3]);
    expect(Buffer.from(pbft.PreparedProof.encode(back!.prepared[1]!).finish())).toEqual(
      Buffer.from(pbft.PreparedProof.encode(c).finish()),
    );
    await l.close();
  });

  it("survives a reopen on disk; parts at or below the stable checkpoint are deleted by the next save", async () => {
    const dir = join(root, "disk");
    const l = await Ledger.open(dir, fx.cluster);
    await l.saveConsensusState(state([proof(4), proof(5), proof(6)], 3));
    await l.close();
    const again = await Ledger.open(dir, fx.cluster);
    const loaded = (await again.loadConsensusState())!;
    expect(seqs(loaded)).toEqual([4, 5, 6]);
    await again.saveConsensusState({ ...loaded, stableSeq: 5, prepared: loaded.prepared.slice(2) });
    await again.close();
    const third = await Ledger.open(dir, fx.cluster);
    expect(seqs(await third.loadConsensusState())).toEqual([6]);
    await third.close();
  });

  it("reads a legacy single-blob state, then continues in parts and drops the blob", () => {
    const kv = new MemoryKv();
    kv.batchSync([
      {
        type: "put",
        key: CONSENSUS_LEGACY_KEY,
        value: encodeLegacyDurableState(state([proof(5), proof(6)], 4)),
      },
    ]);
    const l = MemoryLedger.open(kv, fx.cluster);
    const legacy = l.loadConsensusState();
    expect(seqs(legacy)).toEqual([5, 6]);
    l.saveConsensusState(state([...legacy!.prepared.slice(1), proof(7)], 5));
    expect(kv.getSync(CONSENSUS_LEGACY_KEY)).toBeUndefined();
    expect(seqs(MemoryLedger.open(kv, fx.cluster).loadConsensusState())).toEqual([6, 7]);
  });

  it("a save right after open (no load) still deletes the parts a previous run left", () => {
    const kv = new MemoryKv();
    MemoryLedger.open(kv, fx.cluster).saveConsensusState(state([proof(1), proof(2)]));
    const reopened = MemoryLedger.open(kv, fx.cluster);
    reopened.saveConsensusState(state([proof(3)]));
    expect(seqs(reopened.loadConsensusState())).toEqual([3]);
  });

  it("nothing saved yet reads as null; bytes no version wrote are refused", () => {
    const kv = new MemoryKv();
    expect(MemoryLedger.open(kv, fx.cluster).loadConsensusState()).toBeNull();
    kv.batchSync([{ type: "put", key: CONSENSUS_LEGACY_KEY, value: new Uint8Array([9, 0]) }]);
    expect(() => MemoryLedger.open(kv, fx.cluster).loadConsensusState()).toThrow(/unknown format version 9/);
  });
});
