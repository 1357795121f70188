// Test support: a ledger on disk whose entries carry signed heads every 8 heights, signed by the fixture's
// members the way a stable checkpoint's proof is.
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
