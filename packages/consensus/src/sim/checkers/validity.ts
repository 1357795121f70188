import { toHex } from "../../hashing.js";
import { pbft } from "../../messages.js";
import { signedBytes } from "../../signing.js";
import type { FakeVerifier, Node } from "../../testing/harness.js";

/** Only requests signed by an authorised client key are executed. */
export function checkValidity(
  honest: readonly Node[],
  clusterId: string,
  authorised: ReadonlySet<string>,
  verifier: FakeVerifier,
  fromHeight: ReadonlyMap<number, number>,
): string | null {
  for (const n of honest)
    for (const e of n.ledger.slice(fromHeight.get(n.id) ?? 0))
      for (const r of e.requests) {
        const body = pbft.RequestBody.decode(r.body);
        if (!authorised.has(toHex(body.clientKey))) return `replica ${n.id} height ${e.seq}: unknown client`;
        if (!verifier.verifyClient(body.clientKey, signedBytes("request", clusterId, r.body), r.signature))
          return `replica ${n.id} height ${e.seq}: bad client signature executed`;
      }
  return null;
}
