// Security events in the node's log: what an operator must see without turning on debug logs. Each event is
// one `warn` line (event, who: peer id or address, member, key fingerprint, reason code) and is counted in
// pbft_security_events_total{event} (the alerts read the counter, which counts every event, logged or not).
//
// Rate limit, so a flood cannot fill the disk: per event and source (a key fingerprint, a peer id), one line
// per window (60 s); all sources together, SECURITY_LINES_PER_WINDOW_MAX lines per window. What the limit
// holds back is summed in one `warn` line per window (`event: "suppressed"`). So the log gets at most
// 31 security lines a minute (about 15 KB), whatever arrives.
import { createHash } from "node:crypto";
import type { Effect, Event, Replica, ReplicaId } from "@pbft/consensus";
import type { Logger } from "pino";

export const SECURITY_EVENTS = [
  "unauthorised-proposer", // a client request signed by a key that is not a proposer of cluster.json
  "bad-client-signature", // a client request whose signature does not verify (from a client, or inside a member's message)
  "non-member-peer", // a peer that is not a member of cluster.json connected or was dialled (replica network)
  "genesis-mismatch", // a member's peer whose hello carries another genesis hash (or none): its stream is closed
  "bad-member-signature", // a member's message whose signature does not verify, or signed as someone else
  "equivocation", // two different signed messages for one slot from one member
  "stale-request", // a request numbered below one of its key already executed (a replay, or two processes on one key)
] as const;

export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

export const SECURITY_WINDOW_MS = 60_000;
export const SECURITY_LINES_PER_WINDOW_MAX = 30;
/** Sources remembered per window; beyond it every new source counts as suppressed. */
const SOURCES_PER_WINDOW_MAX = 10_000;

/** What one event says about its origin; `source` is what the rate limit is keyed by. */
export interface SecurityReport {
  readonly event: SecurityEvent;
  /** The stable code of the refusal: the core's reject reason, the gateway's client code, the gater's path. */
  readonly reason: string;
  readonly peerId?: string;
  readonly address?: string;
  readonly member?: ReplicaId;
  readonly memberName?: string;
  readonly proposer?: string;
  readonly keyFingerprint?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** `sha256:` and the first 16 bytes (hex) of SHA-256 over a raw public key (also given as hex). */
export function keyFingerprint(key: Uint8Array | string): string {
  const bytes = typeof key === "string" ? Buffer.from(key, "hex") : key;
  return `sha256:${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}`;
}

export interface SecurityLogOptions {
  readonly logger: Logger;
  /** Called for every event, logged or not (the metric). */
  readonly count?: (event: SecurityEvent) => void;
  readonly now?: () => number;
  readonly windowMs?: number;
  readonly linesPerWindowMax?: number;
}

export class SecurityLog {
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly linesMax: number;
  private windowStart: number;
  private lines = 0;
  private readonly logged = new Set<string>();
  private readonly suppressed = new Map<SecurityEvent, number>();
  private readonly suppressedSources = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: SecurityLogOptions) {
    this.now = o.now ?? (() => Date.now());
    this.windowMs = o.windowMs ?? SECURITY_WINDOW_MS;
    this.linesMax = o.linesPerWindowMax ?? SECURITY_LINES_PER_WINDOW_MAX;
    this.windowStart = this.now();
  }

  /** Emits the summary of a window that ended while nothing else arrived (an unref'd timer). */
  start(): void {
    this.timer ??= setInterval(() => this.roll(), this.windowMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.roll(true);
  }

  report(r: SecurityReport): void {
    this.o.count?.(r.event);
    this.roll();
    const source = `${r.event}|${r.keyFingerprint ?? ""}|${r.peerId ?? r.address ?? ""}|${r.member ?? ""}`;
    if (
      this.logged.has(source) ||
      this.lines >= this.linesMax ||
      this.logged.size >= SOURCES_PER_WINDOW_MAX
    ) {
      this.suppressed.set(r.event, (this.suppressed.get(r.event) ?? 0) + 1);
      if (this.suppressedSources.size < SOURCES_PER_WINDOW_MAX) this.suppressedSources.add(source);
      return;
    }
    this.logged.add(source);
    this.lines++;
    const { event, reason, detail, ...who } = r;
    this.o.logger.warn({ event, reason, ...who, ...detail }, `security: ${event.replaceAll("-", " ")}`);
  }

  /** Starts a new window when the current one is over (or at once with `force`), summing what it held back. */
  private roll(force = false): void {
    const t = this.now();
    if (!force && t - this.windowStart < this.windowMs) return;
    if (this.suppressed.size > 0) {
      const total = [...this.suppressed.values()].reduce((a, b) => a + b, 0);
      this.o.logger.warn(
        {
          event: "suppressed",
          suppressed: Object.fromEntries(this.suppressed),
          sources: this.suppressedSources.size,
          windowSeconds: Math.round((t - this.windowStart) / 1000),
        },
        `security: ${total} more event(s) not logged (at most one line per source and ${this.linesMax} lines per ${this.windowMs / 1000} s)`,
      );
    }
    this.windowStart = t;
    this.lines = 0;
    this.logged.clear();
    this.suppressed.clear();
    this.suppressedSources.clear();
  }
}

/** The members of cluster.json, as the security log names them. */
export interface MemberInfo {
  readonly name: string;
  readonly peerId: string;
  readonly votePublicKey: string;
}

/**
 * The consensus core's refusals that are security events (it reports them as `rejected` effects with a
 * reason and the member it came from; equivocation as its own effect).
 */
export function securityReportsOf(
  effects: readonly Effect[],
  members: readonly MemberInfo[],
): SecurityReport[] {
  const out: SecurityReport[] = [];
  const who = (id: ReplicaId) => {
    const m = members[id];
    return m
      ? { member: id, memberName: m.name, peerId: m.peerId, keyFingerprint: keyFingerprint(m.votePublicKey) }
      : { member: id };
  };
  for (const e of effects) {
    if (e.kind === "equivocation") {
      out.push({
        event: "equivocation",
        reason: "equivocation",
        ...who(e.evidence.member),
        detail: { slot: e.evidence.slot },
      });
      continue;
    }
    if (e.kind !== "rejected" || e.from === "client") continue;
    switch (e.reason) {
      case "bad-signature":
      case "sender-mismatch":
      case "not-member":
        out.push({ event: "bad-member-signature", reason: e.reason, ...who(e.from) });
        break;
      case "bad-client-signature":
        // Inside a member's message (a forwarded request, a pre-prepare's batch): the member passed it on.
        out.push({ event: "bad-client-signature", reason: e.reason, ...who(e.from) });
        break;
      default:
    }
  }
  return out;
}

/**
 * Lets `observe` see every event the replica steps and the effects it returns, without changing either:
 * the node logs the core's security events and tracks readiness from them. `observe` must not throw into
 * the core's caller, so it is guarded.
 */
export function observeSteps(
  replica: Replica,
  observe: (event: Event, effects: readonly Effect[]) => void,
): void {
  const step = replica.step.bind(replica);
  replica.step = (event, nowMs) => {
    const effects = step(event, nowMs);
    try {
      observe(event, effects);
    } catch {
      // a logging problem must never stop consensus
    }
    return effects;
  };
}
