import { bytesEqual, historyLeaf, merkleRoot, pbft, toHex } from "@pbft/consensus";
import { epochQuorum } from "@pbft/ledger";
import type { SimNode } from "../sim-node.js";

/**
 * Every stable checkpoint of an honest member is a signed head (issue 17): a quorum of byte-identical
 * checkpoints from distinct members, whose tree root is the root over that member's own entry hashes up to
 * the checkpoint (when it holds them), and the same root at the same height on every honest member.
 */
export class HeadsChecker {
  private readonly rootAt = new Map<number, { readonly root: string; readonly id: number }>();
  private readonly checked = new Map<number, number>();

  check(honest: readonly SimNode[]): string | null {
    for (const n of honest) {
      const from = this.checked.get(n.id) ?? 0;
      for (let i = from; i < n.stableProofs.length; i++) {
        const problem = this.one(n, n.stableProofs[i]!.seq, n.stableProofs[i]!.proof);
        if (problem !== null) return `replica ${n.id}, checkpoint ${n.stableProofs[i]!.seq}: ${problem}`;
      }
      this.checked.set(n.id, n.stableProofs.length);
    }
    return null;
  }

  private one(n: SimNode, seq: number, proof: readonly pbft.Envelope[]): string | null {
    const first = proof[0]?.payload;
    // A boundary adopted on the next epoch's certificates carries no proof (every member executed it).
    if (first === undefined)
      return n.ledger.epochs().some((e) => e.startHeight - 1 === seq) ? null : "empty proof";
    const signers = new Set(proof.map((e) => e.signer));
    // The quorum of the epoch the checkpoint was signed in (issue 16: n and f change with the epoch).
    const quorum = epochQuorum(n.ledger.epochAt(seq).config);
    if (signers.size < quorum || signers.size !== proof.length) return `${signers.size} distinct signers`;
    if (!proof.every((e) => bytesEqual(e.payload, first))) return "checkpoints in the proof differ";
    const c = pbft.ReplicaMessage.decode(first).checkpoint;
    const treeRoot = c?.treeRoot;
    if (treeRoot?.length !== 32) return "no tree root";
    const root = toHex(treeRoot);
    if (n.appended.length >= seq) {
      const own = toHex(merkleRoot(n.appended.slice(0, seq).map((e) => historyLeaf(e.entryHash))));
      if (own !== root)
        return `tree root ${root.slice(0, 16)} is not the root over its entries (${own.slice(0, 16)})`;
    }
    const prev = this.rootAt.get(seq);
    if (prev === undefined) this.rootAt.set(seq, { root, id: n.id });
    else if (prev.root !== root)
      return `tree root ${root.slice(0, 16)}, replica ${prev.id} has ${prev.root.slice(0, 16)}`;
    return null;
  }
}
