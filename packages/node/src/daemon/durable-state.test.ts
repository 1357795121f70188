// The consensus state is persisted in parts: only the prepared certificates that changed are written.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableState, pbft } from "@pbft/consensus";
import { Ledger, parseClusterConfig } from "@pbft/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { DurableStateWriter, encodeDurableState } from "./durable-state.js";

const loadDurableState = (l: Ledger) => new DurableStateWriter(l).load();

const cluster = parseClusterConfig({
  version: 1,
  clusterId: "durable-test",
  f: 1,
  members: [0, 1, 2, 3].map((id) => ({
    id,
    name: `n${id}`,
    peerId: `peer${id}`,
    addresses: ["/ip4/127.0.0.1/tcp/1"],
    votePublicKey: randomBytes(32).toString("hex"),
  })),
  proposers: [],
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function ledger(): Promise<Ledger> {
  const d = mkdtempSync(join(tmpdir(), "durable-"));
  dirs.push(d);
  return Ledger.open(d, cluster);
}

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

describe("durable state in parts", () => {
  it("writes only changed certificates, deletes collected ones, and reads back the latest state", async () => {
    const l = await ledger();
    const w = new DurableStateWriter(l);
    const a = proof(1);
    const b = proof(2);
    await w.write(state([a, b]));
    expect(seqs(await loadDurableState(l))).toEqual([1, 2]);
    const calls: { put: number[]; del: number[] }[] = [];
    const save = l.saveConsensusParts.bind(l);
    l.saveConsensusParts = (u) => {
      calls.push({ put: u.put.map(([s]) => s), del: [...u.del] });
      return save(u);
    };
    const c = proof(3);
    await w.write(state([a, c], 0, 2)); // a unchanged, b collected, c new
    expect(calls).toEqual([{ put: [3], del: [2] }]);
    const back = await loadDurableState(l);
    expect(back?.view).toBe(2);
    expect(seqs(back)).toEqual([1, 3]);
    expect(Buffer.from(pbft.PreparedProof.encode(back!.prepared[1]!).finish())).toEqual(
      Buffer.from(pbft.PreparedProof.encode(c).finish()),
    );
    await l.close();
  });

  it("reads a database written in the single-blob format, then continues in parts", async () => {
    const l = await ledger();
    await l.saveConsensusState(encodeDurableState(state([proof(5), proof(6)], 4)));
    const w = new DurableStateWriter(l);
    const legacy = await w.load();
    expect(seqs(legacy)).toEqual([5, 6]);
    await w.write(state([...legacy!.prepared.slice(1), proof(7)], 5));
    expect(seqs(await loadDurableState(l))).toEqual([6, 7]);
    await l.close();
  });

  it("nothing persisted yet reads as null", async () => {
    const l = await ledger();
    expect(await loadDurableState(l)).toBeNull();
    await l.close();
  });
});
