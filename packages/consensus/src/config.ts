// Protocol parameters: defaults, validation, and the cluster's size arithmetic.
import type { ClusterParams, ReplicaParams } from "./types.js";

/**
 * Defaults chosen so that commits resume well under 2 s after the primary dies: a backup suspects the
 * primary 600 ms after it saw a request that was not executed (more when the request latency it measures
 * calls for it, up to requestTimeoutMaxMs: see Batching.requestTimeoutMs), and the view change itself gets
 * 400 ms before the next view is tried (doubling per consecutive failed attempt).
 */
export const DEFAULT_PARAMS: ReplicaParams = Object.freeze({
  checkpointInterval: 64,
  logWindow: 256,
  batchSizeMax: 256,
  batchBytesMax: 1024 * 1024,
  batchDelayMs: 2,
  requestTimeoutMs: 600,
  requestTimeoutMaxMs: 8000,
  viewChangeTimeoutMs: 400,
  pipelineMax: 8,
  stateTransferChunkMax: 64,
  clockSkewMaxMs: 2000,
});

/** Thrown for invalid parameters: a configuration error, raised at construction, never from `step`. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function clusterParams(clusterId: string, n: number): ClusterParams {
  if (typeof clusterId !== "string" || clusterId.length === 0)
    throw new ConfigError("clusterId must be a non-empty string");
  if (!Number.isInteger(n) || n < 4)
    throw new ConfigError(`a PBFT cluster needs n >= 4 members to tolerate one fault (got n = ${n})`);
  if (n > 1024) throw new ConfigError(`n = ${n} is above the supported maximum of 1024 members`);
  return Object.freeze({ clusterId, n, f: Math.floor((n - 1) / 3) });
}

const POSITIVE_INT_KEYS: readonly (keyof ReplicaParams)[] = [
  "checkpointInterval",
  "logWindow",
  "batchSizeMax",
  "batchBytesMax",
  "requestTimeoutMs",
  "requestTimeoutMaxMs",
  "viewChangeTimeoutMs",
  "pipelineMax",
  "stateTransferChunkMax",
  "clockSkewMaxMs",
];

/** Fills defaults and validates; throws ConfigError naming the first bad parameter. */
export function resolveParams(p?: Partial<ReplicaParams>): ReplicaParams {
  // A misspelt name would otherwise be ignored silently and its default used.
  const unknown = Object.keys(p ?? {}).filter((k) => !Object.hasOwn(DEFAULT_PARAMS, k));
  if (unknown.length > 0)
    throw new ConfigError(
      `unknown protocol parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} (known: ${Object.keys(DEFAULT_PARAMS).join(", ")})`,
    );
  const out: ReplicaParams = { ...DEFAULT_PARAMS, ...stripUndefined(p ?? {}) };
  for (const key of POSITIVE_INT_KEYS) {
    const v = out[key];
    if (!Number.isSafeInteger(v) || v <= 0)
      throw new ConfigError(`${key} must be a positive integer (got ${String(v)})`);
  }
  if (!Number.isSafeInteger(out.batchDelayMs) || out.batchDelayMs < 0)
    throw new ConfigError(`batchDelayMs must be a non-negative integer (got ${String(out.batchDelayMs)})`);
  if (out.logWindow % out.checkpointInterval !== 0 || out.logWindow < 2 * out.checkpointInterval)
    throw new ConfigError(
      `logWindow (${out.logWindow}) must be a multiple of checkpointInterval (${out.checkpointInterval}) and at least twice it`,
    );
  if (out.pipelineMax > out.logWindow)
    throw new ConfigError(`pipelineMax (${out.pipelineMax}) must not exceed logWindow (${out.logWindow})`);
  return Object.freeze(out);
}

function stripUndefined(p: Partial<ReplicaParams>): Partial<ReplicaParams> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out as Partial<ReplicaParams>;
}

/**
 * Votes needed for a quorum. For n = 3f+1 this is 2f+1; for other n it is the smallest size whose pairwise
 * intersections still contain f+1 members (so at least one honest), ceil((n+f+1)/2).
 */
export function quorumOf(cluster: ClusterParams): number {
  return Math.ceil((cluster.n + cluster.f + 1) / 2);
}

export function primaryOf(view: number, cluster: ClusterParams): number {
  return view % cluster.n;
}
