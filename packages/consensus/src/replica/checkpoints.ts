// Checkpoints and garbage collection (Castro & Liskov section 4.3): every K executed seqs a replica signs
// its entry hash; a quorum of matching checkpoints makes one stable, which moves the low watermark and
// discards the log, prepared certificates and votes below it. A member re-sending a checkpoint that is
// stable here (or older) is answered once per stable checkpoint with ours, so a member that missed the
// votes learns where the cluster is.
import type { CheckpointMsg, Signed } from "../codec.js";
import { bytesEqual, fromHex, toHex } from "../hashing.js";
import type { pbft } from "../messages.js";
import type { ReplicaId } from "../types.js";
import type { Core } from "./core.js";

export class Checkpoints {
  constructor(private readonly c: Core) {}

  /**
   * Every K executed seqs: sign our checkpoint (the entry hash at seq, with the node's tree root and the
   * genesis hash, so that a quorum of them is a signed head) and broadcast it.
   */
  takeCheckpoint(seq: number, entryHash: Uint8Array, treeRoot?: Uint8Array): undefined {
    this.c.ownDigests.set(seq, toHex(entryHash));
    // Not ours to sign: an observer, or a seq of the next epoch reached by state transfer before we switched.
    if (!this.c.isVoter || this.c.epochAt(seq) !== this.c.cur) return this.checkStable(seq);
    const env = this.c.sign({
      kind: "checkpoint",
      seq,
      digest: entryHash,
      ...(treeRoot === undefined ? {} : { treeRoot }),
      genesisHash: this.c.genesisHash,
    });
    if (env === null) return;
    this.c.quorums.storeCheckpoint(this.c.id, seq, toHex(entryHash), env);
    this.c.broadcast(env);
    this.checkStable(seq);
    this.c.housekeeping.armTick();
  }

  /**
   * A verified stable-checkpoint proof (from a state reply): its checkpoints count as if they had reached
   * us (they may have been lost on the way); once we have executed up to seq, ours completes it.
   */
  takeProof(seq: number, digestHex: string, proof: readonly pbft.Envelope[]): undefined {
    for (const e of proof) this.c.quorums.storeCheckpoint(e.signer, seq, digestHex, e);
    this.checkStable(seq);
  }

  onCheckpoint(from: ReplicaId, signed: Signed<CheckpointMsg>): undefined {
    const m = signed.msg;
    if (m.seq % this.c.params.checkpointInterval !== 0) return this.c.reject("invalid-checkpoint", from);
    const end = this.c.epochs.end();
    if (end !== null && m.seq > end) return this.c.reject("wrong-epoch", from);
    if (m.seq < this.c.stableSeq) {
      // The sender is behind our stable checkpoint (it missed the votes that made it stable and re-sends
      // its own older one): answer once with ours, so f+1 honest answers give it a target to catch up to.
      this.echoStable(from);
      return;
    }
    if (m.seq === this.c.stableSeq) {
      // Late: stable here already. Seen a second time, it is a re-send: the sender is still missing
      // votes (lost), so answer once with ours.
      const again =
        this.c.lateCheckpointFrom.has(from) ||
        this.c.checkpointProof.some(
          (e) => e.signer === from && bytesEqual(e.payload, signed.envelope.payload),
        );
      if (!again) this.c.lateCheckpointFrom.add(from);
      else this.echoStable(from);
      return;
    }
    // Equivocation is tracked within reach of the log only, so that claims far ahead cannot grow memory.
    if (m.seq <= this.c.highWatermark + this.c.params.logWindow) {
      const conflict = this.c.quorums.recordVote(signed, "checkpoint", 0, m.seq);
      if (conflict !== null) return this.c.reject(conflict, from);
    }
    this.c.quorums.storeCheckpoint(signed.signer, m.seq, toHex(m.digest), signed.envelope);
    this.checkStable(m.seq);
    this.c.transfer.maybeCatchUp();
  }

  /** A member behind our stable checkpoint (also one still in the previous epoch): answered with ours. */
  answerBehind(from: ReplicaId): undefined {
    return this.echoStable(from);
  }

  /** Sends `to` our own checkpoint at stableSeq, at most once per member and stable checkpoint. */
  private echoStable(to: ReplicaId): undefined {
    if (this.c.echoedStable.has(to)) return;
    // At the boundary our checkpoint was signed in the previous epoch, under our id there.
    const me = this.c.stableSeq < this.c.cur.startSeq ? (this.c.prev?.selfId ?? -1) : this.c.id;
    const own =
      this.c.checkpointProof.find((e) => e.signer === me) ??
      this.ownCheckpointAt(this.c.stableSeq, toHex(this.c.stableDigest));
    if (own === undefined) return;
    this.c.echoedStable.add(to);
    this.c.send(to, own);
  }

  /** Our own checkpoint at seq if it has that digest (a stable checkpoint adopted from a proof lacks ours). */
  private ownCheckpointAt(seq: number, digestHex: string): pbft.Envelope | undefined {
    const own = this.c.checkpointVotes.get(seq)?.get(this.c.id);
    return own?.digestHex === digestHex ? own.envelope : undefined;
  }

  /**
   * Stable: our own checkpoint at seq and a quorum of matching ones (ours included). Where we sign none (an
   * observer, a seq of the next epoch), our entry hash at seq and a quorum of that seq's epoch. Matching
   * means the same payload bytes: the same entry hash, and the same epoch, tree root and genesis hash too,
   * so that the proof is a signed head (honest members encode identical checkpoints identically).
   */
  private checkStable(seq: number): undefined {
    if (seq <= this.c.stableSeq) return;
    const byMember = this.c.checkpointVotes.get(seq);
    if (byMember === undefined) return;
    // Our own entry hash at seq (our vote, or what we executed: e.g. before a restart that forgot the vote).
    const signs = this.c.isVoter && this.c.epochAt(seq) === this.c.cur;
    const ownVote = signs ? byMember.get(this.c.id) : undefined;
    const ownHex = ownVote?.digestHex ?? this.c.ownDigests.get(seq);
    if (ownHex === undefined) return;
    const matching = this.c.quorums.matching(byMember, ownHex);
    // Without a vote of ours, the largest group of byte-identical checkpoints with our entry hash.
    const proof =
      ownVote !== undefined
        ? matching.filter((e) => bytesEqual(e.payload, ownVote.envelope.payload))
        : largestIdenticalGroup(matching);
    const epoch = this.c.epochAt(seq);
    const quorum = epoch === null ? Number.POSITIVE_INFINITY : this.c.contextOf(epoch).quorum;
    if (proof.length < quorum) return;
    this.adoptStable(seq, fromHex(ownHex), proof);
  }

  /** Moves the low watermark to seq (proof already checked) and discards the log below it. */
  adoptStable(seq: number, digest: Uint8Array, proof: readonly pbft.Envelope[]): undefined {
    if (seq <= this.c.stableSeq) return;
    this.c.stableSeq = seq;
    this.c.stableDigest = digest;
    this.c.checkpointProof = proof;
    this.c.echoedStable.clear();
    this.c.lateCheckpointFrom.clear();
    if (this.c.knownStable < seq) this.c.knownStable = seq;
    this.c.dirty = true;
    for (const s of this.c.log.keys()) if (s <= seq) this.c.log.delete(s);
    for (const s of this.c.preparedCerts.keys()) if (s <= seq) this.c.preparedCerts.delete(s);
    for (const s of this.c.checkpointVotes.keys()) if (s < seq) this.c.checkpointVotes.delete(s);
    for (const s of this.c.ownDigests.keys()) if (s < seq) this.c.ownDigests.delete(s);
    this.c.voteIndex.pruneUpTo(seq);
    for (const s of this.c.committedBatches.keys())
      if (s <= seq && s <= this.c.lastDispatched) this.c.committedBatches.delete(s);
    this.c.out.push({ kind: "checkpoint-stable", seq, proof });
    if (this.c.nextSeq <= seq) this.c.nextSeq = seq + 1;
    if (this.c.isPrimary() && !this.c.viewChanging) this.c.batching.cutBatches();
  }

  hasUnstableOwnCheckpoint(): boolean {
    return this.lowestUnstableOwnCheckpoint() > 0;
  }

  /** The lowest seq above stableSeq that we signed a checkpoint for, or 0. */
  lowestUnstableOwnCheckpoint(): number {
    let lowest = 0;
    for (const [seq, byMember] of this.c.checkpointVotes)
      if (seq > this.c.stableSeq && byMember.has(this.c.id) && (lowest === 0 || seq < lowest)) lowest = seq;
    return lowest;
  }

  /** Checkpoint messages can be lost; a checkpoint that is not stable yet is re-sent (identical bytes). */
  resendOwnCheckpoints(): undefined {
    for (const [seq, byMember] of this.c.checkpointVotes) {
      const own = byMember.get(this.c.id);
      if (seq > this.c.stableSeq && own !== undefined) this.c.broadcast(own.envelope);
    }
  }
}

/** The largest set of envelopes with byte-identical payloads (ties: the first group met). */
function largestIdenticalGroup(envelopes: readonly pbft.Envelope[]): pbft.Envelope[] {
  const groups = new Map<string, pbft.Envelope[]>();
  for (const e of envelopes) {
    const key = toHex(e.payload);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [e]);
    else group.push(e);
  }
  let best: pbft.Envelope[] = [];
  for (const group of groups.values()) if (group.length > best.length) best = group;
  return best;
}
