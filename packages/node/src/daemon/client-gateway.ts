// The node's door for clients: every frame is size-checked, decoded, checked for its cluster, proposer and
// signature, and rate-limited per client key before the core sees it. Refusals are answered with a
// ClientError (stable code, counted) so a client learns why instead of timing out.
import { pbft, requestHash, signedBytes, toHex, type Verifier } from "@pbft/consensus";
import type { Logger } from "pino";
import { REQUEST_NUMBER_MAX } from "../client/proposal.js";
import type { ClientSession } from "../transport/index.js";
import type { NodeMetrics } from "./metrics.js";
import { keyFingerprint, type SecurityEvent, type SecurityLog } from "./security-log.js";

export const CLIENT_ERROR_CODES = [
  "malformed-frame",
  "unexpected-frame",
  "malformed-request",
  "too-large",
  "wrong-cluster",
  "unauthorised-proposer",
  "invalid-signature",
  "rate-limited",
  "overloaded",
  // from the core: numbered below a request of the same key that was already executed
  "stale-request",
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

const SESSIONS_PER_CLIENT_MAX = 8;
const LATENCY_TRACKED_MAX = 100_000;
const BUCKETS_MAX = 100_000;

interface Refusal {
  readonly code: ClientErrorCode;
  readonly message: string;
  /** The refused request, once decoded: the error names it by its hash (computed only for a refusal). */
  readonly request?: pbft.ClientRequest;
  /** The client key it claims (hex), once decoded. */
  readonly keyHex?: string;
}

function refusal(
  code: ClientErrorCode,
  message: string,
  request?: pbft.ClientRequest,
  keyHex?: string,
): Refusal {
  return { code, message, ...(request ? { request } : {}), ...(keyHex ? { keyHex } : {}) };
}

/** The gateway's refusals that are security events. */
const SECURITY_EVENT_OF: Partial<Record<ClientErrorCode, SecurityEvent>> = {
  "unauthorised-proposer": "unauthorised-proposer",
  "invalid-signature": "bad-client-signature",
  "stale-request": "stale-request",
};

interface Bucket {
  tokens: number;
  at: number;
}

export interface ClientGatewayOptions {
  readonly clusterId: string;
  readonly proposers: ReadonlySet<string>; // hex keys
  /** Proposer names by hex key (cluster.json), for the security log. */
  readonly proposerNames?: ReadonlyMap<string, string>;
  /** Security events (unauthorised proposer, bad client signature, stale request) go here. */
  readonly security?: SecurityLog;
  readonly verifier: Verifier;
  readonly requestBytesMax: number;
  readonly requestsPerSecondPerClient: number;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  /** Hands a checked request to the core; false when the node is overloaded. */
  readonly submit: (request: pbft.ClientRequest) => boolean;
  readonly now?: () => number;
}

export class ClientGateway {
  private readonly sessions = new Map<string, Set<ClientSession>>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly firstSeen = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly o: ClientGatewayOptions) {
    // Every code counted from zero, so a rate or an alert sees the first refusal too.
    for (const code of CLIENT_ERROR_CODES) o.metrics.clientRejections.inc({ code }, 0);
    this.now = o.now ?? (() => performance.now());
  }

  handleFrame(session: ClientSession, bytes: Uint8Array): void {
    const refusal = this.admit(session, bytes);
    if (refusal) this.refuse(session, refusal);
  }

  /** Hands the request on, or says why not. */
  private admit(session: ClientSession, bytes: Uint8Array): Refusal | null {
    let frame: pbft.ClientFrame;
    try {
      frame = pbft.ClientFrame.decode(bytes);
    } catch {
      return refusal("malformed-frame", "the frame is not a ClientFrame");
    }
    // Decoded nested messages are instances (the generated typings only promise the interface).
    const request = frame.request as pbft.ClientRequest | null | undefined;
    if (frame.kind !== "request" || !request)
      return refusal("unexpected-frame", "clients send requests only");
    if (request.body.length + request.signature.length > this.o.requestBytesMax)
      return refusal("too-large", `a request may carry ${this.o.requestBytesMax} bytes`);
    let body: pbft.RequestBody;
    try {
      body = pbft.RequestBody.decode(request.body);
    } catch {
      return refusal("malformed-request", "the request body does not decode");
    }
    if (body.clientKey.length !== 32 || request.signature.length !== 64)
      return refusal("malformed-request", "the client key must have 32 bytes, the signature 64", request);
    if (
      !Number.isSafeInteger(body.requestNumber) ||
      body.requestNumber < 1 ||
      body.requestNumber >= REQUEST_NUMBER_MAX
    )
      return refusal("malformed-request", "the request number must be from 1 to 2^48 - 1", request);
    if (body.clusterId !== this.o.clusterId)
      return refusal("wrong-cluster", `this node serves cluster ${this.o.clusterId}`, request);
    const keyHex = toHex(body.clientKey);
    if (!this.o.proposers.has(keyHex))
      return refusal(
        "unauthorised-proposer",
        "the client key is not a proposer of cluster.json",
        request,
        keyHex,
      );
    if (
      !this.o.verifier.verifyClient(
        body.clientKey,
        signedBytes("request", body.clusterId, request.body),
        request.signature,
      )
    )
      return refusal("invalid-signature", "the request signature does not verify", request, keyHex);
    if (!this.take(keyHex)) return refusal("rate-limited", "too many requests for this client key", request);
    this.attach(keyHex, session);
    const id = `${keyHex}:${body.requestNumber}`;
    if (!this.firstSeen.has(id)) {
      if (this.firstSeen.size >= LATENCY_TRACKED_MAX) this.firstSeen.clear();
      this.firstSeen.set(id, this.now());
    }
    return this.o.submit(request)
      ? null
      : refusal("overloaded", "the node is overloaded; retry later", request);
  }

  /** Sends a reply to every session this client used here. */
  deliver(clientKey: Uint8Array, requestNumber: number, reply: pbft.IReply): void {
    const keyHex = toHex(clientKey);
    const id = `${keyHex}:${requestNumber}`;
    const t0 = this.firstSeen.get(id);
    if (t0 !== undefined) {
      this.o.metrics.commitLatency.observe((this.now() - t0) / 1000);
      this.firstSeen.delete(id);
    }
    const sessions = this.sessions.get(keyHex);
    if (!sessions) return;
    const bytes = pbft.ClientFrame.encode({ reply }).finish();
    for (const s of sessions) s.send(bytes);
  }

  /** Tells every session this client used here that the core refused its request (e.g. stale-request). */
  refused(clientKey: Uint8Array, request: pbft.ClientRequest, code: ClientErrorCode): void {
    const sessions = this.sessions.get(toHex(clientKey));
    const message =
      code === "stale-request"
        ? "a request of this key with a higher request number was already executed (one submitting process per key at a time)"
        : code;
    const keyHex = toHex(clientKey);
    if (!sessions || sessions.size === 0) this.report(code, keyHex, undefined);
    for (const s of sessions ?? []) this.refuse(s, { code, message, request, keyHex });
  }

  private report(
    code: ClientErrorCode,
    keyHex: string | undefined,
    session: ClientSession | undefined,
  ): void {
    const event = SECURITY_EVENT_OF[code];
    if (!event || !this.o.security) return;
    const proposer = keyHex ? this.o.proposerNames?.get(keyHex) : undefined;
    this.o.security.report({
      event,
      reason: code,
      ...(session ? { peerId: session.remotePeer, address: session.remoteAddress } : {}),
      ...(keyHex ? { keyFingerprint: keyFingerprint(keyHex) } : {}),
      ...(proposer ? { proposer } : {}),
    });
  }

  private attach(keyHex: string, session: ClientSession): void {
    let set = this.sessions.get(keyHex);
    if (!set) {
      set = new Set();
      this.sessions.set(keyHex, set);
    }
    if (set.has(session)) return;
    if (set.size >= SESSIONS_PER_CLIENT_MAX) {
      const oldest = set.values().next().value;
      if (oldest) set.delete(oldest);
    }
    set.add(session);
    session.onClose(() => {
      const s = this.sessions.get(keyHex);
      s?.delete(session);
      if (s?.size === 0) this.sessions.delete(keyHex);
    });
  }

  private take(keyHex: string): boolean {
    const rate = this.o.requestsPerSecondPerClient;
    const t = this.now();
    let b = this.buckets.get(keyHex);
    if (!b) {
      if (this.buckets.size >= BUCKETS_MAX) this.buckets.clear();
      b = { tokens: rate, at: t };
      this.buckets.set(keyHex, b);
    }
    b.tokens = Math.min(rate, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private refuse(session: ClientSession, { code, message, request, keyHex }: Refusal): void {
    const hash = request ? requestHash(request.body, request.signature) : new Uint8Array();
    this.o.metrics.clientRejections.inc({ code });
    if (SECURITY_EVENT_OF[code]) this.report(code, keyHex, session);
    else this.o.logger.debug({ code, client: session.remotePeer }, "client request refused");
    session.send(
      pbft.ClientFrame.encode({
        error: { code, message, requestHash: hash },
      }).finish(),
    );
  }
}
