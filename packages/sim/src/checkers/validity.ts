import { pbft, signedBytes, toHex, type Verifier } from "@pbft/consensus";
import type { SimNode } from "../sim-node.js";

/** Only requests signed by an authorised client key are ever appended by an honest member. */
export class ValidityChecker {
  private readonly checked = new Map<number, number>();

  constructor(
    private readonly clusterId: string,
    private readonly authorised: ReadonlySet<string>,
    private readonly verifier: Verifier,
  ) {}

  check(honest: readonly SimNode[]): string | null {
    for (const n of honest) {
      for (let i = this.checked.get(n.id) ?? 0; i < n.appended.length; i++) {
        const e = n.appended[i]!;
        for (const r of e.requests) {
          const bodyBytes = r.body ?? new Uint8Array();
          const body = pbft.RequestBody.decode(bodyBytes);
          if (!this.authorised.has(toHex(body.clientKey)))
            return `replica ${n.id} height ${e.seq}: unknown client`;
          const bytes = signedBytes("request", this.clusterId, bodyBytes);
          if (!this.verifier.verifyClient(body.clientKey, bytes, r.signature ?? new Uint8Array()))
            return `replica ${n.id} height ${e.seq}: bad client signature executed`;
        }
      }
      this.checked.set(n.id, n.appended.length);
    }
    return null;
  }
}
