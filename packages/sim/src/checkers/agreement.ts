import { toHex } from "@pbft/consensus";
import type { SimNode } from "../sim-node.js";

/**
 * No two honest members hold different entries at the same height. It compares the entry hashes the
 * shipped ledger computed over the bytes it wrote, so a fork of the real chain (not of a model) fails it.
 * Incremental: each member's entries are compared once, as they are appended.
 */
export class AgreementChecker {
  private readonly byHeight = new Map<number, { readonly hash: string; readonly id: number }>();
  private readonly checked = new Map<number, number>();

  check(honest: readonly SimNode[]): string | null {
    for (const n of honest) {
      const from = this.checked.get(n.id) ?? 0;
      for (let i = from; i < n.appended.length; i++) {
        const e = n.appended[i]!;
        const hash = toHex(e.entryHash);
        const prev = this.byHeight.get(e.seq);
        if (prev === undefined) this.byHeight.set(e.seq, { hash, id: n.id });
        else if (prev.hash !== hash)
          return `height ${e.seq}: replica ${prev.id} has ${prev.hash.slice(0, 16)}, replica ${n.id} has ${hash.slice(0, 16)}`;
      }
      this.checked.set(n.id, n.appended.length);
    }
    return null;
  }
}
