// One simulated member: the shipped Replica, the shipped ledger (MemoryLedger over MemoryKv: the same entry
// encoding, hashing, chaining, rules and consensus-state encoding as a node's LevelDB ledger), the shipped
// OutputGate, and a storage device with write latency. A crash loses every write that had not completed and
// every output the gate still held; the member restarts from what its storage holds, as a node does.
import {
  type Effect,
  type OutputEffect,
  type OutputGate,
  type pbft,
  Replica,
  type ReplicaId,
  type ReplicaOptions,
  type Restored,
  type TimerId,
} from "@pbft/consensus";
import { type ClusterConfig, MemoryKv, MemoryLedger } from "@pbft/ledger";
import { SimSigner } from "./sim-signer.js";

/** What the gate holds until the state it depends on is durable: whatever leaves the member. */
export type Output = OutputEffect;

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
  readonly rejected: Extract<Effect, { kind: "rejected" }>[] = [];
  fetches = 0;

  constructor(
    readonly id: ReplicaId,
    private readonly config: ClusterConfig,
    private readonly build: (restored: Restored | undefined, signer: SimSigner) => Replica,
    private readonly makeGate: () => OutputGate<Output>,
  ) {
    this.signer = new SimSigner(id);
    this.ledger = MemoryLedger.open(this.kv, config);
    this.replica = build(undefined, this.signer);
    this.gate = makeGate();
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
    this.replica = this.build(
      {
        durable: this.ledger.loadConsensusState(),
        lastExecutedSeq: head.height,
        lastEntryHash: head.entryHash,
        clients,
      },
      this.signer,
    );
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
