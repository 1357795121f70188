// A member's vote key behind a double-sign guard whose records are durable only once written, like the
// node's HSM guard: a signature's record is volatile until the next durability point syncs it, and a crash
// forgets every volatile record. The output gate holds each signed message until its record is durable,
// so a restarted member can never sign a second, different payload for a slot whose message left.
import { bytesEqual, type ReplicaId, type Signer, type VoteSlot } from "@pbft/consensus";
import { FakeSigner } from "@pbft/consensus/testing";

const slotKey = (s: VoteSlot): string => `${s.kind}/${s.view}/${s.seq}`;

export class SimSigner implements Signer {
  private readonly key: FakeSigner;
  private readonly durable = new Map<string, Uint8Array>();
  private volatile = new Map<string, Uint8Array>();
  private unsynced: [string, Uint8Array][] = [];

  constructor(
    readonly id: ReplicaId,
    keyOf: (epoch: number) => string = () => String(id),
  ) {
    this.key = new FakeSigner(id, false, keyOf);
  }

  sign(bytes: Uint8Array, slot: VoteSlot): Uint8Array {
    const key = slotKey(slot);
    const prev = this.volatile.get(key) ?? this.durable.get(key);
    if (prev !== undefined && !bytesEqual(prev, bytes)) throw new Error(`double sign refused for ${key}`);
    if (prev === undefined) {
      this.volatile.set(key, bytes);
      this.unsynced.push([key, bytes]);
    }
    return this.key.sign(bytes, slot);
  }

  /** Records signed since the last call: the caller writes them with its next durability point. */
  takeUnsynced(): [string, Uint8Array][] {
    const out = this.unsynced;
    this.unsynced = [];
    return out;
  }

  /** The write of `records` completed. */
  synced(records: readonly [string, Uint8Array][]): void {
    for (const [k, b] of records) this.durable.set(k, b);
  }

  /** A crash: what was never synced is gone. */
  crash(): void {
    this.volatile = new Map(this.durable);
    this.unsynced = [];
  }
}
