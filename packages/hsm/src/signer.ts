import { createHash } from "node:crypto";
import type { Signer, VoteSlot } from "@pbft/consensus";
import type { HsmError } from "./errors.js";
import type { DoubleSignGuard } from "./guard.js";
import type { HsmToken } from "./token.js";

export interface VoteSigner extends Signer {
  readonly publicKey: Uint8Array;
  close(): void;
}

/** One vote of a group commit, and its outcome. */
export interface VoteToSign {
  readonly bytes: Uint8Array;
  readonly slot: VoteSlot;
}
export type SignOutcome = { readonly signature: Uint8Array } | { readonly refused: HsmError };

export interface BatchVoteSigner extends VoteSigner {
  /**
   * Group commit (for a node that can wait for its signatures): the guard checks the votes in order and
   * writes the new ones with one write; the token signs them while that write is synced in the thread
   * pool; the signatures are returned only once it is durable. One outcome per vote, in order. At most
   * GUARD_GROUP_MAX (1,024) votes. Rejects (and releases nothing) if the sync fails.
   */
  signMany(votes: readonly VoteToSign[]): Promise<SignOutcome[]>;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();

/** The consensus core's synchronous Signer: guard (durable before the signature is returned), token signs. */
export function createVoteSigner(opts: {
  readonly token: HsmToken;
  readonly keyLabel: string;
  readonly guard: DoubleSignGuard;
}): BatchVoteSigner {
  const publicKey = opts.token.publicKey(opts.keyLabel);
  return {
    publicKey,
    sign(bytes: Uint8Array, slot: VoteSlot): Uint8Array {
      // The record is synced while the token signs; the signature is returned once the record is durable.
      return opts.guard.authorizeThen(slot, sha256(bytes), () => opts.token.sign(opts.keyLabel, bytes));
    },
    async signMany(votes: readonly VoteToSign[]): Promise<SignOutcome[]> {
      const { refusals, durable } = opts.guard.authorizeMany(
        votes.map((v) => ({ slot: v.slot, digest: sha256(v.bytes) })),
      );
      let outcomes: SignOutcome[];
      try {
        // Signatures made now stay in this function until the group is durable.
        outcomes = votes.map((v, i) => {
          const refused = refusals[i];
          return refused ? { refused } : { signature: opts.token.sign(opts.keyLabel, v.bytes) };
        });
      } catch (e) {
        durable.catch(() => {}); // the failure reported is the token's
        throw e;
      }
      await durable;
      return outcomes;
    },
    close(): void {
      opts.guard.close();
      opts.token.close();
    },
  };
}

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
