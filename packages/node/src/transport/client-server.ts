/**
 * The node side of the client protocol: an open libp2p host speaking `/pbft/client/1.0.0`.
 *
 * Anyone may connect (clients are authenticated by their request signatures above this layer,
 * not by peer id). Each stream a client opens is a `ClientSession`: frames in are handed up
 * with the session, replies go back on the same stream. Limits: `connectionsMax` concurrent
 * client connections (extra ones are refused, counted in `connectionsDenied`), a few streams per
 * connection, `frameBytesMax` per frame (a larger length closes the stream), and a token bucket
 * per connection (`framesPerSecondPerConnection`, a one-second burst): excess frames are dropped
 * ("rate-limited"), and a connection that keeps sending more than twice its rate is
 * disconnected (`connectionsClosedForAbuse`).
 */
import "../polyfill.js";
import type { Connection, PrivateKey, Stream } from "@libp2p/interface";
import type { Libp2p } from "libp2p";
import type { Logger } from "pino";
import { FrameQueue, readFrames } from "./frame-stream.js";
import { assertFrameBytesMax } from "./framing.js";
import { boundAddresses, createHost } from "./host.js";
import { StatsCounters, type TransportStats } from "./stats.js";

export const CLIENT_PROTOCOL = "/pbft/client/1.0.0";

/** Streams one client connection may have open at once. */
const CLIENT_STREAMS_PER_CONNECTION_MAX = 4;
/** Default reply queue per session: 4 MiB (at least frameBytesMax). */
const DEFAULT_SESSION_QUEUE_BYTES_MAX = 4 * 1024 * 1024;
const DIAL_TIMEOUT_MS = 5_000;

export interface ClientSession {
  /** Unique within this server's lifetime. */
  readonly id: number;
  /** The client's (unauthenticated, possibly ephemeral) peer id. */
  readonly remotePeer: string;
  /** The connection's remote multiaddr (e.g. /ip4/127.0.0.1/tcp/53412). */
  readonly remoteAddress: string;
  /** Queues an encoded pbft.ClientFrame for the client; dropped (counted) when closed or too large. */
  send(frame: Uint8Array): void;
  readonly closed: boolean;
  /** Called once when the session closes (immediately, on a microtask, if it already has). */
  onClose(cb: () => void): void;
}

export interface ClientServerOptions {
  privateKey: PrivateKey;
  listen: readonly string[];
  frameBytesMax: number;
  connectionsMax: number;
  framesPerSecondPerConnection: number;
  logger: Logger;
  /** Reply bytes queued per session before the oldest are dropped; default 4 MiB (at least frameBytesMax). */
  sessionQueueBytesMax?: number;
}

export interface ClientServer {
  readonly peerId: string;
  onFrame(handler: (session: ClientSession, frame: Uint8Array) => void): void;
  stats(): TransportStats;
  stop(): Promise<void>;
}

/** For tests and diagnostics only. */
export interface ClientServerInternals {
  readonly node: Libp2p;
  readonly addresses: readonly string[];
}

export async function startClientServer(opts: ClientServerOptions): Promise<ClientServer> {
  assertFrameBytesMax(opts.frameBytesMax);
  if (!Number.isInteger(opts.connectionsMax) || opts.connectionsMax < 1) {
    throw new RangeError(`connectionsMax must be a positive integer, got ${opts.connectionsMax}`);
  }
  if (!(opts.framesPerSecondPerConnection > 0)) {
    throw new RangeError(
      `framesPerSecondPerConnection must be positive, got ${opts.framesPerSecondPerConnection}`,
    );
  }
  const counters = new StatsCounters();
  const logger = opts.logger.child({ component: "client-server" });
  let node: Libp2p | null = null;
  node = await createHost({
    privateKey: opts.privateKey,
    listen: opts.listen,
    connectionGater: {
      // Before the Noise handshake: refuse beyond the limit without spending a handshake on it.
      denyInboundConnection: () => {
        if (node !== null && node.getConnections().length >= opts.connectionsMax) {
          counters.connectionsDenied++;
          return true;
        }
        return false;
      },
    },
    // libp2p's own limit one above ours, so ours (counted) is the one that refuses.
    connectionsMax: opts.connectionsMax + 1,
    inboundConnectionsPerSecondPerHost: Math.max(opts.connectionsMax, 16),
    dialTimeoutMs: DIAL_TIMEOUT_MS,
  });
  const server = new Server(opts, node, counters, logger);
  await server.start();
  return server;
}

interface ConnectionBudget {
  tokens: number;
  abuse: number;
  lastRefillMs: number;
  closed: boolean;
}

class Server implements ClientServer, ClientServerInternals {
  readonly peerId: string;
  private handler: (session: ClientSession, frame: Uint8Array) => void = () => {};
  private readonly budgets = new Map<string, ConnectionBudget>();
  private readonly sessions = new Set<Session>();
  private nextSessionId = 1;
  private stopped = false;
  private readonly burst: number;
  private readonly abuseMax: number;
  private readonly sessionQueueBytesMax: number;

  constructor(
    private readonly opts: ClientServerOptions,
    readonly node: Libp2p,
    private readonly counters: StatsCounters,
    private readonly logger: Logger,
  ) {
    this.peerId = node.peerId.toString();
    this.burst = Math.max(1, opts.framesPerSecondPerConnection);
    this.abuseMax = 2 * opts.framesPerSecondPerConnection + 10;
    this.sessionQueueBytesMax = Math.max(
      opts.sessionQueueBytesMax ?? DEFAULT_SESSION_QUEUE_BYTES_MAX,
      opts.frameBytesMax,
    );
  }

  get addresses(): readonly string[] {
    return boundAddresses(this.node);
  }

  async start(): Promise<void> {
    this.node.addEventListener("connection:open", (evt) => {
      const connection = evt.detail;
      // Handshakes in flight when the limit was checked can overshoot it: cut the newest.
      if (this.node.getConnections().length > this.opts.connectionsMax) {
        this.counters.connectionsDenied++;
        connection.abort(new Error("too many client connections"));
      }
    });
    this.node.addEventListener("connection:close", (evt) => {
      const budget = this.budgets.get(evt.detail.id);
      if (budget !== undefined) budget.closed = true;
      this.budgets.delete(evt.detail.id);
    });
    await this.node.handle(CLIENT_PROTOCOL, (stream, connection) => this.onStream(stream, connection), {
      maxInboundStreams: CLIENT_STREAMS_PER_CONNECTION_MAX,
    });
    await this.node.start();
    this.logger.info({ peerId: this.peerId, addresses: this.addresses }, "client server listening");
  }

  onFrame(handler: (session: ClientSession, frame: Uint8Array) => void): void {
    this.handler = handler;
  }

  stats(): TransportStats {
    let queued = 0;
    for (const session of this.sessions) queued += session.queuedBytes;
    return this.counters.snapshot(queued);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const session of [...this.sessions]) session.close();
    await this.node.stop();
    this.logger.info("client server stopped");
  }

  private onStream(stream: Stream, connection: Connection): void {
    if (this.stopped) {
      stream.abort(new Error("server stopping"));
      return;
    }
    let budget = this.budgets.get(connection.id);
    if (budget === undefined) {
      budget = { tokens: this.burst, abuse: 0, lastRefillMs: performance.now(), closed: false };
      this.budgets.set(connection.id, budget);
    }
    const session = new Session(
      this.nextSessionId++,
      connection.remotePeer.toString(),
      // Without the /p2p/<peer id> suffix: the peer id is remotePeer.
      connection.remoteAddr.toString().split("/p2p/")[0]!,
      stream,
      new FrameQueue(this.sessionQueueBytesMax, this.counters),
      this.opts.frameBytesMax,
      this.counters,
    );
    this.sessions.add(session);
    this.counters.streamsOpen++;
    stream.addEventListener(
      "close",
      () => {
        this.counters.streamsOpen--;
        this.sessions.delete(session);
        session.markClosed();
      },
      { once: true },
    );
    const b = budget;
    readFrames(stream, this.opts.frameBytesMax, {
      onFrame: (frame) => this.onClientFrame(session, connection, b, frame),
      onViolation: (err) => {
        this.counters.drop(err.reason);
        this.counters.streamsClosedOnError++;
        this.logger.debug(
          { session: session.id, peer: session.remotePeer, reason: err.reason },
          "bad client frame; stream closed",
        );
      },
    });
  }

  private onClientFrame(
    session: Session,
    connection: Connection,
    budget: ConnectionBudget,
    frame: Uint8Array,
  ): void {
    if (budget.closed || session.closed) return;
    const nowMs = performance.now();
    const elapsedS = (nowMs - budget.lastRefillMs) / 1000;
    budget.lastRefillMs = nowMs;
    const rate = this.opts.framesPerSecondPerConnection;
    budget.tokens = Math.min(this.burst, budget.tokens + elapsedS * rate);
    budget.abuse = Math.max(0, budget.abuse - elapsedS * rate);
    if (budget.tokens < 1) {
      this.counters.drop("rate-limited");
      budget.abuse += 1;
      if (budget.abuse > this.abuseMax) {
        budget.closed = true;
        this.counters.connectionsClosedForAbuse++;
        this.logger.info(
          { peer: session.remotePeer },
          "client over its frame rate for too long; disconnected",
        );
        connection.abort(new Error("frame rate exceeded"));
      }
      return;
    }
    budget.tokens -= 1;
    this.counters.framesIn++;
    this.counters.bytesIn += frame.byteLength;
    try {
      this.handler(session, frame);
    } catch (err) {
      this.counters.drop("handler-error");
      this.logger.error({ err, session: session.id }, "client frame handler threw");
    }
  }
}

class Session implements ClientSession {
  private isClosed = false;
  private closeCallbacks: (() => void)[] = [];

  constructor(
    readonly id: number,
    readonly remotePeer: string,
    readonly remoteAddress: string,
    private readonly stream: Stream,
    private readonly queue: FrameQueue,
    private readonly frameBytesMax: number,
    private readonly counters: StatsCounters,
  ) {
    queue.attach(stream);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get queuedBytes(): number {
    return this.queue.queuedBytes;
  }

  send(frame: Uint8Array): void {
    if (this.isClosed) {
      this.counters.drop("closed");
      return;
    }
    if (frame.byteLength === 0 || frame.byteLength > this.frameBytesMax) {
      this.counters.drop("too-large");
      return;
    }
    this.queue.enqueue(frame);
  }

  onClose(cb: () => void): void {
    if (this.isClosed) {
      queueMicrotask(cb);
      return;
    }
    this.closeCallbacks.push(cb);
  }

  close(): void {
    this.stream.abort(new Error("server stopping"));
    this.markClosed();
  }

  markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queue.detach();
    this.queue.clear("closed");
    const callbacks = this.closeCallbacks;
    this.closeCallbacks = [];
    for (const cb of callbacks) {
      try {
        cb();
      } catch {
        // A caller's callback must not break the transport.
      }
    }
  }
}
