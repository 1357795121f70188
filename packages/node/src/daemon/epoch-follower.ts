// The node's side of configuration epochs (issue 16): the core decides when an epoch starts; the ledger
// records which configuration it is; this class carries the consequences to the I/O the node owns:
// - `executed` gets the ledger's nextEpoch (on the boundary entry) and pendingBoundary;
// - the verifier learns each epoch's member keys as soon as the ledger knows them (state transfer of a
//   later epoch needs them before the core enters it);
// - the vote key ring learns the member's key in each epoch (a rotated member signs the new epoch with its
//   new token's key only);
// - on `epoch-entered`, the replica network's members follow: ids renumbered, added members dialled and
//   admitted, removed ones refused and disconnected;
// - at the boundary's stable checkpoint, its proof is saved for the epoch proofs receipts of later epochs need.
import type { EpochInfo, ReplicaId } from "@pbft/consensus";
import type { Ed25519Verifier } from "@pbft/hsm";
import { type EpochRecord, type Executed, type Ledger, paramsOf } from "@pbft/ledger";
import type { Logger } from "pino";
import type { ReplicaNetwork } from "../transport/index.js";
import type { VoteKeyRing } from "./vote-key-ring.js";

/** This node's member in a configuration: by one of its vote keys, else by its peer id. */
export function selfIn(
  config: EpochRecord["config"],
  ring: Pick<VoteKeyRing, "has">,
  peerId: string,
): ReplicaId | null {
  const byKey = config.members.find((m) => ring.has(m.votePublicKey));
  if (byKey) return byKey.id;
  return config.members.find((m) => m.peerId === peerId)?.id ?? null;
}

export function epochInfoOf(e: EpochRecord, selfId: ReplicaId | null): EpochInfo {
  return {
    epoch: e.epoch,
    startSeq: e.startHeight,
    n: e.config.members.length,
    selfId,
    params: paramsOf(e.config),
  };
}

export interface EpochFollowerOptions {
  readonly ledger: Ledger;
  readonly verifier: Ed25519Verifier;
  readonly ring: VoteKeyRing;
  readonly peerId: string;
  readonly logger: Logger;
  /** Whatever else follows the ledger's epoch (the client gateway's keys). */
  readonly onLedgerEpoch?: (e: EpochRecord) => void;
}

export class EpochFollower {
  private known = -1;
  /** Set once the network runs (it is started after the follower knows the epoch to connect for). */
  network: ReplicaNetwork | undefined;
  /** The epoch the core works in (its ids are the network's). */
  private working = 0;

  constructor(private readonly o: EpochFollowerOptions) {
    for (const e of o.ledger.epochs()) this.learn(e);
  }

  /** What the core is restored with: every epoch the ledger knows, and a pending boundary. */
  restored(): { epochs: EpochInfo[]; pendingBoundary?: number } {
    const epochs = this.o.ledger.epochs().map((e) => epochInfoOf(e, this.selfOf(e)));
    const pb = this.o.ledger.pendingBoundary();
    return { epochs, ...(pb === null ? {} : { pendingBoundary: pb }) };
  }

  selfOf(e: EpochRecord): ReplicaId | null {
    return selfIn(e.config, this.o.ring, this.o.peerId);
  }

  /** The record of epoch `n` (it must be known to the ledger). */
  epoch(n: number): EpochRecord {
    const e = this.o.ledger.epochs()[n];
    if (e === undefined) throw new Error(`epoch ${n} is not in this node's ledger`);
    return e;
  }

  private learn(e: EpochRecord): void {
    if (e.epoch <= this.known) return;
    this.known = e.epoch;
    this.o.verifier.setEpochKeys(
      e.epoch,
      e.config.members.map((m) => Buffer.from(m.votePublicKey, "hex")),
    );
    const self = this.selfOf(e);
    this.o.ring.setEpochKey(e.epoch, self === null ? null : e.config.members[self]!.votePublicKey);
    this.o.onLedgerEpoch?.(e);
  }

  /** The fields `executed` carries for this entry. */
  onExecuted(out: Executed): { nextEpoch?: EpochInfo; pendingBoundary?: number } {
    if (out.nextEpoch) {
      this.learn(out.nextEpoch);
      this.o.logger.info(
        {
          epoch: out.nextEpoch.epoch,
          fromHeight: out.nextEpoch.startHeight,
          members: out.nextEpoch.config.members.map((m) => m.name),
          configHash: out.nextEpoch.hash,
        },
        "configuration epoch recorded: applies from the next height",
      );
    }
    return {
      ...(out.nextEpoch ? { nextEpoch: epochInfoOf(out.nextEpoch, this.selfOf(out.nextEpoch)) } : {}),
      ...(out.pendingBoundary === undefined ? {} : { pendingBoundary: out.pendingBoundary }),
    };
  }

  /** The members of epoch `n` as the replica network takes them. */
  membersOf(n: number) {
    return this.epoch(n).config.members.map((m) => ({ id: m.id, peerId: m.peerId, addresses: m.addresses }));
  }

  get workingEpoch(): number {
    return this.working;
  }

  /** The core entered `epoch` as `selfId`: the network follows (in the order of the core's outputs). */
  async entered(epoch: number, selfId: ReplicaId | null): Promise<void> {
    this.working = epoch;
    const e = this.epoch(epoch);
    this.o.logger.info(
      { epoch, selfId, members: e.config.members.map((m) => m.name), configHash: e.hash },
      "entered configuration epoch",
    );
    await this.network?.setMembers(this.membersOf(epoch), selfId);
  }

  /** A stable checkpoint at a boundary: keep its proof (2f+1 signed checkpoints) for epoch proofs. */
  async checkpointStable(seq: number, proof: readonly { signer?: number | null }[]): Promise<void> {
    if (!this.o.ledger.epochs().some((e) => e.epoch > 0 && e.startHeight - 1 === seq)) return;
    try {
      await this.o.ledger.saveBoundaryProof(seq, proof as Parameters<Ledger["saveBoundaryProof"]>[1]);
    } catch (err) {
      this.o.logger.warn({ seq, err: (err as Error).message }, "boundary proof not saved");
    }
  }
}
