// The node's vote keys across rotations: the key node.json names and those `pbft member rotate` added, each
// in its own token, behind ONE double-sign guard (views keep counting across epochs, so no slot repeats).
// The node signs with the key its member has in the epoch in force, and only moves forward: once it signed
// with a rotated key it never signs with an older one again, even if its ledger were rolled back (the key
// in use is recorded durably beside the guard before the first signature with it).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { Signer, VoteSlot } from "@pbft/consensus";
import {
  createDeferredVoteSigner,
  type DeferredVoteSigner,
  type DoubleSignGuard,
  HsmError,
  type HsmToken,
} from "@pbft/hsm";

export interface RingKey {
  readonly tokenLabel: string;
  readonly keyLabel: string;
}

interface Loaded {
  readonly index: number;
  readonly publicKey: string;
  readonly signer: DeferredVoteSigner;
}

export interface KeyInUse {
  readonly publicKey: string;
  readonly epoch: number;
}

/** A rotation would go back to an older key, or the member's key in force is in no token of this node. */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyRingError";
  }
}

export class VoteKeyRing {
  private readonly keys = new Map<string, Loaded>();
  private readonly tokens: HsmToken[] = [];
  /** The member's vote key in each epoch the node knows (null: not a member of it). */
  private readonly byEpoch = new Map<number, string | null>();
  private newestEpoch = 0;
  private inUse: KeyInUse | null;

  constructor(
    /** Oldest first: node.json's key, then its rotations. */
    keys: readonly RingKey[],
    open: (tokenLabel: string) => HsmToken,
    private readonly guard: DoubleSignGuard,
    readonly recordFile: string,
  ) {
    keys.forEach((k, index) => {
      let token: HsmToken;
      try {
        token = open(k.tokenLabel);
      } catch (e) {
        // A rotation's token that cannot be opened is reported when its key is needed, not at start.
        if (index > 0 && e instanceof HsmError) return;
        throw e;
      }
      this.tokens.push(token);
      const signer = createDeferredVoteSigner({ token, keyLabel: k.keyLabel, guard });
      const publicKey = Buffer.from(signer.publicKey).toString("hex");
      this.keys.set(publicKey, { index, publicKey, signer });
    });
    this.inUse = existsSync(recordFile) ? (JSON.parse(readFileSync(recordFile, "utf8")) as KeyInUse) : null;
  }

  has(publicKey: string): boolean {
    return this.keys.has(publicKey);
  }

  /**
   * The member's key in `epoch` (null: the node is not a member of it and signs nothing for it). A key not
   * in any token is an error now, not at the first vote.
   */
  setEpochKey(epoch: number, publicKey: string | null): void {
    if (publicKey !== null && !this.keys.has(publicKey))
      throw new KeyRingError(
        `the member's vote key in epoch ${epoch} is ${publicKey}, which is in none of this node's tokens (node.json's hsm.tokenLabel and hsm.rotations): restart the node after pbft member rotate, and run it in the same home`,
      );
    this.byEpoch.set(epoch, publicKey);
    this.newestEpoch = Math.max(this.newestEpoch, epoch);
  }

  /** The key for `epoch` (the newest epoch known when the slot names none). */
  keyFor(epoch: number | undefined): string | null {
    return this.byEpoch.get(epoch ?? this.newestEpoch) ?? null;
  }

  /** The key last used to sign (recorded durably), with the epoch from which it was used. */
  get keyInUse(): KeyInUse | null {
    return this.inUse;
  }

  private loaded(epoch: number | undefined): Loaded {
    const e = epoch ?? this.newestEpoch;
    const hex = this.keyFor(e);
    if (hex === null)
      throw new KeyRingError(`this node is not a member of epoch ${e}: it signs nothing for it`);
    const k = this.keys.get(hex)!;
    if (this.inUse === null) this.record({ publicKey: hex, epoch: e });
    else if (this.inUse.publicKey !== hex) {
      const before = this.keys.get(this.inUse.publicKey);
      // Forward only: once a rotated key signed, an older one never signs again (even for an older epoch).
      if (before !== undefined && before.index > k.index)
        throw new KeyRingError(
          `refusing to sign with vote key ${hex} (epoch ${e}): this node already signed with the newer key ${this.inUse.publicKey} from epoch ${this.inUse.epoch} (a rotated key never signs again)`,
        );
      this.record({ publicKey: hex, epoch: e });
    }
    return k;
  }

  /** Durable before the first signature with the key (write, fsync, rename). */
  private record(r: KeyInUse): void {
    const tmp = `${this.recordFile}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, `${JSON.stringify(r)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.recordFile);
    this.inUse = r;
  }

  /** The Signer the core uses: each vote with the member's key in the epoch its slot names. */
  readonly signer: Signer & { pendingVotes(): number; commitVotes(): Promise<void> } = {
    sign: (bytes: Uint8Array, slot: VoteSlot): Uint8Array => this.loaded(slot.epoch).signer.sign(bytes, slot),
    pendingVotes: () => this.guard.deferredCount(),
    commitVotes: () => this.guard.commitDeferred(),
  };

  close(): void {
    for (const t of this.tokens) t.close();
    this.tokens.length = 0;
  }
}
