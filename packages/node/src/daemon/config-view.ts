// What /config and /config/changes/:id answer: the configuration in force, the open changes with their
// approvals, the epoch history, one change by id, all read from the node's ledger (which re-derives them
// from its entries). The shapes are the CLI's (reconfig/node-api.ts).
import { quorumOf } from "@pbft/consensus";
import type { ClusterConfig } from "@pbft/ledger";
import type { ConfigView, EpochView, PendingChange } from "../reconfig/node-api.js";

/** The epoch records the ledger keeps (structurally: @pbft/ledger's EpochRecord). */
export interface EpochRecordLike {
  readonly epoch: number;
  readonly startHeight: number;
  readonly hash: string;
  readonly config: ClusterConfig & { readonly epoch?: number; readonly previousConfigHash?: string };
}

/** A change as the ledger keeps it (structurally: @pbft/ledger's ChangeRecord). */
export interface ChangeRecordLike {
  readonly id: string;
  readonly hash: string;
  readonly height: number;
  readonly change: PendingChange["change"];
  readonly status: string;
  readonly approvals: readonly { readonly member: string }[];
  readonly boundary?: number;
}

export interface ConfigSource {
  epoch(): EpochRecordLike;
  epochs(): readonly EpochRecordLike[];
  openChanges(): readonly ChangeRecordLike[];
  change(id: string): ChangeRecordLike | undefined;
  head(): { readonly height: number };
}

/** Which change made each epoch (the one applied at its start), when the ledger tells. */
function epochView(e: EpochRecordLike, madeBy?: string): EpochView {
  return {
    epoch: e.epoch,
    startHeight: e.startHeight,
    configHash: e.hash,
    ...(madeBy === undefined ? {} : { change: madeBy }),
    config: e.config,
  };
}

export function changeView(r: ChangeRecordLike): PendingChange {
  return {
    id: r.id,
    changeHash: r.hash,
    height: r.height,
    change: r.change,
    approvals: r.approvals.map((a) => a.member),
    status: r.status,
    ...(r.boundary === undefined ? {} : { boundary: r.boundary }),
  };
}

export function configViewOf(src: ConfigSource, history: boolean): ConfigView {
  const current = src.epoch();
  const n = current.config.members.length;
  return {
    current: epochView(current),
    quorum: quorumOf({ clusterId: current.config.clusterId, n, f: current.config.f }),
    changes: src.openChanges().map(changeView),
    ...(history ? { history: src.epochs().map((e) => epochView(e)) } : {}),
    height: src.head().height,
  };
}
