// The replica's narrow door: events in, effects out. See ../README.md for what the node does with each
// effect and in which order (persist, then send, then apply). Outputs wait for every persist before them
// (gate.ts).
import type { pbft } from "./gen/pbft.js";

export type ReplicaId = number;

/** Protocol parameters; every limit has a unit in its name. Defaults in config.ts. */
export interface ReplicaParams {
  readonly checkpointInterval: number; // K: a checkpoint every K sequence numbers
  readonly logWindow: number; // L: high watermark = low watermark + L (a multiple of K)
  readonly batchSizeMax: number; // requests per batch
  readonly batchBytesMax: number; // encoded request bytes per batch
  readonly batchDelayMs: number; // how long the primary waits to fill a batch behind batches in flight (none in flight: it cuts at once)
  /**
   * A request received but not executed by then suspects the primary. The floor of the adaptive timeout: a
   * backup waits max(this, smoothed + 4 x deviation of the request latency it measures), doubled per
   * view entered since its last execution, at most requestTimeoutMaxMs.
   */
  readonly requestTimeoutMs: number;
  readonly requestTimeoutMaxMs: number; // the adaptive request timeout's ceiling (never below requestTimeoutMs)
  readonly viewChangeTimeoutMs: number; // base timeout for a view change to complete; doubles each attempt
  readonly pipelineMax: number; // batches the primary keeps in flight (pre-prepared, not yet committed)
  readonly stateTransferChunkMax: number; // batches asked for per state request
  readonly clockSkewMaxMs: number; // a backup accepts a pre-prepare's time within this of its own clock (issue 18)
}

/**
 * One configuration epoch as the core needs it (issue 16): epoch 0 is the genesis; epoch E+1 is in force from
 * the seq after the boundary B at which the node reported it (`executed.nextEpoch`). Member ids are 0..n-1 in
 * the epoch's own order (they may differ from one epoch to the next); selfId null = not a member (an observer:
 * a member that will join, or one that was removed), which sends no votes but fetches state.
 */
export interface EpochInfo {
  readonly epoch: number;
  /** First seq of the epoch: 1 for epoch 0, B+1 after the boundary B. */
  readonly startSeq: number;
  readonly n: number;
  readonly selfId: ReplicaId | null;
  readonly params: ReplicaParams;
}

export interface ClusterParams {
  readonly clusterId: string;
  readonly n: number; // members, n >= 4
  readonly f: number; // floor((n - 1) / 3)
}

/** Signs with this replica's vote key (the HSM, behind its double-sign guard). Synchronous by design. */
export interface Signer {
  /**
   * `bytes` are already domain-tagged. `slot` names what the guard protects: one signature per
   * (kind, view, seq) unless the bytes are identical (retransmission). Throws when the guard refuses.
   */
  sign(bytes: Uint8Array, slot: VoteSlot): Uint8Array;
}

export type VoteKind =
  | "pre-prepare"
  | "prepare"
  | "commit"
  | "checkpoint"
  | "view-change"
  | "new-view"
  | "attestation";

export interface VoteSlot {
  readonly kind: VoteKind;
  readonly view: number; // 0 for checkpoint and attestation
  readonly seq: number; // 0 for view-change and new-view
  /**
   * The epoch the message names, i.e. whose vote key must sign it (a rotated member signs epoch E+1 with its
   * new key only). Not part of the guard's key: views keep counting across epochs, so slots never repeat.
   */
  readonly epoch?: number;
}

/** Verifies others' signatures in process (public keys from cluster.json). */
export interface Verifier {
  /** Replica vote signature over domain-tagged bytes, by member `signer` of configuration `epoch`. */
  verifyReplica(epoch: number, signer: ReplicaId, bytes: Uint8Array, signature: Uint8Array): boolean;
  /**
   * Client request signature. Implementations may cache by request hash so that each client signature
   * is verified exactly once per replica (it reaches a backup both from the client and in a pre-prepare).
   */
  verifyClient(clientKey: Uint8Array, bytes: Uint8Array, signature: Uint8Array): boolean;
}

export type TimerId =
  | { readonly kind: "batch" }
  | { readonly kind: "request"; readonly key: string } // per outstanding client request
  | { readonly kind: "relay" } // a backup relays the requests the primary has not ordered soon enough
  | { readonly kind: "view-change"; readonly view: number }
  | { readonly kind: "state-transfer" };

// ---------------------------------------------------------------- events

export type Event =
  /** A signed replica message as received; `from` is the transport-authenticated member it came from. */
  | { readonly kind: "envelope"; readonly from: ReplicaId; readonly envelope: pbft.Envelope }
  /** A client request, from the client itself or relayed by a backup (`from` = that member). */
  | {
      readonly kind: "client-request";
      readonly from: ReplicaId | "client";
      readonly request: pbft.ClientRequest;
    }
  | { readonly kind: "timer"; readonly timer: TimerId }
  /**
   * The node executed the batch of an `execute` effect and appended it to the ledger at height seq.
   * `treeRoot`: the Merkle root over the entry hashes 1..seq, signed into checkpoints (a signed head).
   */
  | {
      readonly kind: "executed";
      readonly seq: number;
      readonly entryHash: Uint8Array;
      readonly treeRoot?: Uint8Array;
      /** Only on the boundary seq B: the epoch in force from B+1 (startSeq = B+1, epoch = current + 1). */
      readonly nextEpoch?: EpochInfo;
      /** A configuration change is approved and applies after seq B (a multiple of the current K). */
      readonly pendingBoundary?: number;
    }
  /** Committed batches from a peer's ledger, answering a `fetch-state` effect. */
  | { readonly kind: "state-reply"; readonly from: ReplicaId; readonly reply: pbft.StateReply };

// ---------------------------------------------------------------- effects

export interface DurableState {
  readonly view: number;
  /** True while this replica is changing to `view` (it sent a view-change and has no valid new-view yet). */
  readonly viewChanging: boolean;
  readonly stableSeq: number;
  readonly stableDigest: Uint8Array;
  readonly checkpointProof: readonly pbft.Envelope[];
  /** Prepared certificates above the stable checkpoint, one per seq (the highest view's). */
  readonly prepared: readonly pbft.PreparedProof[];
}

export type Effect =
  | { readonly kind: "send"; readonly to: ReplicaId; readonly frame: pbft.ReplicaFrame }
  | { readonly kind: "broadcast"; readonly frame: pbft.ReplicaFrame } // to every other member
  | { readonly kind: "set-timer"; readonly timer: TimerId; readonly afterMs: number }
  | { readonly kind: "cancel-timer"; readonly timer: TimerId }
  /**
   * Write `state` durably (it replaces the previous one). Every output effect after it — `send`,
   * `broadcast`, `reply`, `fetch-state`, `request-refused` — in this step and in later steps, waits until
   * it is durable (`OutputGate` in gate.ts enforces this; `isOutput` says which effects wait).
   */
  | { readonly kind: "persist"; readonly state: DurableState }
  /**
   * Execute a committed batch and append it to the ledger at height seq, in strictly ascending seq order,
   * then step `executed`. Requests whose (client, number) was already executed are recorded, not executed.
   */
  | {
      readonly kind: "execute";
      readonly seq: number;
      readonly view: number;
      readonly requests: readonly pbft.ClientRequest[];
      readonly certificate: pbft.CommitCertificate;
    }
  /** Answer a client: the node builds the Reply (header, proofs, result) from the ledger entry at seq. */
  | {
      readonly kind: "reply";
      readonly clientKey: Uint8Array;
      readonly requestNumber: number;
      readonly seq: number;
      readonly attestation: pbft.Envelope;
    }
  /** Ask peers for committed batches [fromSeq, toSeq] from their ledgers (answered as `state-reply`). */
  | {
      readonly kind: "fetch-state";
      readonly fromSeq: number;
      readonly toSeq: number;
      readonly peers: readonly ReplicaId[];
    }
  | { readonly kind: "rejected"; readonly reason: RejectReason; readonly from: ReplicaId | "client" }
  /**
   * A client's own request refused by the core for a reason only it can see (the gateway's checks passed):
   * tell the client, or it would wait and retransmit until its timeout.
   */
  | {
      readonly kind: "request-refused";
      readonly request: pbft.ClientRequest;
      readonly clientKey: Uint8Array;
      readonly reason: "stale-request";
    }
  | { readonly kind: "view-change-started"; readonly view: number; readonly reason: ViewChangeReason }
  | { readonly kind: "new-view-entered"; readonly view: number; readonly primary: ReplicaId }
  /** `proof`: the quorum of matching checkpoints (with tree root and genesis hash set: a signed head). */
  | { readonly kind: "checkpoint-stable"; readonly seq: number; readonly proof: readonly pbft.Envelope[] }
  /**
   * The replica now works in `epoch`, as member `selfId` (null: an observer). The node re-dials and closes
   * connections for the new membership and maps ids with it from this effect on (outputs before it in the
   * stream use the previous epoch's ids). Signing needs no switch: every VoteSlot names its epoch.
   */
  | { readonly kind: "epoch-entered"; readonly epoch: number; readonly selfId: ReplicaId | null }
  | { readonly kind: "equivocation"; readonly evidence: Equivocation };

/** Why a replica left its view (logged by the node). */
export type ViewChangeReason =
  | "request-timeout" // a request a client gave this backup was not executed in time: the primary is suspected
  | "view-change-timeout" // the view change to the previous view did not complete in time
  | "joined" // f+1 other members are changing to a higher view
  | "restarted-primary" // restarted as the primary of its view: it cannot know which seqs it assigned
  | "pre-prepare-refused" // the double-sign guard refused a pre-prepare (a seq assigned before a crash)
  | "bad-time" // the primary proposed a time outside the bound of our clock or not above the previous one
  | "epoch-switch"; // entered a new epoch while changing views: the view-change signed in the old one cannot be re-signed

export interface Equivocation {
  readonly member: ReplicaId;
  readonly slot: VoteSlot;
  readonly first: pbft.Envelope;
  readonly second: pbft.Envelope;
}

/** Why an input was refused. Stable strings: they are metric labels. */
/** Every reason the core refuses an input for (a node counts each, from zero). */
export const REJECT_REASONS = [
  "malformed",
  "not-member",
  "sender-mismatch",
  "bad-signature",
  "bad-client-signature",
  "wrong-cluster",
  "stale-view",
  "future-view",
  "outside-watermarks",
  "not-primary",
  "digest-mismatch",
  "conflicting-pre-prepare",
  "batch-too-large",
  "duplicate",
  "invalid-view-change",
  "invalid-new-view",
  "invalid-checkpoint",
  "invalid-certificate",
  "invalid-state-reply",
  "request-too-large",
  "stale-request",
  // added with the replica core:
  "equivocation", // a second, different validly signed message for one slot from one member
  "unexpected", // valid, but makes no sense here (a prepare from the primary, an attestation, a late or out-of-order state reply)
  "queue-full", // the pending-request buffer is at its bound
  // added with reconfiguration (issue 16):
  "wrong-epoch", // names a configuration epoch other than the one in force for its seq (or not known here)
  // added with consensus time (issue 18):
  "bad-time", // a pre-prepare's time is not above the times before it or outside the bound of our clock
  // A bug in the core is no rejection: `step` throws CoreInvariantError and the node stops (errors.ts).
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/** What the node hands a replica at start: the persisted state and a summary of its committed ledger. */
export interface Restored {
  readonly durable: DurableState | null;
  readonly lastExecutedSeq: number;
  readonly lastEntryHash: Uint8Array;
  /**
   * The history tree's root over the entry hashes 1..lastExecutedSeq (what `executed.treeRoot` said for it),
   * so that a checkpoint re-signed after a restart is the same bytes as before it (the guard refuses others).
   */
  readonly lastTreeRoot?: Uint8Array;
  /** Last executed request number per client (hex key), with the seq that executed it and its entry hash. */
  readonly clients: ReadonlyMap<
    string,
    { readonly requestNumber: number; readonly seq: number; readonly entryHash: Uint8Array }
  >;
  /**
   * The configuration epochs the ledger knows, ascending, ending with the one in force at lastExecutedSeq+1
   * (at least it and the one before it; absent: only the genesis of the options). The core works in the
   * last one if its boundary checkpoint is stable (durable.stableSeq >= its startSeq-1), else in the one
   * before it until it is.
   */
  readonly epochs?: readonly EpochInfo[];
  /** A change is approved and applies after this seq (not yet executed). */
  readonly pendingBoundary?: number;
  /** The time recorded in the entry at lastExecutedSeq (issue 18; absent: 0). */
  readonly lastTimeMs?: number;
}
