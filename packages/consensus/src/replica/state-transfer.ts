// State transfer (Castro & Liskov section 5.3, simplified to certified batches from the peers' ledgers): a
// replica provably behind (f+1 members' checkpoints, or a proven stable checkpoint, ahead of it) fetches
// the committed batches it misses, in chunks, from one peer at a time, moving on when a peer fails it.
// Without a proven target it probes: asks whether peers executed more, until none has.
import { verifyCheckpointProof, verifyCommitCertificate } from "../certificate.js";
import { isMember, type NewViewMsg, openEnvelope, type Result, type Signed } from "../codec.js";
import { bytesEqual, toHex } from "../hashing.js";
import type { pbft } from "../messages.js";
import { isTime } from "../time.js";
import type { RejectReason, ReplicaId } from "../types.js";
import type { Core } from "./core.js";
import { type HeadCover, type HeadEpochs, matchesHeader, VerifiedHeads } from "./head-cover.js";

/**
 * State transfer fetches ahead of execution by at most this many chunks: fetched batches wait for the node
 * to append them, so without a bound a node whose disk is slower than its peers' answers would hold the
 * whole transfer in memory. It resumes once execution is within half of it.
 */
const FETCH_AHEAD_CHUNKS = 4;
/**
 * Chunk requests a fetch keeps unanswered at the current peer (it answers a member's requests in order).
 * One at a time leaves the peer and the wire idle while the fetcher verifies and appends, so between hosts a
 * catch-up was bound to one chunk per round trip. On loopback, where the fetcher's CPU is the bound, it
 * measured the same either way.
 */
export const FETCH_IN_FLIGHT_CHUNKS = 2;
/** A checkpoint proof has at most one envelope per member, and no cluster has more than 1024 (config.ts). */
const PROOF_ENVELOPES_MAX = 1024;

export class StateTransfer {
  /** Signed heads verified for earlier replies (one head covers several chunks). */
  private readonly verifiedHeads = new VerifiedHeads();
  /** Batches taken under a verified head, and one by one (observability; tests). */
  readonly counts = { headCovered: 0, perEntry: 0 };

  constructor(private readonly c: Core) {}

  /** The highest seq that f+1 members (so at least one honest) claim, or a proven stable checkpoint. */
  catchUpTarget(): number {
    const claims = [...this.c.latestCheckpointOf.entries()]
      .filter(([m]) => m !== this.c.id)
      .map(([, s]) => s);
    claims.sort((a, b) => b - a);
    const fPlusOne = claims[this.c.cluster.f] ?? 0;
    return Math.max(fPlusOne, this.c.knownStable);
  }

  /**
   * Fetches state when we are provably behind: at once when a whole checkpoint interval behind, else
   * after a grace period (normal lag resolves itself through the normal case).
   */
  maybeCatchUp(graceOver = false): undefined {
    if (this.c.fetch !== null) return;
    const target = this.catchUpTarget();
    if (target <= this.c.lastDispatched) return;
    if (
      graceOver ||
      target >= this.c.lastDispatched + this.c.params.checkpointInterval ||
      target <= this.c.stableSeq
    ) {
      this.startFetch(target);
    } else {
      this.c.housekeeping.armTick();
    }
  }

  /** The fetch is over (a probe that found nothing more): back to the housekeeping tick. */
  private endFetch(): undefined {
    this.c.fetch = null;
    this.c.tickArmed = false;
    this.c.cancelTimer({ kind: "state-transfer" });
    this.c.housekeeping.armTick();
  }

  /**
   * Starts fetching certified batches up to target, peers that claimed a checkpoint at or above it first;
   * a probe has no proven target and ends when no peer has anything beyond our execution.
   */
  startFetch(target: number, probe = false): undefined {
    const peers: ReplicaId[] = [];
    const n = this.c.cluster.n;
    const others: ReplicaId[] = []; // from the member after us on (an observer: from 0)
    for (let i = 0; i < n; i++) {
      const m = (this.c.id + 1 + i) % n;
      if (m !== this.c.id) others.push(m);
    }
    for (const m of others) if ((this.c.latestCheckpointOf.get(m) ?? 0) >= target) peers.push(m);
    for (const m of others) if (!peers.includes(m)) peers.push(m);
    this.c.fetch = {
      asked: [],
      target,
      peers,
      peerIndex: -1,
      failures: 0,
      probe,
      paused: false,
      epochWall: null,
    };
    this.askNextPeer();
  }

  /** The current peer failed us (timeout or a bad reply): ask the next one; a probe ends after all. */
  askNextPeer(): undefined {
    const f = this.c.fetch;
    if (f === null) return;
    if (f.probe && f.peerIndex >= 0 && ++f.failures >= f.peers.length) {
      this.endFetch(); // nobody had more
      return;
    }
    f.peerIndex = (f.peerIndex + 1) % f.peers.length;
    f.asked = []; // what the previous peer still owes is asked again of this one
    this.topUpFetch();
  }

  /**
   * Asks the current peer for the next whole chunks while fewer than FETCH_IN_FLIGHT_CHUNKS are unanswered
   * and what is fetched stays within FETCH_AHEAD_CHUNKS of execution. With nothing asked and no room, the
   * fetch pauses until execution catches up (no request out, so no timer).
   */
  private topUpFetch(): undefined {
    const f = this.c.fetch;
    if (f === null) return;
    const chunk = this.c.params.stateTransferChunkMax;
    while (f.asked.length > 0 && f.asked[0]!.toSeq <= this.c.lastDispatched) f.asked.shift();
    let askedTo = Math.max(f.asked.at(-1)?.toSeq ?? 0, this.c.lastDispatched);
    // Batches from an epoch we do not know yet wait until we executed up to its start (the boundary).
    const limit = f.epochWall === null ? f.target : Math.min(f.target, f.epochWall - 1);
    while (
      askedTo < limit &&
      f.asked.length < FETCH_IN_FLIGHT_CHUNKS &&
      this.c.dispatched.size + (askedTo - this.c.lastDispatched) + chunk <= FETCH_AHEAD_CHUNKS * chunk
    ) {
      const range = { fromSeq: askedTo + 1, toSeq: Math.min(limit, askedTo + chunk) };
      const first = f.peers[f.peerIndex]!;
      const rest = f.peers.filter((p) => p !== first);
      this.c.out.push({ kind: "fetch-state", ...range, peers: [first, ...rest] });
      f.asked.push(range);
      askedTo = range.toSeq;
    }
    f.paused = f.asked.length === 0;
    if (f.paused) this.c.cancelTimer({ kind: "state-transfer" });
    else this.c.setTimer({ kind: "state-transfer" }, this.c.params.requestTimeoutMs);
  }

  /** Execution caught up with a paused fetch (within half its bound): ask for more. */
  resumeIfPaused(): undefined {
    const f = this.c.fetch;
    if (f !== null && f.epochWall !== null && this.c.lastExecuted >= f.epochWall - 1) {
      f.epochWall = null; // executed up to it: its epoch is known now (or the batch there was a lie)
      if (f.paused) this.topUpFetch();
      return;
    }
    if (
      this.c.fetch?.paused === true &&
      this.c.dispatched.size <= (FETCH_AHEAD_CHUNKS / 2) * this.c.params.stateTransferChunkMax
    )
      this.topUpFetch();
  }

  /**
   * A peer's answer: its summary first (see onStateSummary), then its consecutive batches, each with a
   * verified commit certificate and checked requests, handed to execution.
   */
  onStateReply(from: ReplicaId, reply: pbft.StateReply): undefined {
    if (!isMember(from, this.c.cluster)) return this.c.reject("not-member", "client");
    if (
      reply === null ||
      reply === undefined ||
      typeof reply !== "object" ||
      !Array.isArray(reply.batches ?? [])
    )
      return this.fail(from, "invalid-state-reply");
    // What the server adds to its batches comes first: entering its view or learning its stable checkpoint
    // changes what the batches mean (a target for the fetch). Invalid: the whole reply is refused.
    const before = this.c.fetch;
    const learned = this.onStateSummary(from, reply);
    if (learned === null) return;
    // A signed head covering the batches lets them be checked by hashes instead of signatures (head-cover.ts).
    const covered = this.c.checkHeadCover(reply, this.headEpochs(), this.verifiedHeads);
    if (covered.kind === "refused") return this.fail(from, covered.reason);
    const cover = covered.kind === "cover" ? covered.cover : null;
    let applied = 0;
    let lastApplied = 0;
    let gap = false;
    const f = this.c.fetch;
    const current = f !== null && f === before && f.peers[f.peerIndex] === from;
    for (const b of reply.batches ?? []) {
      if (b === null || typeof b !== "object" || typeof b.seq !== "number" || !Number.isSafeInteger(b.seq))
        return this.fail(from, "invalid-state-reply");
      if (b.seq <= this.c.lastDispatched) continue;
      if (b.seq !== this.c.lastDispatched + 1) {
        // A hole before it: the answer to a later request of ours while an earlier one came back short, was
        // lost, or went to a peer we since left. Counted, not held against the peer while we fetch: the
        // hole is asked again, or the timer moves to another peer.
        if (applied === 0 && f !== null) {
          gap = true;
          this.c.reject("unexpected", from);
          break;
        }
        return this.fail(from, "invalid-state-reply");
      }
      // Certificates are verified per epoch: the one they name must be the one in force at their seq. A
      // batch of an epoch we do not know yet (after a boundary we have not executed) waits for execution.
      const named = Number(b.certificate?.epoch ?? 0);
      const epoch = Number.isSafeInteger(named) ? this.c.epochInfo(named) : null;
      if (epoch === null && named > this.c.cur.epoch && f !== null) {
        if (f.epochWall === null || f.epochWall > b.seq) f.epochWall = b.seq;
        gap = true;
        break;
      }
      if (epoch === null || this.c.epochAt(b.seq) !== epoch) return this.fail(from, "invalid-certificate");
      const end = epoch === this.c.cur ? this.c.epochs.end() : null;
      if (end !== null && b.seq > end) return this.fail(from, "invalid-certificate");
      // Under a verified head the header vouches for the batch's requests: every check but the client
      // signatures' runs (the certificate's own signatures are still checked: see headVouched).
      const header = cover === null ? undefined : headerAt(cover, b.seq);
      const ctx = this.c.contextOf(epoch);
      const vouched = header === undefined ? ctx : { ...ctx, verifier: this.c.headVouched(ctx.verifier) };
      const cert = verifyCommitCertificate(b.certificate, vouched);
      if (!cert.ok || cert.value.seq !== b.seq) return this.fail(from, "invalid-certificate");
      const requests = (b.requests ?? []) as pbft.ClientRequest[];
      const certTime = Number(b.certificate?.timeMs ?? 0);
      if (!isTime(certTime)) return this.fail(from, "invalid-certificate");
      const checked = this.c.normal.checkBatch(
        requests,
        cert.value.digest,
        epoch.params,
        certTime,
        vouched.verifier,
      );
      if (!checked.ok) return this.fail(from, "invalid-state-reply");
      if (header !== undefined) {
        const fields = {
          seq: b.seq,
          epoch: epoch.epoch,
          requestCount: requests.length,
          certDigest: cert.value.digest,
          certTimeMs: certTime,
          prevTimeMs: this.c.lastTimeMs,
        };
        if (!matchesHeader(header, fields)) return this.fail(from, "invalid-state-reply");
        this.counts.headCovered++;
      } else this.counts.perEntry++;
      // 2f+1 members of the next epoch committed in it: it runs (they switched), so may we.
      if (epoch === this.c.next) this.c.nextEvidence = true;
      this.c.committedBatches.set(b.seq, {
        seq: b.seq,
        view: cert.value.view,
        batch: checked.batch,
        certificate: b.certificate as pbft.CommitCertificate,
        transferred: true,
      });
      this.c.execution.tryExecute();
      applied++;
      lastApplied = b.seq;
    }
    // A probe knows no proven target; the current peer's head is its guess, so the fetch can ask several
    // chunks at once. A peer claiming too much only wins itself replies with nothing new: it is then left.
    const head = reply.lastSeq;
    if (f !== null && current && f.probe && Number.isSafeInteger(head) && head > f.target) f.target = head;
    if (applied === 0 && !gap) {
      // The current peer of a probe saying it has nothing beyond our state: ask the next one.
      if (this.c.fetch?.probe === true && current) {
        this.askNextPeer();
        return;
      }
      if (learned) {
        this.maybeCatchUp(); // it brought a view or a stable checkpoint, not batches
        return;
      }
      // Anything else that brought nothing is counted. Only stale batches: perhaps a late answer to a request
      // made while a fetch ran (several are outstanding at a time), so "unexpected" rather than invalid.
      const stale = (reply.batches ?? []).every((b) => (b.seq ?? 0) <= this.c.lastDispatched);
      return this.c.reject(stale ? "unexpected" : "invalid-state-reply", from);
    }
    // Progress: ask the same peer for more. Nothing new: wait for the timer to try another.
    if (applied > 0 && this.c.fetch !== null) {
      this.c.fetch.failures = 0;
      // A short answer (the peer's frame filled up) leaves the rest of its range unasked: ask from here.
      const range = this.c.fetch.asked.find((r) => r.fromSeq <= lastApplied && lastApplied <= r.toSeq);
      if (current && range !== undefined && lastApplied < range.toSeq) this.c.fetch.asked = [];
      this.topUpFetch();
    }
    if (learned) this.maybeCatchUp();
  }

  /**
   * A state reply's `new_view` and `checkpoint_proof`: both checked in full before anything changes. A
   * NewView for a view above ours is entered (its signer must be that view's primary: it is
   * self-certifying, so any member may relay it); a proven stable checkpoint above what we know becomes
   * the fetch's target. Returns whether either taught us something, or null when refused (counted).
   */
  private onStateSummary(from: ReplicaId, reply: pbft.StateReply): boolean | null {
    const proof = reply.checkpointProof ?? [];
    // Bounded by the largest cluster, not ours: a server in a later epoch with more members sends a proof
    // with more signatures than we have members (bounding it by our n refused every reply to an observer
    // that replays from the genesis once the cluster grew: it never caught up). verifyCheckpointProof bounds
    // it by the n of the proof's own epoch.
    if (!Array.isArray(proof) || proof.length > PROOF_ENVELOPES_MAX) {
      this.fail(from, "invalid-state-reply");
      return null;
    }
    let proven: { seq: number; digest: Uint8Array } | null = null;
    if (proof.length > 0) {
      const first = this.openProofHead(proof[0]);
      // A proof of an epoch we do not know (the server is ahead of us by a boundary) teaches us nothing yet.
      const unknown = !first.ok && first.reason === "wrong-epoch";
      if (!unknown && (!first.ok || first.value.msg.kind !== "checkpoint")) {
        this.fail(from, "invalid-checkpoint");
        return null;
      }
      const msg = first.ok ? first.value.msg : null;
      const epoch = msg?.kind === "checkpoint" ? this.c.epochInfo(msg.epoch) : null;
      // Only a proof that can teach us something is worth its 2f+1 signature checks: a target above what we
      // know, or the stable checkpoint we executed up to but lack the votes for (e.g. a boundary's).
      const teaches =
        msg?.kind === "checkpoint" &&
        (msg.seq > this.c.knownStable || (msg.seq > this.c.stableSeq && msg.seq <= this.c.lastExecuted));
      if (msg?.kind === "checkpoint" && epoch !== null && teaches) {
        const { seq, digest } = msg;
        if (
          this.c.epochAt(seq) !== epoch ||
          !verifyCheckpointProof(proof as pbft.Envelope[], seq, digest, this.c.contextOf(epoch))
        ) {
          this.fail(from, "invalid-checkpoint");
          return null;
        }
        proven = { seq, digest };
      }
    }
    let learned = false;
    const env = reply.newView;
    const opened = env === null || env === undefined ? null : openEnvelope(env, this.c.certContext());
    // A server working in another epoch: its view is not ours to enter (a NewView never crosses epochs).
    if (opened !== null && !(!opened.ok && opened.reason === "wrong-epoch")) {
      if (!opened.ok || opened.value.msg.kind !== "new-view") {
        this.fail(from, opened.ok ? "invalid-new-view" : opened.reason);
        return null;
      }
      const nv = opened.value.msg;
      // The server's view: news only when above ours (or the one we are still changing to).
      if (nv.view > this.c.view || (nv.view === this.c.view && this.c.viewChanging)) {
        const reason = this.c.viewChanges.acceptNewView(opened.value as Signed<NewViewMsg>);
        if (reason !== null) {
          this.fail(from, reason);
          return null;
        }
        learned = true;
      }
    }
    if (proven !== null && proven.seq > this.c.stableSeq) {
      if (this.c.knownStable < proven.seq) this.c.knownStable = proven.seq;
      this.c.checkpoints.takeProof(proven.seq, toHex(proven.digest), proof as pbft.Envelope[]);
      const f = this.c.fetch;
      if (f !== null && f.target < proven.seq) {
        f.target = proven.seq;
        f.probe = false;
      }
      learned = true;
    }
    return learned;
  }

  /** The last stable checkpoint proof's first envelope opened, in the epoch this replica worked in then. */
  private lastProofHead: { env: pbft.IEnvelope; epoch: number; opened: Result<Signed> } | null = null;

  /**
   * Opens a reply's first checkpoint-proof envelope. A server sends the same stable checkpoint proof with
   * every reply until its next checkpoint, so bytes that verified are not verified again (in the same epoch).
   */
  private openProofHead(env: pbft.IEnvelope | undefined): Result<Signed> {
    const last = this.lastProofHead;
    if (
      last !== null &&
      env !== undefined &&
      last.epoch === this.c.cur.epoch &&
      last.env.signer === env.signer &&
      env.payload instanceof Uint8Array &&
      env.signature instanceof Uint8Array &&
      bytesEqual(last.env.payload as Uint8Array, env.payload) &&
      bytesEqual(last.env.signature as Uint8Array, env.signature)
    )
      return last.opened;
    if (!(env?.payload instanceof Uint8Array) || !(env.signature instanceof Uint8Array))
      return openEnvelope(env, this.c.resolve);
    // A copy is opened and kept: the envelope's bytes are views of the whole reply frame.
    const copy = { payload: env.payload.slice(), signature: env.signature.slice(), signer: env.signer };
    const opened = openEnvelope(copy, this.c.resolve);
    // Only a success is kept: a failure (an epoch not known yet) may pass once this replica learns more.
    if (opened.ok) this.lastProofHead = { env: copy, epoch: this.c.cur.epoch, opened };
    return opened;
  }

  /** The core's epochs as checkHeadCover needs them. */
  private headEpochs(): HeadEpochs {
    const c = this.c;
    return {
      clusterId: c.clusterId,
      contextOfEpoch: (epoch) => {
        const info = c.epochInfo(epoch);
        return info === null ? null : c.contextOf(info);
      },
      epochNumberAt: (seq) => c.epochAt(seq)?.epoch ?? null,
    };
  }

  /** A bad state reply: count it and ask another peer at once (at most once per peer until progress). */
  private fail(from: ReplicaId, reason: RejectReason): undefined {
    this.c.reject(reason, from);
    const f = this.c.fetch;
    if (f !== null && f.peers[f.peerIndex] === from && f.failures < f.peers.length) {
      f.failures++;
      this.askNextPeer();
    }
  }
}

/** The vouched-for header at seq, if the cover holds it. */
function headerAt(cover: HeadCover, seq: number): pbft.EntryHeader | undefined {
  return seq >= cover.from && seq <= cover.height ? cover.headers[seq - cover.from] : undefined;
}
