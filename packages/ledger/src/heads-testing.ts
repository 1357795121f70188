// Test support: a ledger on disk whose entries carry signed heads every 8 heights, signed by the fixture's
// members the way a stable checkpoint's proof is; and a ledger on disk driven through configuration changes
// (ConfigWorld) that stores a head at every checkpoint, signed by the members of the epoch in force there.
import { rotateOp, testKey } from "./config-testing.js";
import { ConfigWorld } from "./config-world.js";
import { headFromProof, type SignedHead } from "./signed-head.js";
import { Ledger } from "./store.js";
import type { Fixture } from "./test-fixture.js";

const ID = (n: number) => `01J${String(n).padStart(23, "0")}`;

export async function ledgerWithHeads(
  fx: Fixture,
  dir: string,
  entries: number,
  signers: readonly number[] = [0, 1, 2],
  every = 8,
): Promise<SignedHead[]> {
  const ledger = await Ledger.open(dir, fx.cluster);
  const heads: SignedHead[] = [];
  try {
    for (let h = ledger.head().height + 1; h <= entries; h++) {
      const requests = [
        fx.request({ id: ID(h), type: "decision", title: `t${h}`, content: {}, source: "s" }, h),
      ];
      const out = await ledger.execute({
        seq: h,
        view: 0,
        requests,
        certificate: fx.certify(0, h, requests),
      });
      if (h % every === 0) {
        const proof = fx.checkpointProof(h, out.entryHash, out.treeRoot, signers);
        const head = headFromProof(fx.cluster.clusterId, proof)!;
        await ledger.putSignedHead(head);
        heads.push(head);
      }
    }
  } finally {
    await ledger.close();
  }
  return heads;
}

export interface EpochsLedger {
  readonly world: ConfigWorld;
  readonly ledger: Ledger;
  /** Every head stored, lowest first. */
  readonly heads: SignedHead[];
}

/**
 * A ledger at `dir` through six configuration changes (epochs 0..6: add a member, rotate two vote keys,
 * change the proposers and a parameter, remove the added member), with `records` decisions per epoch (6 more
 * in the last) and a
 * signed head stored at every checkpoint (every 4 heights, so at every boundary). `saveProofs` lists the
 * epochs whose boundary signatures are also saved as the node does (f+1 attestations); the other boundaries
 * are vouched for by their stored head. The ledger is left open (the caller closes it). Deterministic: the
 * same calls on another dir give the same entries, so two ledgers can be forked after any height.
 */
export async function ledgerThroughEpochs(
  dir: string,
  options: { readonly records?: number; readonly saveProofs?: readonly number[]; readonly tag?: string } = {},
): Promise<EpochsLedger> {
  let ledger: Ledger | undefined;
  const heads: SignedHead[] = [];
  const world = new ConfigWorld(async (batches) => {
    const outs = await ledger!.executeMany(batches);
    for (const out of outs) {
      const h = out.entry.height;
      if (h % 4 !== 0) continue;
      const head = world.signedHead(ledger!.epochAt(h), h, out.entryHash, out.treeRoot);
      await ledger!.putSignedHead(head);
      heads.push(head);
    }
    return outs;
  });
  ledger = await Ledger.open(dir, world.genesis);
  const l = ledger;
  const records = async (n: number, tag = "r") => {
    for (let i = 0; i < n; i++)
      await world.submit({
        id: world.nextId(),
        type: "decision",
        title: `${tag}${world.height}`,
        content: {},
        source: "s",
      });
  };
  const steps = [
    () => [{ op: "add-member" as const, card: world.member("node4", { port: 7040 }).card }],
    () => [
      rotateOp(world.clusterId, world.keyOf("node1"), world.member("node1", { vote: testKey("node1-2") })),
    ],
    () => [{ op: "add-proposer" as const, name: "second", publicKey: testKey("second-proposer").hex }],
    () => [{ op: "set-parameters" as const, parameters: { batchSizeMax: 64 } }],
    () => [{ op: "remove-member" as const, name: "node4" }],
    () => [
      rotateOp(world.clusterId, world.keyOf("node2"), world.member("node2", { vote: testKey("node2-2") })),
    ],
  ];
  for (const step of steps) {
    await records(options.records ?? 3);
    const from = world.epoch;
    const { boundary } = await world.reconfigure(step());
    if (options.saveProofs?.includes(from.epoch)) {
      const entry = (await l.get(boundary))!;
      await l.saveBoundaryProof(
        boundary,
        world.vouch(from, boundary, entry.entryHash, "attestation", from.config.f + 1),
      );
    }
  }
  // Past the next checkpoint (heads of the last epoch); `tag` titles these only: two ledgers built with two
  // tags share every epoch and fork in the last one.
  await records((options.records ?? 3) + 6, options.tag);
  return { world, ledger: l, heads };
}
