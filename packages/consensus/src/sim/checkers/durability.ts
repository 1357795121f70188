import { toHex } from "../../hashing.js";
import type { Node } from "../../testing/harness.js";

export interface Submitted {
  readonly clientKey: Uint8Array;
  readonly number: number;
}

/** Requests a client holds f+1 replies from distinct honest members for (it has a receipt). */
export function receipted(honest: readonly Node[], submitted: readonly Submitted[], f: number): Submitted[] {
  return submitted.filter((s) => {
    const hex = toHex(s.clientKey);
    const from = honest.filter((n) =>
      n.replies.some((r) => r.requestNumber === s.number && toHex(r.clientKey) === hex),
    );
    return from.length >= f + 1;
  });
}

/** Every receipted request is in the ledger of every honest replica once the faults heal. */
export function checkDurability(
  honest: readonly Node[],
  receiptedRequests: readonly Submitted[],
): string | null {
  for (const s of receiptedRequests) {
    const hex = toHex(s.clientKey);
    for (const n of honest)
      if ((n.clients.get(hex)?.requestNumber ?? 0) < s.number)
        return `receipted request ${hex.slice(0, 8)}/${s.number} missing from replica ${n.id}`;
  }
  return null;
}
