// What the config commands ask a node over its HTTP API: the configuration in force, the pending changes
// with their approvals, the history of epochs, one change by id. A node's answer is a convenience (what to
// approve, which epoch to name): what is approved is the exact change the member signs the hash of, and the
// cluster refuses a change whose epoch or content does not match its own state.
import type { ClusterConfig, ConfigChange } from "@pbft/ledger";

export interface EpochView {
  readonly epoch: number;
  /** First height of the epoch (1 for epoch 0). */
  readonly startHeight: number;
  readonly configHash: string;
  /** The change that made it (absent for epoch 0). */
  readonly change?: string;
  readonly config: ClusterConfig & { readonly epoch?: number; readonly previousConfigHash?: string };
}

export interface PendingChange {
  readonly id: string;
  readonly changeHash: string;
  /** Height of the entry that recorded it. */
  readonly height: number;
  readonly change: ConfigChange;
  /** Names of the members whose approvals are recorded. */
  readonly approvals: readonly string[];
  /** "pending" | "approved" | "superseded" | "applied" | ... (the ledger's word). */
  readonly status: string;
  /** Height after which an approved change applies. */
  readonly boundary?: number;
}

export interface ConfigView {
  readonly current: EpochView;
  /** Approvals a change needs in the epoch in force (2f+1). */
  readonly quorum: number;
  readonly changes: readonly PendingChange[];
  /** Oldest first; present when asked for (?history=1). */
  readonly history?: readonly EpochView[];
  /** The node's ledger height when it answered. */
  readonly height: number;
}

export class NodeApiError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
    this.name = "NodeApiError";
  }
}

/** host:port of nodes to ask, first the one given, then every member's published HTTP address. */
export function httpTargets(given: string | undefined, cluster: ClusterConfig): string[] {
  const all = [
    ...(given === undefined ? [] : [given]),
    ...cluster.members.map((m) => m.httpAddress).filter((a): a is string => a !== undefined && a !== ""),
  ];
  return [...new Set(all.map((a) => a.replace(/^https?:\/\//, "").replace(/\/$/, "")))];
}

async function getJson(
  target: string,
  path: string,
  timeoutMs: number,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://${target}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** The first answer from `targets`; a 404 is final (the node answered: there is no such thing). */
async function ask<T>(targets: readonly string[], path: string, timeoutMs: number): Promise<T> {
  const failures: string[] = [];
  for (const t of targets) {
    try {
      const r = await getJson(t, path, timeoutMs);
      if (r.status === 200) return r.body as T;
      if (r.status === 404) {
        const msg =
          typeof r.body === "object" && r.body !== null ? (r.body as { error?: string }).error : undefined;
        throw new NodeApiError(msg ?? `${t}${path}: not found`, true);
      }
      failures.push(`${t}: HTTP ${r.status}`);
    } catch (e) {
      if (e instanceof NodeApiError) throw e;
      failures.push(`${t}: ${(e as Error).message}`);
    }
  }
  throw new NodeApiError(
    `no node answered ${path} (${failures.join("; ") || "no HTTP address known: give --node HOST:PORT"})`,
  );
}

export function fetchConfigView(
  targets: readonly string[],
  history: boolean,
  timeoutMs = 5000,
): Promise<ConfigView> {
  return ask<ConfigView>(targets, history ? "/config?history=1" : "/config", timeoutMs);
}

export function fetchChange(
  targets: readonly string[],
  id: string,
  timeoutMs = 5000,
): Promise<PendingChange> {
  return ask<PendingChange>(targets, `/config/changes/${encodeURIComponent(id)}`, timeoutMs);
}

/** The epoch proof from the genesis to the epoch in force (receipts of later epochs are checked with it). */
export function fetchEpochProof(targets: readonly string[], timeoutMs = 5000): Promise<unknown> {
  return ask<unknown>(targets, "/config/proof", timeoutMs);
}
