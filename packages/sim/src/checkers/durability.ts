import { toHex } from "@pbft/consensus";
import type { SimNode } from "../sim-node.js";

export interface Submitted {
  readonly clientKey: Uint8Array;
  readonly number: number;
}

/** Requests a client holds f+1 replies from distinct members for (it has a receipt). */
export function receipted(
  members: readonly SimNode[],
  submitted: readonly Submitted[],
  f: number,
): Submitted[] {
  return submitted.filter((s) => {
    const hex = toHex(s.clientKey);
    const from = members.filter((n) =>
      n.replies.some((r) => r.requestNumber === s.number && toHex(r.clientKey) === hex),
    );
    return from.length >= f + 1;
  });
}

/** Every receipted request is in the ledger of every honest member once the faults heal. */
export function checkDurability(
  honest: readonly SimNode[],
  receiptedRequests: readonly Submitted[],
): string | null {
  for (const s of receiptedRequests) {
    const hex = toHex(s.clientKey);
    for (const n of honest)
      if ((n.clientNumbers.get(hex) ?? 0) < s.number)
        return `receipted request ${hex.slice(0, 8)}/${s.number} missing from replica ${n.id}`;
  }
  return null;
}
