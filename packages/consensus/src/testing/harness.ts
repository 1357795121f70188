// A small synchronous test harness for the replica: n replicas, a FIFO network that carries encoded
// frames, manual timers, a fake ledger application, and HMAC-style fake keys. Test support only: the
// simulator (src/sim) has its own seeded, fault-injecting world.

import { batchDigest } from "../certificate.js";
import { clusterParams } from "../config.js";
import { bytesEqual, sha256, toHex } from "../hashing.js";
import { historyLeaf, MerkleFrontier } from "../log-tree.js";
import { pbft } from "../messages.js";
import { headerHash } from "../replica/head-cover.js";
import { Replica, type ReplicaOptions } from "../replica.js";
import { signedBytes } from "../signing.js";
import { recordedTime } from "../time.js";
import { timerKey } from "../timers.js";
import type {
  ClusterParams,
  DurableState,
  Effect,
  EpochInfo,
  Event,
  RejectReason,
  ReplicaId,
  ReplicaParams,
  Restored,
  Signer,
  TimerId,
  Verifier,
  VoteSlot,
} from "../types.js";

export { AcceptsAnyNewView, SkipsHeaderChain, SmallQuorum } from "./broken-replicas.js";

const enc = new TextEncoder();

function pad64(h: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  out.set(h, 0);
  out.set(h, 32);
  return out;
}

/** The secret of a named fake vote key (member `id` of the genesis holds key `String(id)`). */
export function keySecret(key: string): Uint8Array {
  return sha256(enc.encode(`replica-secret-${key}`));
}

export function replicaSecret(id: ReplicaId): Uint8Array {
  return keySecret(String(id));
}

/**
 * signature = sha256(secret || bytes), padded to 64 bytes. Optionally refuses double signing like the HSM
 * guard. `keyOf(epoch)` names the key it signs each epoch's messages with (default: its genesis id's).
 */
export class FakeSigner implements Signer {
  private readonly signed = new Map<string, Uint8Array>();
  refuseAll = false;
  constructor(
    readonly id: ReplicaId,
    private readonly guard = true,
    private readonly keyOf: (epoch: number) => string = () => String(id),
  ) {}
  sign(bytes: Uint8Array, slot: VoteSlot): Uint8Array {
    if (this.refuseAll) throw new Error("signer refuses");
    if (this.guard) {
      const key = `${slot.kind}/${slot.view}/${slot.seq}`;
      const prev = this.signed.get(key);
      if (prev !== undefined && !bytesEqual(prev, bytes)) throw new Error(`double sign refused for ${key}`);
      this.signed.set(key, bytes);
    }
    return pad64(sha256(keySecret(this.keyOf(slot.epoch ?? 0)), bytes));
  }
  /** A signature for arbitrary bytes (to forge messages in tests). */
  raw(bytes: Uint8Array): Uint8Array {
    return pad64(sha256(replicaSecret(this.id), bytes));
  }
}

/**
 * Verifies FakeSigner signatures. `keysOf(epoch)` names each member's key in that epoch (by id), null for an
 * epoch it does not know; default: member i holds key `String(i)` in every epoch.
 */
export class FakeVerifier implements Verifier {
  constructor(readonly keysOf: (epoch: number) => readonly string[] | null = () => null) {}
  verifyReplica(epoch: number, signer: ReplicaId, bytes: Uint8Array, signature: Uint8Array): boolean {
    const keys = this.keysOf(epoch);
    const key = keys === null ? String(signer) : keys[signer];
    return key !== undefined && bytesEqual(signature, pad64(sha256(keySecret(key), bytes)));
  }
  verifyClient(clientKey: Uint8Array, bytes: Uint8Array, signature: Uint8Array): boolean {
    return bytesEqual(signature, pad64(sha256(enc.encode("client"), clientKey, bytes)));
  }
}

/** Signs a replica message as member `id` (tests use it to forge or inject messages). */
export function signAs(
  id: ReplicaId,
  clusterId: string,
  msg: pbft.ReplicaMessage.$Properties,
  key: string = String(id),
): pbft.Envelope {
  const payload = pbft.ReplicaMessage.encode(msg).finish();
  const signature = pad64(sha256(keySecret(key), signedBytes("replica", clusterId, payload)));
  return pbft.Envelope.create({ payload, signer: id, signature });
}

export class FakeClient {
  readonly key: Uint8Array;
  private next = 1;
  constructor(
    name: string,
    readonly clusterId: string,
  ) {
    this.key = sha256(enc.encode(`client-${name}`));
  }
  get hex(): string {
    return toHex(this.key);
  }
  request(proposal = "{}", number = this.next++, clusterId = this.clusterId): pbft.ClientRequest {
    const body = pbft.RequestBody.encode({
      clusterId,
      clientKey: this.key,
      requestNumber: number,
      proposal: enc.encode(proposal),
    }).finish();
    const signature = pad64(sha256(enc.encode("client"), this.key, signedBytes("request", clusterId, body)));
    return pbft.ClientRequest.create({ body, signature });
  }
}

export interface LedgerEntry {
  readonly seq: number;
  readonly view: number;
  readonly entryHash: Uint8Array;
  /** The EntryHeader bytes that hash to entryHash (a simplified header: no results, no time). */
  readonly header: Uint8Array;
  readonly timeMs: number;
  readonly requests: readonly pbft.ClientRequest[];
  readonly certificate: pbft.CommitCertificate;
}

export interface Node {
  readonly id: ReplicaId;
  replica: Replica;
  signer: FakeSigner;
  ledger: LedgerEntry[];
  persisted: DurableState | null;
  timers: Map<string, TimerId>;
  replies: Extract<Effect, { kind: "reply" }>[];
  rejected: Extract<Effect, { kind: "rejected" }>[];
  effects: Effect[];
  crashed: boolean;
  /** Executed (client, number) pairs, to check exactly-once. */
  executedRequests: string[];
  /** Committed batches waiting to be appended while the node's execution is held (a slow disk). */
  heldExecutes: Extract<Effect, { kind: "execute" }>[];
  clients: Map<string, { requestNumber: number; seq: number; entryHash: Uint8Array }>;
}

type Wire =
  | { readonly kind: "frame"; readonly from: ReplicaId; readonly to: ReplicaId; readonly bytes: Uint8Array }
  | {
      readonly kind: "state-reply";
      readonly from: ReplicaId;
      readonly to: ReplicaId;
      readonly reply: pbft.StateReply;
    };

export interface ClusterOptions {
  readonly n?: number;
  readonly clusterId?: string;
  readonly params?: Partial<ReplicaParams>;
  /** Signed into checkpoints (with each node's tree root over its ledger: a signed head). */
  readonly genesisHash?: Uint8Array;
  /** Builds a replica (e.g. a test subclass) for some members. */
  readonly make?: (opts: ReplicaOptions) => Replica;
  /**
   * Nodes in all (default n): nodes n.. are not members of the genesis (observers until an epoch adds
   * them). Node i is member i of the genesis; later epochs keep the ids of those that stay in the tests.
   */
  readonly nodes?: number;
  /** Which fake key node `node` signs epoch `epoch` with (default its index), and each epoch's keys by id. */
  readonly keyOf?: (node: ReplicaId, epoch: number) => string;
  readonly keysOf?: (epoch: number) => readonly string[] | null;
  /** What the node's ledger reports with `executed` for seq (a pending boundary, the next epoch). */
  readonly reconfig?: (
    node: ReplicaId,
    seq: number,
  ) => { readonly nextEpoch?: EpochInfo; readonly pendingBoundary?: number } | undefined;
  /** What a restarted node's ledger knows of epochs at height `seq` (Restored.epochs, pendingBoundary). */
  readonly restoredEpochs?: (
    node: ReplicaId,
    seq: number,
  ) => { readonly epochs?: readonly EpochInfo[]; readonly pendingBoundary?: number };
}

/**
 * A ledger entry header as the ledger builds it, results left out: height, prev hash, the requests' Merkle
 * root, request count, epoch and the recorded time (max of the certificate's and the previous entry's).
 */
export function entryHeaderOf(
  clusterId: string,
  prev: { readonly entryHash: Uint8Array; readonly timeMs: number },
  seq: number,
  certificate: pbft.CommitCertificate,
  requests: readonly pbft.ClientRequest[],
): { header: Uint8Array; entryHash: Uint8Array; timeMs: number } {
  const timeMs = recordedTime(Number(certificate.timeMs ?? 0), prev.timeMs);
  const header = pbft.EntryHeader.encode({
    height: seq,
    prevHash: prev.entryHash,
    batchDigest: batchDigest(requests) ?? new Uint8Array(32),
    requestCount: requests.length,
    epoch: Number(certificate.epoch ?? 0),
    timeMs,
  }).finish();
  return { header, entryHash: headerHash(clusterId, header), timeMs };
}

export class Cluster {
  readonly cluster: ClusterParams;
  readonly nodes: Node[] = [];
  readonly verifier: FakeVerifier;
  wire: Wire[] = [];
  /** Return true to drop a frame (decoded) on its way from -> to. */
  drop: (from: ReplicaId, to: ReplicaId, frame: pbft.ReplicaFrame) => boolean = () => false;
  /** Answers fetch-state for a member (`asker` asked); default: from its ledger. null: no answer. */
  stateServer: (
    server: ReplicaId,
    req: { fromSeq: number; toSeq: number },
    asker: ReplicaId,
  ) => pbft.StateReply | null;
  delivered = 0;

  constructor(readonly opts: ClusterOptions = {}) {
    this.cluster = clusterParams(opts.clusterId ?? "test-cluster", opts.n ?? 4);
    this.verifier = new FakeVerifier(opts.keysOf);
    const keyOf = opts.keyOf;
    for (let id = 0; id < (opts.nodes ?? this.cluster.n); id++) {
      const signer = new FakeSigner(id, true, keyOf ? (epoch) => keyOf(id, epoch) : undefined);
      this.nodes.push({
        id,
        replica: this.build(id, signer),
        signer,
        ledger: [],
        persisted: null,
        timers: new Map(),
        replies: [],
        rejected: [],
        effects: [],
        crashed: false,
        executedRequests: [],
        heldExecutes: [],
        clients: new Map(),
      });
    }
    this.stateServer = (server, req) => this.serveFromLedger(server, req);
  }

  private build(id: ReplicaId, signer: FakeSigner, restored?: Restored): Replica {
    const opts: ReplicaOptions = {
      id: id < this.cluster.n ? id : null,
      cluster: this.cluster,
      params: this.opts.params ?? {},
      signer,
      verifier: this.verifier,
      ...(restored ? { restored } : {}),
      ...(this.opts.genesisHash ? { genesisHash: this.opts.genesisHash } : {}),
    };
    return this.opts.make ? this.opts.make(opts) : new Replica(opts);
  }

  node(id: ReplicaId): Node {
    return this.nodes[id]!;
  }

  start(): void {
    for (const n of this.nodes) this.apply(n, n.replica.start());
  }

  /** Each node's clock reading (issue 18), passed with every event it steps; absent: the node has no clock. */
  readonly clockMs = new Map<ReplicaId, number>();

  step(id: ReplicaId, event: Event): Effect[] {
    const n = this.node(id);
    if (n.crashed) return [];
    const effects = n.replica.step(event, this.clockMs.get(id));
    this.apply(n, effects);
    return effects;
  }

  /** Applies effects in the contract's order: persist, then sends, then execute (each followed by `executed`). */
  apply(n: Node, effects: readonly Effect[]): void {
    const executes: Extract<Effect, { kind: "execute" }>[] = [];
    for (const e of effects) {
      n.effects.push(e);
      if (n.effects.length > 20_000) n.effects.splice(0, 10_000);
      switch (e.kind) {
        case "persist":
          n.persisted = e.state;
          break;
        case "send":
          this.post(n.id, e.to, e.frame);
          break;
        case "broadcast":
          for (const m of this.nodes) if (m.id !== n.id) this.post(n.id, m.id, e.frame);
          break;
        case "set-timer":
          n.timers.set(timerKey(e.timer), e.timer);
          break;
        case "cancel-timer":
          n.timers.delete(timerKey(e.timer));
          break;
        case "execute":
          executes.push(e);
          break;
        case "reply":
          n.replies.push(e);
          break;
        case "rejected":
          n.rejected.push(e);
          break;
        case "fetch-state": {
          const server = e.peers[0]!;
          const reply = this.node(server).crashed ? null : this.stateServer(server, e, n.id);
          if (reply !== null) this.wire.push({ kind: "state-reply", from: server, to: n.id, reply });
          break;
        }
        default:
          break;
      }
    }
    if (this.holdExecution.has(n.id)) n.heldExecutes.push(...executes);
    else for (const e of executes) this.execute(n, e);
  }

  /** Each node's history tree over its ledger's entry hashes. */
  private readonly trees = new Map<ReplicaId, MerkleFrontier>();

  /** Members whose execution waits for `releaseExecution` (a node whose ledger appends lag). */
  readonly holdExecution = new Set<ReplicaId>();

  /** Appends up to `max` of a held member's committed batches, in order; returns how many. */
  releaseExecution(id: ReplicaId, max = Number.POSITIVE_INFINITY): number {
    const n = this.node(id);
    let done = 0;
    while (done < max && n.heldExecutes.length > 0) {
      this.execute(n, n.heldExecutes.shift()!);
      done++;
    }
    return done;
  }

  private execute(n: Node, e: Extract<Effect, { kind: "execute" }>): void {
    const prev = n.ledger.at(-1);
    if ((prev?.seq ?? 0) + 1 !== e.seq)
      throw new Error(`replica ${n.id} executed ${e.seq} after ${prev?.seq ?? 0}`);
    const { header, entryHash, timeMs } = entryHeaderOf(
      this.cluster.clusterId,
      prev ?? { entryHash: new Uint8Array(32), timeMs: 0 },
      e.seq,
      e.certificate,
      e.requests,
    );
    for (const r of e.requests) {
      const body = pbft.RequestBody.decode(r.body);
      const hex = toHex(body.clientKey);
      const last = n.clients.get(hex);
      if (last === undefined || body.requestNumber > last.requestNumber) {
        n.clients.set(hex, { requestNumber: body.requestNumber, seq: e.seq, entryHash });
        n.executedRequests.push(`${hex}/${body.requestNumber}`);
      }
    }
    n.ledger.push({
      seq: e.seq,
      view: e.view,
      entryHash,
      header,
      timeMs,
      requests: e.requests,
      certificate: e.certificate,
    });
    let tree = this.trees.get(n.id);
    if (tree === undefined || tree.size !== e.seq - 1) {
      // a restarted or state-transferred node: rebuild from its ledger
      tree = new MerkleFrontier();
      for (const x of n.ledger.slice(0, -1)) tree.append(historyLeaf(x.entryHash));
      this.trees.set(n.id, tree);
    }
    tree.append(historyLeaf(entryHash));
    const extra = this.opts.reconfig?.(n.id, e.seq) ?? {};
    this.apply(
      n,
      n.replica.step(
        { kind: "executed", seq: e.seq, entryHash, treeRoot: tree.root(), ...extra },
        this.clockMs.get(n.id),
      ),
    );
  }

  /** Rewrites (or drops, with null) a frame as it leaves `from`: a Byzantine member's tampering layer. */
  tamper: ((from: ReplicaId, to: ReplicaId, frame: pbft.ReplicaFrame) => pbft.ReplicaFrame | null) | null =
    null;

  post(from: ReplicaId, to: ReplicaId, frame: pbft.ReplicaFrame): void {
    const out = this.tamper === null ? frame : this.tamper(from, to, frame);
    if (out !== null)
      this.wire.push({ kind: "frame", from, to, bytes: pbft.ReplicaFrame.encode(out).finish() });
  }

  /** What a node's state server answers: batches from its ledger, and its replica's state summary. */
  serveFromLedger(server: ReplicaId, req: { fromSeq: number; toSeq: number }): pbft.StateReply {
    const ledger = this.node(server).ledger;
    const summary = this.node(server).replica.stateSummary();
    const batches = ledger
      .filter((x) => x.seq >= req.fromSeq && x.seq <= req.toSeq)
      .map((x) =>
        pbft.CommittedBatch.create({
          seq: x.seq,
          view: x.view,
          requests: [...x.requests],
          certificate: x.certificate,
          header: x.header,
        }),
      );
    return pbft.StateReply.create({
      batches,
      lastSeq: ledger.at(-1)?.seq ?? 0,
      newView: summary.newView,
      checkpointProof: [...summary.checkpointProof],
      ...this.headCover(server, batches.at(-1)?.seq ?? 0),
    });
  }

  /**
   * As the node's ledger serves it: the lowest stable checkpoint of the server within 64 above the reply's
   * last batch (a signed head), and the headers after the last batch up to it.
   */
  private headCover(server: ReplicaId, last: number): Partial<pbft.IStateReply> {
    const n = this.node(server);
    if (last === 0) return {};
    let head: { seq: number; proof: readonly pbft.Envelope[] } | undefined;
    for (const e of n.effects)
      if (e.kind === "checkpoint-stable" && e.seq >= last && e.seq <= last + 64 && e.seq <= n.ledger.length)
        if (head === undefined || e.seq < head.seq) head = e;
    if (head === undefined) return {};
    const headHeaders = n.ledger.filter((x) => x.seq > last && x.seq <= head.seq).map((x) => x.header);
    return { headProof: [...head.proof], headHeaders };
  }

  /** Delivers one queued message; false when the network is empty. */
  deliverOne(): boolean {
    const w = this.wire.shift();
    if (w === undefined) return false;
    this.delivered++;
    const to = this.node(w.to);
    if (to.crashed) return true;
    if (w.kind === "state-reply") {
      this.step(w.to, { kind: "state-reply", from: w.from, reply: w.reply });
      return true;
    }
    const frame = pbft.ReplicaFrame.decode(w.bytes);
    if (this.drop(w.from, w.to, frame)) return true;
    if (frame.envelope)
      this.step(w.to, { kind: "envelope", from: w.from, envelope: frame.envelope as pbft.Envelope });
    else if (frame.forwardedRequest)
      this.step(w.to, {
        kind: "client-request",
        from: w.from,
        request: frame.forwardedRequest as pbft.ClientRequest,
      });
    return true;
  }

  /** Delivers until the network is quiet (bounded). Returns the number delivered. */
  deliverAll(max = 200_000): number {
    let count = 0;
    while (count < max && this.deliverOne()) count++;
    if (count >= max) throw new Error("network did not quiesce");
    return count;
  }

  submit(to: ReplicaId | "all", request: pbft.ClientRequest): void {
    const targets = to === "all" ? this.nodes.map((n) => n.id) : [to];
    for (const id of targets) this.step(id, { kind: "client-request", from: "client", request });
  }

  hasTimer(id: ReplicaId, t: TimerId): boolean {
    return this.node(id).timers.has(timerKey(t));
  }

  /** Fires a pending timer (it must be set). */
  fire(id: ReplicaId, t: TimerId): void {
    const n = this.node(id);
    if (!n.timers.delete(timerKey(t))) throw new Error(`replica ${id} has no timer ${timerKey(t)}`);
    this.step(id, { kind: "timer", timer: t });
  }

  /** Fires every pending timer of the given kind on all live replicas. */
  fireAll(kind: TimerId["kind"]): void {
    for (const n of this.nodes) {
      if (n.crashed) continue;
      for (const t of [...n.timers.values()])
        if (t.kind === kind && n.timers.has(timerKey(t))) this.fire(n.id, t);
    }
  }

  crash(id: ReplicaId): void {
    const n = this.node(id);
    n.crashed = true;
    n.timers.clear();
    n.heldExecutes = []; // never appended: lost with the process
  }

  /** Rebuilds a replica from what it persisted plus its ledger, as a node would after a crash. */
  restart(id: ReplicaId): void {
    const n = this.node(id);
    n.crashed = false;
    n.timers.clear();
    const last = n.ledger.at(-1);
    n.replica = this.build(id, n.signer, {
      durable: n.persisted,
      lastExecutedSeq: last?.seq ?? 0,
      lastEntryHash: last?.entryHash ?? new Uint8Array(32),
      lastTreeRoot: treeRootOf(n.ledger.map((x) => x.entryHash)),
      clients: new Map(n.clients),
      ...(this.opts.restoredEpochs?.(id, last?.seq ?? 0) ?? {}),
    });
    this.apply(n, n.replica.start());
  }

  rejectedReasons(id: ReplicaId): RejectReason[] {
    return this.node(id).rejected.map((r) => r.reason);
  }

  /** Agreement across live ledgers: same entry hash at every common height. */
  assertAgreement(): void {
    const byHeight = new Map<number, string>();
    for (const n of this.nodes)
      for (const e of n.ledger) {
        const h = toHex(e.entryHash);
        const prev = byHeight.get(e.seq);
        if (prev !== undefined && prev !== h) throw new Error(`disagreement at height ${e.seq}`);
        byHeight.set(e.seq, h);
      }
  }
}

/** The history tree's root over these entry hashes (what a restarted node's ledger reports). */
function treeRootOf(entryHashes: readonly Uint8Array[]): Uint8Array {
  const tree = new MerkleFrontier();
  for (const h of entryHashes) tree.append(historyLeaf(h));
  return tree.root();
}
