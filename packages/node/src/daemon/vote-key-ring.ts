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
  private current: Loaded | null = null;
  private inUse: KeyInUse | null;

  constructor(
    /** Oldest first: node.json's key, then its rotations. */
    keys: readonly RingKey[],
    open: (tokenLabel: string) => HsmToken,
    private readonly guard: DoubleSignGuard,
    /** Where the key in use is recorded (beside the guard file). */
    private readonly recordFile: string,
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

  /** The key signing now (null before use() or for a node that is not a member). */
  get currentKey(): string | null {
    return this.current?.publicKey ?? null;
  }

  /**
   * Signs from now on with `publicKey`, the member's key in `epoch` (null: this node is not a member of
   * the epoch: it signs nothing). Refuses a key older than one already used in an earlier or equal epoch.
   */
  use(publicKey: string | null, epoch: number): void {
    if (publicKey === null) {
      this.current = null;
      return;
    }
    const k = this.keys.get(publicKey);
    if (k === undefined)
      throw new KeyRingError(
        `the member's vote key in epoch ${epoch} is ${publicKey}, which is in none of this node's tokens (node.json's hsm.tokenLabel and hsm.rotations): was pbft member rotate run in another home?`,
      );
    const before = this.inUse === null ? undefined : this.keys.get(this.inUse.publicKey);
    if (this.inUse !== null && this.inUse.publicKey !== publicKey) {
      if (before !== undefined && before.index > k.index)
        throw new KeyRingError(
          `refusing to sign with vote key ${publicKey} in epoch ${epoch}: this node already signed with the newer key ${this.inUse.publicKey} in epoch ${this.inUse.epoch} (a rotated key never signs again)`,
        );
      if (epoch < this.inUse.epoch)
        throw new KeyRingError(
          `refusing to switch to vote key ${publicKey} for epoch ${epoch}: key ${this.inUse.publicKey} was in use from epoch ${this.inUse.epoch}`,
        );
    }
    if (this.inUse?.publicKey !== publicKey) this.record({ publicKey, epoch });
    this.current = k;
  }

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

  /** The Signer the core uses: the key in use; none (a non-member) refuses. */
  readonly signer: Signer & { pendingVotes(): number; commitVotes(): Promise<void> } = {
    sign: (bytes: Uint8Array, slot: VoteSlot): Uint8Array => {
      if (this.current === null)
        throw new KeyRingError("this node is not a member of the epoch in force: it signs nothing");
      return this.current.signer.sign(bytes, slot);
    },
    pendingVotes: () => this.guard.deferredCount(),
    commitVotes: () => this.guard.commitDeferred(),
  };

  close(): void {
    for (const t of this.tokens) t.close();
    this.tokens.length = 0;
  }
}
