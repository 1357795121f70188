// Byzantine behaviours, one per function, as a layer between a real node and its replica network.
// The node signs through its guarded HSM signer as usual; the tampering re-signs with the node's own
// vote key straight through the token (ctx.token), which is what a malicious operator of that key can
// do: the double-sign guard protects honest operators, it does not make a key holder honest.
import { randomBytes } from "node:crypto";
import { EMPTY_ROOT, pbft, signedBytes } from "@pbft/consensus";

export interface FrameNetwork {
  send(to: number, frame: Uint8Array): void;
  broadcast(frame: Uint8Array): void;
}

export interface Keyholder {
  readonly id: number;
  readonly n: number;
  readonly clusterId: string;
  /** Signs domain-tagged bytes with the member's vote key, bypassing the guard. */
  sign(bytes: Uint8Array): Uint8Array;
}

export interface TamperCounters {
  equivocations: number;
  conflictingVotes: number;
  invalidSignatures: number;
}

type Outgoing = { to: number; frame: Uint8Array };

function envelopeOf(frame: Uint8Array): { env: pbft.Envelope; msg: pbft.ReplicaMessage } | undefined {
  try {
    const f = pbft.ReplicaFrame.decode(frame);
    if (f.kind !== "envelope" || !f.envelope) return undefined;
    const env = f.envelope as pbft.Envelope;
    const msg = pbft.ReplicaMessage.decode(env.payload);
    return { env, msg };
  } catch {
    return undefined;
  }
}

function frameOf(payload: Uint8Array, signer: number, signature: Uint8Array): Uint8Array {
  return pbft.ReplicaFrame.encode({ envelope: { payload, signer, signature } }).finish();
}

function resign(k: Keyholder, msg: pbft.IReplicaMessage): Uint8Array {
  const payload = pbft.ReplicaMessage.encode(msg).finish();
  return frameOf(payload, k.id, k.sign(signedBytes("replica", k.clusterId, payload)));
}

function corrupt(sig: Uint8Array): Uint8Array {
  const bad = Uint8Array.from(sig);
  bad[0] = (bad[0] ?? 0) ^ 0xff;
  bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x55;
  return bad;
}

/**
 * Equivocating primary: every pre-prepare it issues with requests goes as is to one backup and as a
 * conflicting pre-prepare for the same (view, seq), a null batch, signed with the same key, to the
 * others. Neither version can gather a quorum; the honest backups must change view.
 */
export function equivocatingPrimary(k: Keyholder, c: TamperCounters) {
  const conflicting = new Map<string, Uint8Array>();
  return (out: Outgoing): Outgoing[] => {
    const e = envelopeOf(out.frame);
    const pp = e?.msg.prePrepare;
    if (!e || e.env.signer !== k.id || !pp || (pp.requests?.length ?? 0) === 0) return [out];
    const honestTarget = (k.id + 1) % k.n;
    if (out.to === honestTarget) return [out];
    const slot = `${pp.view}/${pp.seq}`;
    let alt = conflicting.get(slot);
    if (!alt) {
      alt = resign(k, { prePrepare: { view: pp.view, seq: pp.seq, batchDigest: EMPTY_ROOT, requests: [] } });
      conflicting.set(slot, alt);
      if (conflicting.size > 4096) conflicting.delete(conflicting.keys().next().value as string);
      c.equivocations++;
    }
    return [{ to: out.to, frame: alt }];
  };
}

/**
 * Byzantine backup: its prepares and commits go to one peer twice (the real vote and a conflicting one
 * for another digest, both validly signed: evidence for that peer) and to the others with an invalid
 * signature; every other message it signs goes out with an invalid signature half of the time.
 */
export function conflictingVoter(k: Keyholder, c: TamperCounters) {
  const witness = (k.id + 1) % k.n;
  return (out: Outgoing): Outgoing[] => {
    const e = envelopeOf(out.frame);
    if (!e || e.env.signer !== k.id) return [out];
    const vote = e.msg.prepare ?? e.msg.commit;
    if (vote) {
      if (out.to === witness) {
        const digest = randomBytes(32);
        const alt = e.msg.prepare
          ? resign(k, { prepare: { view: vote.view, seq: vote.seq, batchDigest: digest } })
          : resign(k, { commit: { view: vote.view, seq: vote.seq, batchDigest: digest } });
        c.conflictingVotes++;
        return [out, { to: out.to, frame: alt }];
      }
      c.invalidSignatures++;
      return [{ to: out.to, frame: frameOf(e.env.payload, k.id, corrupt(e.env.signature)) }];
    }
    if (Math.random() < 0.5) {
      c.invalidSignatures++;
      return [{ to: out.to, frame: frameOf(e.env.payload, k.id, corrupt(e.env.signature)) }];
    }
    return [out];
  };
}

/** Wraps a network so that every outgoing frame passes through `tamper` (broadcasts become sends). */
export function tamperedNetwork<N extends FrameNetwork>(
  net: N,
  n: number,
  self: number,
  tamper: (o: Outgoing) => Outgoing[],
): N {
  const send = (to: number, frame: Uint8Array): void => {
    for (const o of tamper({ to, frame })) net.send(o.to, o.frame);
  };
  const broadcast = (frame: Uint8Array): void => {
    for (let to = 0; to < n; to++) if (to !== self) send(to, frame);
  };
  return new Proxy(net, {
    get(target, prop, receiver) {
      if (prop === "send") return send;
      if (prop === "broadcast") return broadcast;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
