// The API's heads and inclusion proofs (issue 17), served from the node's HeadKeeper in the ledger's own
// formats (pbft-signed-head/1, pbft-inclusion-proof/1), so what /v1 returns is what `pbft ledger head`,
// `verify --min-head` and the witness take.

import type { InclusionProof, SignedHead } from "@pbft/ledger";
import type { HeadKeeper } from "../daemon/heads.js";
import type { HeadSource } from "./server.js";

export function headSourceOf(keeper: HeadKeeper): HeadSource {
  return {
    async latest(): Promise<SignedHead | null> {
      return (await keeper.latest()) ?? null;
    },
    async inclusion(height: number): Promise<InclusionProof | null> {
      const proof = await keeper.inclusion(height);
      // A string says why there is none (not under a head yet, no such entry): the route answers 404.
      return typeof proof === "string" ? null : proof;
    },
  };
}
