import { toHex } from "../../hashing.js";
import type { Node } from "../../testing/harness.js";

/** No two honest replicas commit different entries at the same height. */
export function checkAgreement(honest: readonly Node[]): string | null {
  const byHeight = new Map<number, { hash: string; id: number }>();
  for (const n of honest)
    for (const e of n.ledger) {
      const hash = toHex(e.entryHash);
      const prev = byHeight.get(e.seq);
      if (prev === undefined) byHeight.set(e.seq, { hash, id: n.id });
      else if (prev.hash !== hash)
        return `height ${e.seq}: replica ${prev.id} has ${prev.hash.slice(0, 16)}, replica ${n.id} has ${hash.slice(0, 16)}`;
    }
  return null;
}
