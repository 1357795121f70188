/**
 * The client (CLI) side of the client protocol. An ephemeral libp2p identity (clients are
 * authenticated by their request signatures, not by peer id) that dials each member's client
 * addresses and keeps one stream to each, re-dialling with back-off. The member's peer id from
 * cluster.json is part of every dial: Noise refuses a host that cannot prove that identity, and
 * a gater refuses any other peer id, so a frame from member `m` came from `m`'s key.
 */
import "../polyfill.js";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import type { Libp2p } from "libp2p";
import { type Logger, pino } from "pino";
import type { BackoffOptions } from "./backoff.js";
import { CLIENT_PROTOCOL } from "./client-server.js";
import { assertFrameBytesMax } from "./framing.js";
import { membersOnlyGater } from "./gater.js";
import { createHost } from "./host.js";
import { PeerLink } from "./peer-link.js";
import { StatsCounters, type TransportStats } from "./stats.js";

const DIAL_TIMEOUT_MS = 5_000;
const SEND_QUEUE_BYTES_MAX = 4 * 1024 * 1024;

export interface ClientConnectorMember {
  readonly id: number;
  readonly peerId: string;
  readonly clientAddresses: readonly string[];
}

export interface ClientConnectorOptions {
  readonly members: readonly ClientConnectorMember[];
  readonly frameBytesMax: number;
  readonly logger?: Logger;
  readonly backoff?: BackoffOptions;
}

export interface ClientConnector {
  /** Queues a frame for `member`; false when it is not connected (the frame is dropped). */
  send(member: number, frame: Uint8Array): boolean;
  /** One handler; a later call replaces it. */
  onFrame(handler: (member: number, frame: Uint8Array) => void): void;
  /** Members with an open stream, ascending. */
  connected(): readonly number[];
  /** Resolves with `connected()` once at least `count` members are connected; rejects after timeoutMs. */
  waitConnected(count: number, timeoutMs: number): Promise<readonly number[]>;
  stats(): TransportStats;
  stop(): Promise<void>;
}

export async function startClientConnector(opts: ClientConnectorOptions): Promise<ClientConnector> {
  assertFrameBytesMax(opts.frameBytesMax);
  const logger = (opts.logger ?? pino({ level: "silent" })).child({ component: "client-connector" });
  const counters = new StatsCounters();
  const ids = new Set<number>();
  for (const m of opts.members) {
    if (ids.has(m.id)) throw new Error(`member id ${m.id} appears twice`);
    ids.add(m.id);
  }
  const node = await createHost({
    listen: [],
    connectionGater: membersOnlyGater(new Set(opts.members.map((m) => m.peerId)), (peerId, path) => {
      counters.connectionsDenied++;
      logger.debug({ peerId, path }, "not a member's peer id; refused");
    }),
    connectionsMax: Math.max(16, opts.members.length * 2),
    inboundConnectionsPerSecondPerHost: 1,
    dialTimeoutMs: DIAL_TIMEOUT_MS,
  });
  const connector = new Connector(opts, node, counters, logger);
  await connector.start();
  return connector;
}

interface Waiter {
  readonly count: number;
  readonly resolve: (connected: readonly number[]) => void;
}

class Connector implements ClientConnector {
  private readonly links = new Map<number, PeerLink>();
  private handler: (member: number, frame: Uint8Array) => void = () => {};
  private readonly waiters = new Set<Waiter>();
  private stopped = false;

  constructor(
    private readonly opts: ClientConnectorOptions,
    readonly node: Libp2p,
    private readonly counters: StatsCounters,
    private readonly logger: Logger,
  ) {
    for (const m of opts.members) {
      this.links.set(
        m.id,
        new PeerLink({
          node,
          member: m.id,
          peerId: peerIdFromString(m.peerId),
          protocol: CLIENT_PROTOCOL,
          frameBytesMax: opts.frameBytesMax,
          sendQueueBytesMax: Math.max(SEND_QUEUE_BYTES_MAX, opts.frameBytesMax),
          dialTimeoutMs: DIAL_TIMEOUT_MS,
          ...(opts.backoff === undefined ? {} : { backoff: opts.backoff }),
          counters,
          logger,
          onFrame: (member, frame) => this.deliver(member, frame),
          onViolation: (member, err) => {
            counters.drop(err.reason);
            counters.streamsClosedOnError++;
            logger.warn({ member, reason: err.reason }, "bad frame from a member; stream closed");
          },
          onOpenChange: () => this.checkWaiters(),
        }),
      );
    }
  }

  async start(): Promise<void> {
    for (const m of this.opts.members) {
      if (m.clientAddresses.length === 0) continue;
      await this.node.peerStore.merge(peerIdFromString(m.peerId), {
        multiaddrs: m.clientAddresses.map((a) => multiaddr(a)),
      });
    }
    await this.node.start();
    for (const link of this.links.values()) link.start();
  }

  send(member: number, frame: Uint8Array): boolean {
    const link = this.links.get(member);
    if (link === undefined) {
      this.counters.drop("unknown-peer");
      return false;
    }
    if (frame.byteLength === 0 || frame.byteLength > this.opts.frameBytesMax) {
      this.counters.drop("too-large");
      return false;
    }
    if (!link.isOpen) {
      this.counters.drop("peer-down");
      return false;
    }
    return link.send(frame);
  }

  onFrame(handler: (member: number, frame: Uint8Array) => void): void {
    this.handler = handler;
  }

  connected(): readonly number[] {
    const ids: number[] = [];
    for (const [id, link] of this.links) if (link.isOpen) ids.push(id);
    return ids.sort((a, b) => a - b);
  }

  waitConnected(count: number, timeoutMs: number): Promise<readonly number[]> {
    const now = this.connected();
    if (now.length >= count) return Promise.resolve(now);
    if (this.stopped) return Promise.reject(new Error("client connector stopped"));
    if (count > this.links.size) {
      return Promise.reject(
        new Error(`cannot wait for ${count} members: the cluster has ${this.links.size}`),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve: (connected) => {
          clearTimeout(timer);
          resolve(connected);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `only ${this.connected().length} of the ${count} members needed connected after ${timeoutMs} ms (connected: [${this.connected().join(", ")}])`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  stats(): TransportStats {
    let queued = 0;
    for (const link of this.links.values()) queued += link.queuedBytes;
    return this.counters.snapshot(queued);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.links.values()].map((link) => link.stop()));
    await this.node.stop();
  }

  private deliver(member: number, frame: Uint8Array): void {
    this.counters.framesIn++;
    this.counters.bytesIn += frame.byteLength;
    try {
      this.handler(member, frame);
    } catch (err) {
      this.counters.drop("handler-error");
      this.logger.error({ err, member }, "client frame handler threw");
    }
  }

  private checkWaiters(): void {
    if (this.waiters.size === 0) return;
    const connected = this.connected();
    for (const waiter of [...this.waiters]) {
      if (connected.length >= waiter.count) {
        this.waiters.delete(waiter);
        waiter.resolve(connected);
      }
    }
  }
}
