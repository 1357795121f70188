// Byzantine members: the real replica runs, and a tampering layer rewrites what it sends. A liar holds
// only its own key (signAs with its own id), so it can lie, but never sign as another member.
import { batchDigest, EMPTY_ROOT, pbft, type ReplicaId, timedDigest } from "@pbft/consensus";

import { FakeClient, signAs } from "@pbft/consensus/testing";

import type { Prng } from "./prng.js";
import type { ByzantineKind } from "./world.js";

type Frame = pbft.ReplicaFrame;

export class ByzantineMember {
  private readonly sent: Frame[] = [];
  /** view/seq pairs it already forged a new-view for (it sends that one to every member). */
  private readonly forged = new Set<string>();
  tampered = 0;

  constructor(
    /** Who the liar is in the epoch its replica works in: its id, the member count, and its vote key. */
    private readonly who: () => {
      readonly id: ReplicaId;
      readonly n: number;
      readonly epoch: number;
      readonly key: string;
    },
    readonly kinds: readonly ByzantineKind[],
    private readonly clusterId: string,
    private readonly rnd: Prng,
  ) {}

  private get id(): ReplicaId {
    return this.who().id;
  }

  private get n(): number {
    return this.who().n;
  }

  /** Signs with its own key, naming the epoch it works in (a lie of another epoch is merely refused). */
  private sign(msg: pbft.ReplicaMessage.$Properties): pbft.Envelope {
    const w = this.who();
    const withEpoch = Object.fromEntries(
      Object.entries(msg).map(([k, v]) => [k, v && typeof v === "object" ? { ...v, epoch: w.epoch } : v]),
    ) as pbft.ReplicaMessage.$Properties;
    return signAs(w.id, this.clusterId, withEpoch, w.key);
  }

  private has(kind: ByzantineKind): boolean {
    return this.kinds.includes(kind);
  }

  private signed(msg: pbft.ReplicaMessage.$Properties): Frame {
    this.tampered++;
    return pbft.ReplicaFrame.create({ envelope: this.sign(msg) });
  }

  /** The frame as it leaves this member for `to`; null drops it. */
  rewrite(to: ReplicaId, frame: Frame): Frame | null {
    const r = this.rnd;
    if (this.has("silent") && r.chance(0.7)) return null;
    if (this.has("replay") && this.sent.length > 0 && r.chance(0.15)) {
      this.tampered++;
      return this.sent[r.int(this.sent.length)]!;
    }
    this.sent.push(frame);
    if (this.sent.length > 64) this.sent.shift();
    const env = frame.envelope;
    if (!env?.payload || !env.signature) return frame;
    let m: pbft.ReplicaMessage;
    try {
      m = pbft.ReplicaMessage.decode(env.payload);
    } catch {
      return frame;
    }
    if (this.has("invalid-signatures") && r.chance(0.2)) {
      const signature = env.signature.slice();
      signature[r.int(signature.length)]! ^= 1 << r.int(8);
      this.tampered++;
      return pbft.ReplicaFrame.create({
        envelope: pbft.Envelope.create({ payload: env.payload, signer: env.signer, signature }),
      });
    }
    if (this.has("forged-sender") && r.chance(0.15)) {
      // Claims another member's identity over bytes it signed itself: verification must fail.
      const other = (this.id + 1 + r.int(this.n - 1)) % this.n;
      const good = this.sign(m);
      this.tampered++;
      return pbft.ReplicaFrame.create({
        envelope: pbft.Envelope.create({ payload: good.payload, signer: other, signature: good.signature }),
      });
    }
    if (this.has("equivocating-primary") && m.prePrepare && to % 2 === 1) {
      // Another batch for the same slot to half of the backups.
      return this.signed({
        prePrepare: { view: m.prePrepare.view, seq: m.prePrepare.seq, batchDigest: EMPTY_ROOT, requests: [] },
      });
    }
    const wildPick = m.prePrepare ? Number(m.prePrepare.seq) * 7 + Number(m.prePrepare.view) * 3 : 0;
    if (this.has("wild-time") && m.prePrepare && wildPick % 10 < 6) {
      // The same batch at a wild time (issue 18): an hour off, beyond the bound, or none at all. Its digest
      // binds the time, so it is a well-formed, validly signed pre-prepare. The time is chosen per slot, not
      // per recipient, so every backup sees the same wild pre-prepare (one that accepted any time would
      // then commit it, which the time checker must catch).
      const p = m.prePrepare;
      const honest = Number(p.timeMs ?? 0);
      const wild = [honest + 3_600_000, honest - 3_600_000, honest + 4001, honest - 4001, 0, 2 ** 50];
      const timeMs = Math.max(0, wild[wildPick % wild.length]!);
      const requests = (p.requests ?? []) as pbft.ClientRequest[];
      const root = batchDigest(requests);
      if (root !== null)
        return this.signed({
          prePrepare: {
            view: p.view,
            seq: p.seq,
            epoch: p.epoch,
            requests,
            timeMs,
            batchDigest: timedDigest(root, timeMs),
          },
        });
    }
    if (this.has("conflicting-votes") && (m.prepare || m.commit) && r.chance(0.5)) {
      const v = (m.prepare ?? m.commit)!;
      const body = { view: v.view, seq: v.seq, batchDigest: r.bytes(32) };
      return this.signed(m.prepare ? { prepare: body } : { commit: body });
    }
    if (this.has("forged-new-view") && m.commit) {
      // A new-view for the next view it leads, backed by no view-change quorum, that reassigns the slot
      // it is committing to an empty batch. Honest replicas refuse it (invalid-new-view); one that
      // accepted it would re-order committed slots.
      const seq = Number(m.commit.seq);
      let view = Number(m.commit.view) + 1;
      while (view % this.n !== this.id) view++;
      const key = `${view}/${seq}`;
      if (this.forged.has(key) || r.chance(0.6)) {
        this.forged.add(key);
        if (this.forged.size > 64) this.forged.delete(this.forged.values().next().value!);
        const prePrepares: pbft.Envelope[] = [];
        for (let s = Math.max(1, seq - 2); s <= seq; s++)
          prePrepares.push(
            this.sign({
              prePrepare: { view, seq: s, batchDigest: EMPTY_ROOT, requests: [] },
            }),
          );
        return this.signed({ newView: { view, viewChanges: [], prePrepares } });
      }
    }
    if (this.has("wrong-checkpoint") && m.checkpoint && r.chance(0.7))
      return this.signed({ checkpoint: { seq: m.checkpoint.seq, stateDigest: r.bytes(32) } });
    if (this.has("bogus-view-change") && (m.viewChange || m.prePrepare) && r.chance(0.3)) {
      // A view change carrying a prepared certificate it made up: its own pre-prepare and prepares.
      const view = Number(m.viewChange?.newView ?? (m.prePrepare?.view ?? 0) + 1);
      const seq = Number(m.viewChange?.stableSeq ?? 0) + 1;
      const fake = { view: view - 1, seq, batchDigest: r.bytes(32) };
      const prepared = {
        prePrepare: this.sign({ prePrepare: { ...fake, requests: [] } }),
        prepares: [this.sign({ prepare: fake }), this.sign({ prepare: fake })],
      };
      return this.signed({
        viewChange: { newView: view, stableSeq: 0, checkpointProof: [], prepared: [prepared] },
      });
    }
    return frame;
  }

  /**
   * A state reply as it leaves this member ("altered-state", issue 20): one batch altered (a request byte, the
   * decision digest in its header) or replaced by a forged one whose header and certificate match it (commits
   * made up: under a head their signatures go unchecked, so only the hash chain tells), under the real head;
   * sometimes with the head left out, so the per-batch signature checks must tell. Copies what it changes
   * (the batches' bytes may be the server's stored ones).
   */
  rewriteStateReply(frame: Frame): Frame {
    const reply = frame.stateReply;
    const r = this.rnd;
    if (!this.has("altered-state") || !reply || (reply.batches ?? []).length === 0 || !r.chance(0.6))
      return frame;
    const batches = (reply.batches ?? []).map((b) => pbft.CommittedBatch.create({ ...b }));
    const b = batches[r.int(batches.length)]!;
    const how = r.int(4);
    if (how === 0 && b.requests.length > 0) {
      const req = b.requests[0]!;
      const body = Uint8Array.from(req.body ?? []);
      if (body.length > 0) body[r.int(body.length)]! ^= 1 << r.int(8);
      b.requests = [pbft.ClientRequest.create({ body, signature: req.signature }), ...b.requests.slice(1)];
    } else if (how === 1 && b.header instanceof Uint8Array) {
      const h = pbft.EntryHeader.decode(b.header);
      h.resultsDigest = r.bytes(32);
      b.header = pbft.EntryHeader.encode(h).finish();
    } else this.forgeBatch(b);
    this.tampered++;
    const headless = how === 3 ? { headProof: [], headHeaders: [] } : {};
    return pbft.ReplicaFrame.create({ stateReply: { ...reply, batches, ...headless } });
  }

  /** Replaces the batch with a request of its own, and the header and certificate to match it. */
  private forgeBatch(b: pbft.CommittedBatch): void {
    const cert = b.certificate;
    if (!cert) return;
    const forged = new FakeClient(`liar-${this.id}`, this.clusterId).request();
    const timeMs = Number(cert.timeMs ?? 0);
    const root = batchDigest([forged]) ?? EMPTY_ROOT;
    const digest = timedDigest(root, timeMs);
    const w = this.who();
    const quorum = 2 * Math.floor((w.n - 1) / 3) + 1;
    const commit = { commit: { view: cert.view, seq: cert.seq, batchDigest: digest, epoch: cert.epoch } };
    const commits = Array.from({ length: quorum }, (_, id) => signAs(id, this.clusterId, commit, w.key));
    b.requests = [forged];
    b.certificate = pbft.CommitCertificate.create({ ...cert, batchDigest: digest, commits });
    if (b.header instanceof Uint8Array && b.header.length > 0) {
      const h = pbft.EntryHeader.decode(b.header);
      h.batchDigest = root;
      h.requestCount = 1;
      b.header = pbft.EntryHeader.encode(h).finish();
    }
  }
}
