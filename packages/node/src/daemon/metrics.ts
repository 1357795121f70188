// The node's Prometheus metrics (only packages/node imports prom-client). Reason codes from the core and
// the transport are label values, so every rejection is counted by why.
import { REJECT_REASONS } from "@pbft/consensus";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { TransportStats } from "../transport/index.js";
import { buildInfo } from "../version.js";
import { SECURITY_EVENTS } from "./security-log.js";

/**
 * prom-client's default metrics are named process_* and nodejs_*; with this prefix they read
 * pbft_process_cpu_seconds_total, pbft_nodejs_heap_size_used_bytes, ... (one namespace, no doubled word).
 */
const DEFAULT_METRICS_PREFIX = "pbft_";

/** Why the node drops a frame before the core sees it (`pbft_frames_dropped_total{reason}`). */
export const FRAME_DROP_REASONS = [
  "malformed-frame", // a replica frame that does not decode
  "empty-frame", // it decodes but carries nothing
  "overload", // the core's event queue is full
  "bad-state-request", // a state request with an impossible range
  "state-request-busy", // more state requests from one peer than a fetch keeps in flight
] as const;

export function createMetrics(labels: { readonly node: string; readonly cluster: string }) {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRICS_PREFIX });
  // prom-client exports these three gauges with a `_total` suffix, which Prometheus reserves for counters
  // (`promtool check metrics` flags them); their per-type gauges (`..._active_handles{type}` etc.) stay,
  // and `sum without (type) (...)` gives the same totals.
  for (const name of ["active_handles_total", "active_requests_total", "active_resources_total"])
    registry.removeSingleMetric(`${DEFAULT_METRICS_PREFIX}nodejs_${name}`);
  const r = { registers: [registry] };
  const metrics = {
    registry,
    batchesCommitted: new Counter({
      name: "pbft_batches_committed_total",
      help: "Batches executed and appended to the ledger",
      ...r,
    }),
    requestsCommitted: new Counter({
      name: "pbft_requests_committed_total",
      help: "Client requests executed (accepted or rejected by the rules)",
      labelNames: ["decision"] as const,
      ...r,
    }),
    batchSize: new Histogram({
      name: "pbft_batch_size_requests",
      help: "Requests per committed batch",
      buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500],
      ...r,
    }),
    commitLatency: new Histogram({
      name: "pbft_commit_latency_seconds",
      help: "From a client request reaching this node to its reply leaving it",
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
      ...r,
    }),
    viewChanges: new Counter({ name: "pbft_view_changes_total", help: "View changes started", ...r }),
    view: new Gauge({ name: "pbft_view", help: "Current view", ...r }),
    isPrimary: new Gauge({
      name: "pbft_is_primary",
      help: "1 when this node is the primary of its view",
      ...r,
    }),
    rejections: new Counter({
      name: "pbft_rejections_total",
      help: "Inputs refused by the consensus core, by reason",
      labelNames: ["reason"] as const,
      ...r,
    }),
    framesDropped: new Counter({
      name: "pbft_frames_dropped_total",
      help: "Frames dropped by the node before the core (undecodable, overload, rate limits), by reason",
      labelNames: ["reason"] as const,
      ...r,
    }),
    clientRejections: new Counter({
      name: "pbft_client_rejections_total",
      help: "Client requests answered with an error, by code",
      labelNames: ["code"] as const,
      ...r,
    }),
    peers: new Gauge({ name: "pbft_peer_connections", help: "Connected cluster members", ...r }),
    hsmSign: new Histogram({
      name: "pbft_hsm_sign_seconds",
      help: "Vote signing in the HSM, after the double-sign guard's check (its record is synced by the output gate)",
      buckets: [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.25, 1],
      ...r,
    }),
    hsmErrors: new Counter({
      name: "pbft_hsm_errors_total",
      help: "Signing failures (guard refusals, HSM errors), by code",
      labelNames: ["code"] as const,
      ...r,
    }),
    ledgerHeight: new Gauge({ name: "pbft_ledger_height", help: "Height of the local ledger", ...r }),
    stableCheckpoint: new Gauge({ name: "pbft_stable_checkpoint", help: "Last stable checkpoint seq", ...r }),
    signedHead: new Gauge({
      name: "pbft_signed_head_height",
      help: "Height of the latest signed head stored",
      ...r,
    }),
    equivocations: new Counter({
      name: "pbft_equivocations_total",
      help: "Equivocation evidence seen (two signed messages for one slot from one member)",
      ...r,
    }),
    stateTransferBatches: new Counter({
      name: "pbft_state_transfer_batches_total",
      help: "Committed batches served to or fetched from peers",
      labelNames: ["direction"] as const,
      ...r,
    }),
    stateTransferTarget: new Gauge({
      name: "pbft_state_transfer_target_height",
      help: "The height a running state transfer catches up to (it grows as the cluster moves on); 0 when idle",
      ...r,
    }),
    securityEvents: new Counter({
      name: "pbft_security_events_total",
      help: "Security events (unauthorised proposer, bad client or member signature, non-member peer, equivocation, stale request), logged or not",
      labelNames: ["event"] as const,
      ...r,
    }),
    eventQueue: new Gauge({ name: "pbft_event_queue_length", help: "Events waiting for the core", ...r }),
    persistSeconds: new Histogram({
      name: "pbft_persist_seconds",
      help: "Output gate: one synced write of the consensus state and the guard's vote records, side by side",
      buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.25, 1],
      ...r,
    }),
  };
  const build = buildInfo();
  new Gauge({
    name: "pbft_build_info",
    help: "Always 1; the labels say which build runs (package version, git commit, Node.js version)",
    labelNames: ["version", "commit", "node_version"] as const,
    ...r,
  }).set({ version: build.version, commit: build.commit, node_version: build.node }, 1);
  // Every reason counted from zero: a series that appears with its first increment hides that increment
  // from rate() and increase(), so an alert on the first forged signature would not fire.
  for (const reason of REJECT_REASONS) metrics.rejections.inc({ reason }, 0);
  for (const reason of FRAME_DROP_REASONS) metrics.framesDropped.inc({ reason }, 0);
  for (const event of SECURITY_EVENTS) metrics.securityEvents.inc({ event }, 0);
  return metrics;
}

export type NodeMetrics = ReturnType<typeof createMetrics>;

/** Transport counters (plain snapshots from the libp2p layer) exported on every scrape. */
export function exportTransportStats(
  metrics: NodeMetrics,
  networks: Readonly<Record<string, () => TransportStats>>,
): void {
  const seen = new Map<string, number>();
  const delta = (key: string, value: number): number => {
    const d = value - (seen.get(key) ?? 0);
    seen.set(key, value);
    return d;
  };
  const r = { registers: [metrics.registry] };
  new Counter({
    name: "pbft_transport_frames_total",
    help: "Frames through the libp2p transport, by network (replica, client) and direction",
    labelNames: ["network", "direction"] as const,
    ...r,
    collect() {
      for (const [network, stats] of Object.entries(networks)) {
        const s = stats();
        this.inc({ network, direction: "in" }, delta(`${network}/in`, s.framesIn));
        this.inc({ network, direction: "out" }, delta(`${network}/out`, s.framesOut));
      }
    },
  });
  new Counter({
    name: "pbft_transport_dropped_total",
    help: "Frames the transport dropped, by network and reason",
    labelNames: ["network", "reason"] as const,
    ...r,
    collect() {
      for (const [network, stats] of Object.entries(networks))
        for (const [reason, n] of Object.entries(stats().dropped))
          this.inc({ network, reason }, delta(`${network}/drop/${reason}`, n));
    },
  });
  new Counter({
    name: "pbft_transport_connection_events_total",
    help: "Reconnects, failed dials, connections denied (gater or limits) and closed for abuse, by network",
    labelNames: ["network", "event"] as const,
    ...r,
    collect() {
      for (const [network, stats] of Object.entries(networks)) {
        const s = stats();
        this.inc({ network, event: "reconnect" }, delta(`${network}/reconnect`, s.reconnects));
        this.inc({ network, event: "dial-failure" }, delta(`${network}/dial`, s.dialFailures));
        this.inc({ network, event: "denied" }, delta(`${network}/denied`, s.connectionsDenied));
        this.inc(
          { network, event: "closed-for-abuse" },
          delta(`${network}/abuse`, s.connectionsClosedForAbuse),
        );
      }
    },
  });
}
