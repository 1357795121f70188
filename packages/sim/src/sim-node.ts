// One simulated member: the shipped Replica, the shipped ledger (MemoryLedger over MemoryKv: the same entry
// encoding, hashing, chaining, rules and consensus-state encoding as a node's LevelDB ledger), the shipped
// OutputGate, and a storage device with write latency. A crash loses every write that had not completed and
// every output the gate still held; the member restarts from what its storage holds, as a node does.
import {
  type Effect,
  type EpochInfo,
  type OutputEffect,
  type OutputGate,
  type pbft,
  Replica,
  type ReplicaId,
  type ReplicaOptions,
  type Restored,
  type TimerId,
} from "@pbft/consensus";
import { type ClusterConfig, type EpochRecord, MemoryKv, MemoryLedger, paramsOf } from "@pbft/ledger";
import { SimSigner } from "./sim-signer.js";

/**
 * What the gate holds until the state it depends on is durable: whatever leaves the member, with the nodes
 * it goes to resolved when it was produced (ids are those of the epoch the core worked in then).
 */
export interface Output {
  readonly effect: OutputEffect;
  readonly targets: readonly number[];
}

/** The core's view of an epoch for member `name` (selfId null: not a member of it). */
export function epochInfoOf(record: EpochRecord, name: string): EpochInfo {
  const id = record.config.members.findIndex((m) => m.name === name);
  return {
    epoch: record.epoch,
    startSeq: record.startHeight,
    n: record.config.members.length,
    selfId: id < 0 ? null : id,
    params: paramsOf(record.config),
  };
}

export type Reply = Extract<Effect, { kind: "reply" }>;

/** One appended entry as the ledger reported it (its bytes and hash are the product's). */
export interface Appended {
  readonly seq: number;
  readonly entryHash: Uint8Array;
  readonly requests: readonly pbft.IClientRequest[];
}

interface PendingWrite {
  readonly doneAtMs: number;
  readonly run: () => void;
}

export class SimNode {
  replica: Replica;
  /** Member names by id in the epoch the core works in (how its node maps ids to peers). */
  members: readonly string[];
  /** The epochs its ledger handed the core (`executed.nextEpoch`): the configuration-agreement checker's input. */
  readonly epochsSeen: { readonly epoch: number; readonly startSeq: number; readonly hash: string }[] = [];
  ledger: MemoryLedger;
  readonly kv = new MemoryKv();
  readonly signer: SimSigner;
  gate: OutputGate<Output>;
  crashed = false;
  readonly timers = new Map<string, { readonly timer: TimerId; readonly dueMs: number }>();
  /** Writes issued and not yet complete, in completion order (one device: they complete in order). */
  writes: PendingWrite[] = [];
  /** Durable entries, in height order (what the ledger holds). */
  readonly appended: Appended[] = [];
  /** Stable checkpoints' proofs as the core reported them (signed heads), oldest first. */
  readonly stableProofs: { readonly seq: number; readonly proof: readonly pbft.Envelope[] }[] = [];
  /** Executed (not duplicate) request keys `client/number`, to check exactly-once. */
  readonly executedRequests: string[] = [];
  /** Highest executed request number per client (hex key), from the ledger's results. */
  readonly clientNumbers = new Map<string, number>();
  readonly replies: Reply[] = [];
  /** The last envelope frames it sent (a removed member that keeps sending replays them). */
  readonly sent: Uint8Array[] = [];
  /** Its member id in the last epoch it was a member of (null: never was). */
  lastMemberId: number | null = null;
  readonly rejected: Extract<Effect, { kind: "rejected" }>[] = [];
  fetches = 0;
  /** How far this member's wall clock is off the simulated time (issue 18: consensus time). */
  clockSkewMs = 0;

  constructor(
    /** The node's index in the simulation (stable; its member id may change from epoch to epoch). */
    readonly id: ReplicaId,
    readonly name: string,
    private readonly config: ClusterConfig,
    private readonly build: (restored: Restored | undefined, signer: SimSigner) => Replica,
    private readonly makeGate: () => OutputGate<Output>,
  ) {
    // Signs each epoch's messages with its vote key in that epoch (a rotated member: the new key only).
    this.signer = new SimSigner(id, (epoch) => {
      const record = this.ledger.epochs().find((r) => r.epoch === epoch);
      return record?.config.members.find((m) => m.name === this.name)?.votePublicKey ?? "none";
    });
    this.ledger = MemoryLedger.open(this.kv, config);
    this.replica = build(undefined, this.signer);
    this.members = config.members.map((m) => m.name);
    this.gate = makeGate();
  }

  sentLog(bytes: Uint8Array): void {
    this.sent.push(bytes);
    if (this.sent.length > 32) this.sent.shift();
  }

  /** The core entered `epoch`: map ids with its members from now on. */
  enterEpoch(epoch: number): void {
    const self = this.members.indexOf(this.name);
    if (self >= 0) this.lastMemberId = self;
    const record = this.ledger.epochs().find((r) => r.epoch === epoch);
    if (record === undefined)
      throw new Error(`node ${this.name} entered epoch ${epoch} its ledger does not know`);
    this.members = record.config.members.map((m) => m.name);
  }

  /** Loses what was in flight; the storage keeps what completed. */
  crash(): void {
    this.crashed = true;
    this.writes = [];
    this.gate.discard();
    this.signer.crash();
    this.timers.clear();
  }

  /** Rebuilds ledger and replica from storage alone, as a node does at start. */
  restart(): void {
    this.crashed = false;
    this.ledger = MemoryLedger.open(this.kv, this.config);
    const head = this.ledger.head();
    const clients = new Map<string, { requestNumber: number; seq: number; entryHash: Uint8Array }>();
    for (const row of this.ledger.clientTable())
      clients.set(row.clientKey, {
        requestNumber: row.requestNumber,
        seq: row.seq,
        entryHash: row.entryHash,
      });
    const epochs = this.ledger
      .epochs()
      .slice(-3)
      .map((r) => epochInfoOf(r, this.name));
    const boundary = this.ledger.pendingBoundary();
    this.replica = this.build(
      {
        durable: this.ledger.loadConsensusState(),
        lastExecutedSeq: head.height,
        lastEntryHash: head.entryHash,
        lastTimeMs: head.timeMs,
        lastTreeRoot: this.ledger.treeRoot(),
        clients,
        epochs,
        ...(boundary !== null && boundary > head.height ? { pendingBoundary: boundary } : {}),
      },
      this.signer,
    );
    this.enterEpoch(this.replica.epoch.epoch);
    this.gate = this.makeGate();
  }

  /** Records what an append wrote (called when the write completes). */
  noteAppended(
    seq: number,
    entryHash: Uint8Array,
    requests: readonly pbft.IClientRequest[],
    keys: readonly (string | null)[],
  ): void {
    this.appended.push({ seq, entryHash, requests });
    for (const k of keys) {
      if (k === null) continue;
      this.executedRequests.push(k);
      const [hex, n] = k.split("/") as [string, string];
      if ((this.clientNumbers.get(hex) ?? 0) < Number(n)) this.clientNumbers.set(hex, Number(n));
    }
  }
}

export function defaultBuild(
  base: Omit<ReplicaOptions, "signer" | "restored">,
  make?: (o: ReplicaOptions) => Replica,
) {
  return (restored: Restored | undefined, signer: SimSigner): Replica => {
    const opts: ReplicaOptions = { ...base, signer, ...(restored ? { restored } : {}) };
    return make ? make(opts) : new Replica(opts);
  };
}
