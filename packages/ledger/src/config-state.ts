// The configuration part of the rules' state: the epoch in force, the epoch history, every config change
// with its approvals and status, and the pending boundary. Decides config-change and config-approval
// proposals (the order of the checks is part of the rules) and moves to the next epoch after the boundary.
// Like MemoryRulesState it forks (an append is planned on a fork) and merges once the write succeeded.
import { quorumOf } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import {
  approvalSigningBytes,
  type ConfigApproval,
  type ConfigChange,
  configChangeHash,
} from "./config-change.js";
import { verifyEd25519 } from "./ed25519.js";
import {
  applyChange,
  type EpochConfig,
  type EpochRecord,
  epochConfigHash,
  genesisEpoch,
  paramsOf,
} from "./epochs.js";
import type { Reason } from "./rules.js";

export type ChangeStatus = "pending" | "approved" | "superseded" | "applied";

export interface Approval {
  readonly member: string;
  readonly id: string;
  readonly height: number;
}

/** A config change as the ledger keeps it (immutable: an update replaces the record). */
export interface ChangeRecord {
  readonly id: string;
  readonly epoch: number;
  readonly hash: string;
  /** The height of the entry that recorded the change. */
  readonly height: number;
  readonly change: ConfigChange;
  /** The configuration the change leads to (epoch + 1), derived when it was recorded. */
  readonly next: EpochConfig;
  readonly nextHash: string;
  readonly status: ChangeStatus;
  readonly approvals: readonly Approval[];
  /** The height whose entry completed the approvals, and the boundary after which the change applies. */
  readonly approvedAt?: number;
  readonly boundary?: number;
  /** The height whose approval of another change superseded this one. */
  readonly supersededAt?: number;
}

/** The per-epoch lookups the rules make for every request. */
interface Keys {
  readonly proposers: ReadonlySet<string>;
  readonly members: ReadonlyMap<string, string>; // vote key hex -> name
  readonly byName: ReadonlyMap<string, string>; // name -> vote key hex
}

function keysOf(c: ClusterConfig): Keys {
  return {
    proposers: new Set(c.proposers.map((p) => p.publicKey)),
    members: new Map(c.members.map((m) => [m.votePublicKey, m.name])),
    byName: new Map(c.members.map((m) => [m.name, m.votePublicKey])),
  };
}

export class ConfigState {
  private readonly changes = new Map<string, ChangeRecord>();
  private current: EpochRecord;
  private history: readonly EpochRecord[];
  private keys: Keys;
  private pendingIds: readonly string[];
  private boundaryHeight: number | null;
  private prepared: { readonly proposal: unknown; readonly run: () => void } | null = null;
  /** What this fork changed (the store writes them): change ids and entered epochs. */
  readonly touched = new Set<string>();
  readonly entered: EpochRecord[] = [];

  constructor(
    genesis: ClusterConfig | null,
    private readonly parent?: ConfigState,
  ) {
    if (parent) {
      this.current = parent.current;
      this.history = parent.history;
      this.keys = parent.keys;
      this.pendingIds = parent.pendingIds;
      this.boundaryHeight = parent.boundaryHeight;
    } else {
      if (genesis === null) throw new Error("a root ConfigState needs the genesis");
      this.current = genesisEpoch(genesis);
      this.history = [this.current];
      this.keys = keysOf(genesis);
      this.pendingIds = [];
      this.boundaryHeight = null;
    }
  }

  /**
   * A root state set to what was stored (rules-store.ts, at open): the epoch history (oldest first, from
   * the genesis), every change recorded, the open changes' ids in the order they were recorded, and the
   * pending boundary. Changes are governance (a few per epoch), so all of them are kept in memory.
   */
  restore(
    history: readonly EpochRecord[],
    changes: Iterable<ChangeRecord>,
    openIds: readonly string[],
    boundary: number | null,
  ): void {
    if (this.parent !== undefined) throw new Error("restore() of a fork");
    if (history.length === 0) throw new Error("restore() without the genesis epoch");
    this.changes.clear();
    for (const c of changes) this.changes.set(c.id, c);
    for (const id of openIds)
      if (!this.changes.has(id)) throw new Error(`open config change ${id} is not stored`);
    this.current = history.at(-1)!;
    this.history = [...history];
    this.keys = keysOf(this.current.config);
    this.pendingIds = [...openIds];
    this.boundaryHeight = boundary;
  }

  /** The ids of open() (what the store keeps to restore them). */
  openIds(): readonly string[] {
    return this.pendingIds;
  }

  epoch(): EpochRecord {
    return this.current;
  }
  epochs(): readonly EpochRecord[] {
    return this.history;
  }
  /** The height after whose entry the approved change applies, or null when none is approved. */
  boundary(): number | null {
    return this.boundaryHeight;
  }
  change(id: string): ChangeRecord | undefined {
    return this.changes.get(id) ?? this.parent?.change(id);
  }
  /** The changes of the epoch in force that are pending or approved (awaiting their boundary). */
  open(): ChangeRecord[] {
    return this.pendingIds.map((id) => this.change(id)!);
  }
  isProposer(keyHex: string): boolean {
    return this.keys.proposers.has(keyHex);
  }
  isMemberKey(keyHex: string): boolean {
    return this.keys.members.has(keyHex);
  }
  /** The organisation the configuration in force names for a proposer key (issue 18), if any. */
  orgOf(keyHex: string): string | undefined {
    return this.current.config.proposers.find((p) => p.publicKey === keyHex)?.org;
  }

  private put(r: ChangeRecord): void {
    this.changes.set(r.id, r);
    this.touched.add(r.id);
  }

  /**
   * Decides a config change recorded at `height` (reads only); `apply` records it once accepted. The
   * derived configuration is kept for `apply`, so a card's proofs are checked once.
   */
  checkChange(change: ConfigChange, height: number): Reason | null {
    if (change.epoch !== this.current.epoch || this.boundaryHeight !== null) return "wrong-epoch";
    const out = applyChange(this.current.config, this.current.hash, change);
    if ("reason" in out) return out.reason;
    const record: ChangeRecord = {
      id: change.id,
      epoch: change.epoch,
      hash: configChangeHash(change),
      height,
      change,
      next: out.config,
      nextHash: epochConfigHash(out.config),
      status: "pending",
      approvals: [],
    };
    this.prepared = { proposal: change, run: () => this.recordChange(record) };
    return null;
  }

  /** Decides an approval recorded at `height` (reads only); `apply` counts it once accepted. */
  checkApproval(a: ConfigApproval, clusterId: string, height: number): Reason | null {
    const c = this.change(a.change);
    if (c === undefined || c.hash !== a.changeHash) return "unknown-change";
    if (c.status !== "pending") return "change-not-pending";
    const key = this.keys.byName.get(a.member);
    if (key === undefined) return "approver-not-member";
    if (c.approvals.some((x) => x.member === a.member)) return "already-approved";
    const signed = approvalSigningBytes(clusterId, a.changeHash);
    if (!verifyEd25519(Buffer.from(key, "hex"), signed, Buffer.from(a.signature, "hex")))
      return "bad-approval-signature";
    this.prepared = { proposal: a, run: () => this.count(c, a, clusterId, height) };
    return null;
  }

  /** Applies the accepted proposal last checked (the rules call check, then apply, for one request). */
  apply(proposal: ConfigChange | ConfigApproval): void {
    const p = this.prepared;
    this.prepared = null;
    if (p === null || p.proposal !== proposal)
      throw new Error("apply() of a proposal that was not checked last");
    p.run();
  }

  private recordChange(record: ChangeRecord): void {
    this.put(record);
    this.pendingIds = [...this.pendingIds, record.id];
  }

  private count(c: ChangeRecord, a: ConfigApproval, clusterId: string, height: number): void {
    const approvals = [...c.approvals, { member: a.member, id: a.id, height }];
    const config = this.current.config;
    if (approvals.length < quorumOf({ clusterId, n: config.members.length, f: config.f })) {
      this.put({ ...c, approvals });
      return;
    }
    // Approved: the boundary is the first checkpoint (multiple of K) at or after this height; every other
    // change of the epoch is superseded now, so exactly one change applies per epoch.
    const k = paramsOf(config).checkpointInterval;
    const boundary = Math.ceil(height / k) * k;
    this.put({ ...c, approvals, status: "approved", approvedAt: height, boundary });
    for (const id of this.pendingIds)
      if (id !== c.id) this.put({ ...this.change(id)!, status: "superseded", supersededAt: height });
    this.pendingIds = [c.id];
    this.boundaryHeight = boundary;
  }

  /** After the entry at `height` executed: at the boundary, the next epoch is in force from height + 1. */
  endEntry(height: number): EpochRecord | null {
    if (this.boundaryHeight !== height) return null;
    const c = this.change(this.pendingIds[0]!)!;
    this.put({ ...c, status: "applied" });
    const next: EpochRecord = {
      epoch: c.epoch + 1,
      startHeight: height + 1,
      hash: c.nextHash,
      config: c.next,
    };
    this.current = next;
    this.history = [...this.history, next];
    this.keys = keysOf(next.config);
    this.pendingIds = [];
    this.boundaryHeight = null;
    this.entered.push(next);
    return next;
  }

  fork(): ConfigState {
    return new ConfigState(null, this);
  }

  merge(): void {
    const p = this.parent;
    if (p === undefined) throw new Error("merge() of a state that is not a fork");
    for (const [id, r] of this.changes) p.changes.set(id, r);
    p.current = this.current;
    p.history = this.history;
    p.keys = this.keys;
    p.pendingIds = this.pendingIds;
    p.boundaryHeight = this.boundaryHeight;
  }
}
