// What /status and `pbft status` show of a node: build, configuration epoch and members, view, height,
// checkpoint, peers, evidence, rejections.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Replica, type ReplicaId, type ReplicaStatus, toHex } from "@pbft/consensus";
import type { EpochRecord, Ledger } from "@pbft/ledger";
import type { NodeConfig } from "../config.js";
import type { ReplicaNetwork } from "../transport/index.js";
import { buildInfo } from "../version.js";

export interface NodeStatus {
  /** The build: package version and git commit (as in pbft --version and pbft_build_info). */
  readonly version: string;
  readonly commit: string;
  /** The member's id in `epoch`; null while this node is not a member of it (joining, or removed). */
  readonly id: ReplicaId | null;
  readonly name: string;
  readonly clusterId: string;
  /** The configuration epoch the core works in (0: the genesis), its hash, and its members. */
  readonly epoch: number;
  readonly configHash: string;
  readonly members: readonly { readonly id: ReplicaId; readonly name: string }[];
  /** A change is approved and applies after this height; null when none is. */
  readonly pendingBoundary: number | null;
  readonly view: number;
  readonly primary: ReplicaId;
  readonly viewChanging: boolean;
  readonly height: number;
  readonly headHash: string;
  readonly stableCheckpoint: number;
  readonly watermarks: readonly [number, number];
  readonly pendingRequests: number;
  readonly connectedPeers: readonly ReplicaId[];
  readonly equivocationEvidence: readonly {
    member: ReplicaId;
    kind: string;
    view: number;
    seq: number;
  }[];
  readonly rejections: Record<string, number>;
  readonly uptimeSeconds: number;
}

export function nodeStatus(
  s: ReplicaStatus,
  replica: Replica,
  ledger: Ledger,
  net: ReplicaNetwork,
  cfg: NodeConfig,
  started: number,
  epoch: EpochRecord,
  myName: string,
): NodeStatus {
  const head = ledger.head();
  return {
    version: buildInfo().version,
    commit: buildInfo().commit,
    id: s.id,
    name: s.id === null ? myName : (epoch.config.members[s.id]?.name ?? myName),
    clusterId: cfg.clusterConfig.clusterId,
    epoch: s.epoch,
    configHash: epoch.hash,
    members: epoch.config.members.map((m) => ({ id: m.id, name: m.name })),
    pendingBoundary: s.pendingBoundary,
    view: s.view,
    primary: s.primary,
    viewChanging: s.viewChanging,
    height: head.height,
    headHash: toHex(head.entryHash),
    stableCheckpoint: s.stableSeq,
    watermarks: [s.lowWatermark, s.highWatermark],
    pendingRequests: s.pendingRequests,
    connectedPeers: net.connectedPeers(),
    equivocationEvidence: replica.evidence().map((e) => ({
      member: e.member,
      kind: e.slot.kind,
      view: e.slot.view,
      seq: e.slot.seq,
    })),
    rejections: Object.fromEntries(replica.rejectionCounts()),
    uptimeSeconds: Math.round((performance.now() - started) / 1000),
  };
}

/** A node that is not a genesis member names itself by its card (else its directory). */
export function memberNameOf(home: string): string {
  try {
    return (JSON.parse(readFileSync(join(home, "member-card.json"), "utf8")) as { name: string }).name;
  } catch {
    return basename(home);
  }
}
