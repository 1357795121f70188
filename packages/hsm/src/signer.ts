import { createHash } from "node:crypto";
import type { Signer, VoteSlot } from "@pbft/consensus";
import type { DoubleSignGuard } from "./guard.js";
import type { HsmToken } from "./token.js";

export interface VoteSigner extends Signer {
  readonly publicKey: Uint8Array;
  close(): void;
}

/** The consensus core's synchronous Signer: guard first (durable), then the token signs. */
export function createVoteSigner(opts: {
  readonly token: HsmToken;
  readonly keyLabel: string;
  readonly guard: DoubleSignGuard;
}): VoteSigner {
  const publicKey = opts.token.publicKey(opts.keyLabel);
  return {
    publicKey,
    sign(bytes: Uint8Array, slot: VoteSlot): Uint8Array {
      opts.guard.authorize(slot, createHash("sha256").update(bytes).digest());
      return opts.token.sign(opts.keyLabel, bytes);
    },
    close(): void {
      opts.guard.close();
      opts.token.close();
    },
  };
}
