import { createHash } from "node:crypto";
import type { Signer, VoteSlot } from "@pbft/consensus";
import type { DoubleSignGuard } from "./guard.js";
import type { HsmToken } from "./token.js";

export interface VoteSigner extends Signer {
  readonly publicKey: Uint8Array;
  close(): void;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();

export interface DeferredVoteSigner extends VoteSigner {
  /** Votes signed whose guard records are not yet durable. */
  pendingVotes(): number;
  /** Makes every vote signed so far durable in the guard (one write, one fdatasync). */
  commitVotes(): Promise<void>;
}

/**
 * The synchronous Signer for a caller that gates its output (the node): the guard checks and remembers each
 * vote at once and the token signs it, but the guard record is written by the next `commitVotes()`, which
 * covers every vote signed since the last one with one sync. The caller must not let a signature leave the
 * process before the `commitVotes()` that follows it resolves.
 */
export function createDeferredVoteSigner(opts: {
  readonly token: HsmToken;
  readonly keyLabel: string;
  readonly guard: DoubleSignGuard;
}): DeferredVoteSigner {
  const publicKey = opts.token.publicKey(opts.keyLabel);
  return {
    publicKey,
    sign(bytes: Uint8Array, slot: VoteSlot): Uint8Array {
      opts.guard.defer(slot, sha256(bytes));
      return opts.token.sign(opts.keyLabel, bytes);
    },
    pendingVotes: () => opts.guard.deferredCount(),
    commitVotes: () => opts.guard.commitDeferred(),
    close(): void {
      opts.guard.close();
      opts.token.close();
    },
  };
}
