/**
 * The replica-to-replica network: a gated libp2p host speaking `/pbft/replica/1.0.0`.
 *
 * Topology: each replica dials every other member and keeps ONE long-lived outbound stream to
 * it, on which it only writes; it reads frames only from the inbound streams the others
 * opened to it. So a pair shares one or two TCP connections (libp2p reuses an open connection
 * when there is one) and has two yamux streams, one per direction; each side owns its own
 * sending and reconnecting, with no tie-breaking. The sender of a frame is the member whose
 * peer id the Noise handshake authenticated on that stream's connection, never what the bytes
 * claim.
 */
import "../polyfill.js";
import type { Connection, PrivateKey, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import type { Libp2p } from "libp2p";
import type { Logger } from "pino";
import type { BackoffOptions } from "./backoff.js";
import { readFrames } from "./frame-stream.js";
import { assertFrameBytesMax, type FrameError } from "./framing.js";
import { type GaterPath, membersOnlyGater } from "./gater.js";
import { boundAddresses, createHost } from "./host.js";
import { peerIdOf } from "./peer-key.js";
import { PeerLink } from "./peer-link.js";
import { StatsCounters, type TransportStats } from "./stats.js";

export const REPLICA_PROTOCOL = "/pbft/replica/1.0.0";

/** The hello frame's tag; the 32 bytes of the sender's genesis hash follow it. */
const HELLO_TAG = new TextEncoder().encode("pbft/hello/1\u0000");

/** The first frame each side writes on a replica stream: the tag, then the genesis hash. */
export function helloFrame(genesisHash: Uint8Array): Uint8Array {
  if (genesisHash.length !== 32) throw new RangeError("a genesis hash has 32 bytes");
  const frame = new Uint8Array(HELLO_TAG.length + 32);
  frame.set(HELLO_TAG);
  frame.set(genesisHash, HELLO_TAG.length);
  return frame;
}

/** The genesis hash a hello frame carries (hex), or null when the frame is not a hello. */
export function helloGenesisHash(frame: Uint8Array): string | null {
  if (frame.length !== HELLO_TAG.length + 32) return null;
  for (let i = 0; i < HELLO_TAG.length; i++) if (frame[i] !== HELLO_TAG[i]) return null;
  return Buffer.from(frame.subarray(HELLO_TAG.length)).toString("hex");
}

/** Default per-peer send queue: 16 MiB. */
export const DEFAULT_SEND_QUEUE_BYTES_MAX = 16 * 1024 * 1024;
const DIAL_TIMEOUT_MS = 5_000;
/** Inbound streams one connection may hold for the replica protocol (one is normal). */
const INBOUND_STREAMS_PER_CONNECTION_MAX = 4;

export interface ReplicaMember {
  readonly id: number;
  readonly peerId: string;
  readonly addresses: readonly string[];
}

export interface ReplicaNetworkOptions {
  /** null: this node is not a member (yet, or any more): it connects to the members but is not one. */
  readonly selfId: number | null;
  readonly privateKey: PrivateKey;
  /** Multiaddrs to listen on, e.g. "/ip4/127.0.0.1/tcp/7100" (port 0: any free port). */
  readonly listen: readonly string[];
  /** From cluster.json, including self. */
  readonly members: readonly ReplicaMember[];
  /** Larger frames are refused (outbound) or close the stream (inbound); counted "too-large". */
  readonly frameBytesMax: number;
  /** Per peer; beyond it the oldest queued frames are dropped ("queue-full"). Default 16 MiB, at least frameBytesMax. */
  readonly sendQueueBytesMax?: number;
  readonly logger: Logger;
  /** Re-dial back-off; default 100 ms doubling to 5 s, times a random factor in [0.5, 1). */
  readonly backoff?: BackoffOptions;
  /**
   * A non-member's connection was refused (dial or inbound), with the gater's path and, when known, its
   * address. Counted in `connectionsDenied` either way; the node logs it as a security event.
   */
  readonly onDenied?: (peerId: string, path: GaterPath, address?: string) => void;
  /**
   * SHA-256 of the genesis this node runs. When set, every stream starts with a hello frame carrying it, and
   * an inbound stream whose first frame is not a hello with the same hash is closed before any frame is
   * handed up (counted "genesis-mismatch"): members holding different genesis files never form a cluster.
   */
  readonly genesisHash?: Uint8Array;
  /** An inbound stream was refused for its genesis hash (`theirs`: the hash it sent, or null for no hello). */
  readonly onGenesisMismatch?: (member: number, peerId: string, theirs: string | null) => void;
}

export interface ReplicaNetwork {
  /** This node's peer id (base58). */
  readonly peerId: string;
  /** Queues an encoded pbft.ReplicaFrame for member `to`; never throws or blocks; drops are counted. */
  send(to: number, frame: Uint8Array): void;
  /** `send` to every other member. */
  broadcast(frame: Uint8Array): void;
  /** `from` is the member authenticated by the transport. One handler; a later call replaces it. */
  onFrame(handler: (from: number, frame: Uint8Array) => void): void;
  /** Members with an open outbound stream (frames to them are being delivered), ascending. */
  connectedPeers(): readonly number[];
  stats(): TransportStats;
  /** Called with `connectedPeers()` whenever it changes. */
  onPeerChange(handler: (connected: readonly number[]) => void): void;
  /**
   * The members of a new epoch (ids are renumbered by each configuration): peers that stay keep their
   * connections under their new ids, added ones are dialled and admitted by the gater, removed ones are
   * refused from now on and their connections closed.
   */
  setMembers(members: readonly ReplicaMember[], selfId: number | null): Promise<void>;
  stop(): Promise<void>;
}

/** For tests and diagnostics only: the libp2p host behind a network. */
export interface ReplicaNetworkInternals {
  readonly node: Libp2p;
  /** The addresses the host listens on, with resolved ports. */
  readonly addresses: readonly string[];
}

export async function startReplicaNetwork(opts: ReplicaNetworkOptions): Promise<ReplicaNetwork> {
  assertFrameBytesMax(opts.frameBytesMax);
  const selfPeerId = peerIdOf(opts.privateKey);
  const members = validateMembers(opts.members, opts.selfId, selfPeerId);
  const logger = opts.logger.child({ component: "replica-network" });
  const counters = new StatsCounters();
  const memberByPeerId = new Map<string, number>(members.map((m) => [m.peerId, m.id]));
  // The gater reads this set on every connection: setMembers changes it in place.
  const allowed = new Set(memberByPeerId.keys());
  const sendQueueBytesMax = Math.max(
    opts.sendQueueBytesMax ?? DEFAULT_SEND_QUEUE_BYTES_MAX,
    opts.frameBytesMax,
  );

  const gater = membersOnlyGater(allowed, (peerId, path, address) => {
    counters.connectionsDenied++;
    if (opts.onDenied) opts.onDenied(peerId, path, address);
    else logger.debug({ peerId, path, address }, "connection from or to a non-member refused");
  });
  const node = await createHost({
    privateKey: opts.privateKey,
    listen: opts.listen,
    connectionGater: gater,
    connectionsMax: Math.max(16, members.length * 4),
    inboundConnectionsPerSecondPerHost: Math.max(16, members.length * 4),
    dialTimeoutMs: DIAL_TIMEOUT_MS,
  });
  return new Network(
    opts,
    node,
    members,
    memberByPeerId,
    allowed,
    counters,
    logger,
    sendQueueBytesMax,
  ).start();
}

function validateMembers(
  list: readonly ReplicaMember[],
  selfId: number | null,
  selfPeerId: string,
): ReplicaMember[] {
  const ids = new Set<number>();
  const peerIds = new Set<string>();
  for (const m of list) {
    if (!Number.isInteger(m.id) || m.id < 0)
      throw new Error(`member id ${m.id} is not a non-negative integer`);
    if (ids.has(m.id)) throw new Error(`member id ${m.id} appears twice`);
    if (peerIds.has(m.peerId)) throw new Error(`peer id ${m.peerId} appears twice among the members`);
    try {
      peerIdFromString(m.peerId);
    } catch {
      throw new Error(`member ${m.id}: "${m.peerId}" is not a peer id`);
    }
    for (const address of m.addresses) {
      try {
        multiaddr(address);
      } catch {
        throw new Error(`member ${m.id}: "${address}" is not a multiaddr`);
      }
    }
    ids.add(m.id);
    peerIds.add(m.peerId);
  }
  if (selfId === null) {
    if (peerIds.has(selfPeerId))
      throw new Error(`this node's peer id ${selfPeerId} is a member's, but it was started as a non-member`);
    return [...list];
  }
  const self = list.find((m) => m.id === selfId);
  if (self === undefined) throw new Error(`selfId ${selfId} is not among the members`);
  if (self.peerId !== selfPeerId) {
    throw new Error(
      `member ${selfId} has peer id ${self.peerId} in the members list, but the private key's peer id is ${selfPeerId}`,
    );
  }
  return [...list];
}

class Network implements ReplicaNetwork, ReplicaNetworkInternals {
  readonly peerId: string;
  /** By member id in the epoch in force (rebuilt by setMembers); a link belongs to a peer id. */
  private links = new Map<number, PeerLink>();
  private readonly linkByPeer = new Map<string, PeerLink>();
  private selfId: number | null;
  private readonly sendQueueBytesMax: number;
  private frameHandler: (from: number, frame: Uint8Array) => void = () => {};
  private peerChangeHandler: (connected: readonly number[]) => void = () => {};
  private lastConnected: readonly number[] = [];
  private stopped = false;

  constructor(
    private readonly opts: ReplicaNetworkOptions,
    readonly node: Libp2p,
    private members: readonly ReplicaMember[],
    private readonly memberByPeerId: Map<string, number>,
    private readonly allowed: Set<string>,
    private readonly counters: StatsCounters,
    private readonly logger: Logger,
    sendQueueBytesMax: number,
  ) {
    this.peerId = node.peerId.toString();
    this.selfId = opts.selfId;
    this.sendQueueBytesMax = sendQueueBytesMax;
    for (const m of members) if (m.id !== this.selfId) this.links.set(m.id, this.newLink(m));
  }

  private newLink(m: ReplicaMember): PeerLink {
    const link = new PeerLink({
      node: this.node,
      member: m.id,
      peerId: peerIdFromString(m.peerId),
      protocol: REPLICA_PROTOCOL,
      frameBytesMax: this.opts.frameBytesMax,
      sendQueueBytesMax: this.sendQueueBytesMax,
      dialTimeoutMs: DIAL_TIMEOUT_MS,
      ...(this.opts.genesisHash === undefined ? {} : { hello: helloFrame(this.opts.genesisHash) }),
      ...(this.opts.backoff === undefined ? {} : { backoff: this.opts.backoff }),
      counters: this.counters,
      logger: this.logger,
      // The member id of a peer may change with the epoch: look it up when the frame arrives.
      onFrame: (_member, frame) => {
        const id = this.memberByPeerId.get(m.peerId);
        if (id !== undefined) this.deliver(id, frame);
      },
      onViolation: (member, err) => this.onViolation(member, err),
      onOpenChange: () => this.notifyPeerChange(),
    });
    this.linkByPeer.set(m.peerId, link);
    return link;
  }

  async setMembers(list: readonly ReplicaMember[], selfId: number | null): Promise<void> {
    if (this.stopped) return;
    const members = validateMembers(list, selfId, this.peerId);
    const next = new Map(members.map((m) => [m.peerId, m]));
    const removed = [...this.memberByPeerId.keys()].filter((p) => !next.has(p));
    this.members = members;
    this.selfId = selfId;
    this.memberByPeerId.clear();
    this.allowed.clear();
    for (const m of members) {
      this.memberByPeerId.set(m.peerId, m.id);
      this.allowed.add(m.peerId);
    }
    const links = new Map<number, PeerLink>();
    const fresh: PeerLink[] = [];
    for (const m of members) {
      if (m.id === selfId) continue;
      if (m.addresses.length > 0)
        await this.node.peerStore.merge(peerIdFromString(m.peerId), {
          multiaddrs: m.addresses.map((a) => multiaddr(a)),
        });
      let link = this.linkByPeer.get(m.peerId);
      if (link === undefined) {
        link = this.newLink(m);
        fresh.push(link);
      }
      links.set(m.id, link);
    }
    this.links = links;
    for (const p of removed) {
      const link = this.linkByPeer.get(p);
      this.linkByPeer.delete(p);
      await link?.stop();
      // Their connections close now; the gater refuses them from here on.
      await this.node.hangUp(peerIdFromString(p)).catch(() => undefined);
    }
    if (selfId !== null) {
      const own = this.linkByPeer.get(this.peerId);
      this.linkByPeer.delete(this.peerId);
      await own?.stop();
    }
    for (const link of fresh) link.start();
    this.logger.info(
      { members: members.length, selfId, added: fresh.length, removed: removed.length },
      "replica network members changed",
    );
    this.notifyPeerChange();
  }

  get addresses(): readonly string[] {
    return boundAddresses(this.node);
  }

  async start(): Promise<this> {
    for (const m of this.members) {
      if (m.id === this.selfId || m.addresses.length === 0) continue;
      await this.node.peerStore.merge(peerIdFromString(m.peerId), {
        multiaddrs: m.addresses.map((a) => multiaddr(a)),
      });
    }
    await this.node.handle(
      REPLICA_PROTOCOL,
      (stream, connection) => this.onInboundStream(stream, connection),
      {
        maxInboundStreams: INBOUND_STREAMS_PER_CONNECTION_MAX,
      },
    );
    this.node.addEventListener("peer:connect", (evt) => {
      const member = this.memberByPeerId.get(evt.detail.toString());
      if (member !== undefined) this.links.get(member)?.kick();
    });
    await this.node.start();
    for (const link of this.links.values()) link.start();
    this.logger.info({ peerId: this.peerId, addresses: this.addresses }, "replica network listening");
    return this;
  }

  send(to: number, frame: Uint8Array): void {
    const link = this.links.get(to);
    if (link === undefined) {
      this.counters.drop("unknown-peer");
      return;
    }
    if (frame.byteLength > this.opts.frameBytesMax || frame.byteLength === 0) {
      this.counters.drop("too-large");
      return;
    }
    link.send(frame);
  }

  broadcast(frame: Uint8Array): void {
    if (frame.byteLength > this.opts.frameBytesMax || frame.byteLength === 0) {
      this.counters.drop("too-large", this.links.size);
      return;
    }
    for (const link of this.links.values()) link.send(frame);
  }

  onFrame(handler: (from: number, frame: Uint8Array) => void): void {
    this.frameHandler = handler;
  }

  onPeerChange(handler: (connected: readonly number[]) => void): void {
    this.peerChangeHandler = handler;
  }

  connectedPeers(): readonly number[] {
    const connected: number[] = [];
    for (const [id, link] of this.links) if (link.isOpen) connected.push(id);
    return connected.sort((a, b) => a - b);
  }

  stats(): TransportStats {
    let queued = 0;
    for (const link of this.links.values()) queued += link.queuedBytes;
    return this.counters.snapshot(queued);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.peerChangeHandler = () => {};
    await Promise.all([...this.linkByPeer.values()].map((link) => link.stop()));
    await this.node.stop();
    this.logger.info("replica network stopped");
  }

  private onInboundStream(stream: Stream, connection: Connection): void {
    const remote = connection.remotePeer.toString();
    const member = this.memberByPeerId.get(remote);
    if (member === undefined || member === this.selfId || this.stopped) {
      // The gater should have refused the connection already.
      this.counters.drop("not-member");
      stream.abort(new Error("not a cluster member"));
      return;
    }
    this.counters.streamsOpen++;
    stream.addEventListener("close", () => this.counters.streamsOpen--, { once: true });
    const expected = this.opts.genesisHash;
    let greeted = expected === undefined;
    let refused = false;
    readFrames(stream, this.opts.frameBytesMax, {
      onFrame: (frame) => {
        if (refused) return;
        if (greeted) {
          // By the peer's id in the epoch in force now; a peer removed since is cut.
          const id = this.memberByPeerId.get(remote);
          if (id === undefined) {
            refused = true;
            this.counters.drop("not-member");
            stream.abort(new Error("no longer a cluster member"));
            return;
          }
          this.deliver(id, frame);
          return;
        }
        const theirs = helloGenesisHash(frame);
        if (theirs !== null && theirs === Buffer.from(expected!).toString("hex")) {
          greeted = true;
          this.linkByPeer.get(remote)?.kick();
          return;
        }
        refused = true;
        this.counters.drop("genesis-mismatch");
        const peerId = connection.remotePeer.toString();
        if (this.opts.onGenesisMismatch) this.opts.onGenesisMismatch(member, peerId, theirs);
        else
          this.logger.warn(
            { peer: member, peerId, theirs },
            "peer refused: its genesis hash differs from ours",
          );
        stream.abort(new Error("genesis hash mismatch"));
      },
      onViolation: (err) => this.onViolation(member, err),
    });
    // A peer that opens a stream to us is up: if we are waiting to re-dial it, dial now (once it proved it
    // runs our genesis, so two nodes refusing each other do not kick each other into a tight loop).
    if (greeted) this.linkByPeer.get(remote)?.kick();
  }

  private deliver(from: number, frame: Uint8Array): void {
    this.counters.framesIn++;
    this.counters.bytesIn += frame.byteLength;
    try {
      this.frameHandler(from, frame);
    } catch (err) {
      this.counters.drop("handler-error");
      this.logger.error({ err, from }, "replica frame handler threw");
    }
  }

  private onViolation(member: number, err: FrameError): void {
    this.counters.drop(err.reason);
    this.counters.streamsClosedOnError++;
    this.logger.warn(
      { peer: member, reason: err.reason, err: err.message },
      "framing violation; stream closed",
    );
  }

  private notifyPeerChange(): void {
    if (this.stopped) return;
    const connected = this.connectedPeers();
    if (sameMembers(connected, this.lastConnected)) return;
    this.lastConnected = connected;
    try {
      this.peerChangeHandler(connected);
    } catch (err) {
      this.logger.error({ err }, "peer change handler threw");
    }
  }
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
