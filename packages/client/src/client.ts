// The SDK's door to one node's HTTPS API. Its types are the OpenAPI document's (src/gen/openapi.ts is
// generated from packages/node/openapi.json; a test fails when they drift). Answers that matter are
// verified here against the genesis the caller holds, not taken from the node: a submission's receipt in
// full, a record's history by its proofs, a signed head by its signatures; for anything of a later
// configuration epoch, the epoch proof from the genesis (GET /v1/config/proof) is fetched and checked too.
import { fromBase64, toBase64 } from "./bytes.js";
import { type GenesisKeys, genesisHashOf } from "./epochs.js";
import type { components } from "./gen/openapi.js";
import { type VerifiedHead, verifySignedHead } from "./heads.js";
import { type ProposalInput, type ProposerKey, signProposal, withId } from "./keys.js";
import { type RecordVerification, verifyRecord } from "./records.js";
import { headerEpoch, receiptParts, type VerifiedDecision, verifyReceipt } from "./verify.js";

type Schemas = components["schemas"];
export type Status = Schemas["Status"];
export type RecordPage = Schemas["RecordPage"];
export type RecordSummary = Schemas["RecordSummary"];
export type RecordDetail = Schemas["RecordDetail"];
export type Entry = Schemas["Entry"];
export type EntryPage = Schemas["EntryPage"];
export type SubmitResponse = Schemas["SubmitResponse"];
export type Head = Schemas["Head"];
export type Genesis = Schemas["Genesis"];
export type EpochProof = Schemas["EpochProof"];
export type ApiErrorBody = Schemas["Error"];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  /** The node's API, e.g. https://127.0.0.1:7103 (no trailing path). */
  readonly url: string;
  /** The genesis (cluster.json) everything is verified against; the node's copy is never trusted. */
  readonly genesis: GenesisKeys;
  readonly apiKey?: string;
  /** A fetch with the node's CA trusted (Node: or NODE_EXTRA_CA_CERTS); default: the global fetch. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

export interface Submitted {
  /** What the receipt proves (verified against the genesis). */
  readonly decision: VerifiedDecision;
  /** The receipt (base64 of the encoded Receipt): keep it to prove the decision later. */
  readonly receipt: string;
  readonly proposalId: string;
}

export interface RecordsQuery {
  readonly q?: string;
  readonly type?: RecordSummary["type"];
  readonly status?: RecordSummary["status"];
  readonly cursor?: string;
  readonly limit?: number;
}

export class PbftClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  /** The last epoch proof fetched (unverified: every use verifies it against the genesis). */
  private proof: EpochProof | undefined;

  constructor(private readonly o: ClientOptions) {
    this.base = o.url.replace(/\/+$/, "");
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Signs `proposal` with `key`, submits it and verifies the receipt; throws ApiError or VerificationError. */
  async submit(proposal: ProposalInput, key: ProposerKey): Promise<Submitted> {
    const p = withId(proposal);
    const signed = signProposal(this.o.genesis.clusterId, key, p);
    const res = await this.call<SubmitResponse>("POST", "/v1/proposals", {
      body: toBase64(signed.body),
      signature: toBase64(signed.signature),
    });
    let epoch = 0;
    try {
      epoch = headerEpoch(receiptParts(fromBase64(res.receipt)).header);
    } catch {
      // undecodable: verifyReceipt says so
    }
    const decision = verifyReceipt(res.receipt, this.o.genesis, await this.proofFor(epoch));
    // The proof must be of this very request, not of another one the node had at hand.
    if (decision.proposalId !== p.id || decision.requestNumber !== signed.requestNumber)
      throw new ApiError(502, "bad-receipt", "the receipt is for another request");
    return { decision, receipt: res.receipt, proposalId: p.id };
  }

  status(): Promise<Status> {
    return this.call("GET", "/v1/status");
  }

  /** The node's genesis and whether its hash is the one given (e.g. from `pbft genesis verify`). */
  async genesis(expectedHash?: string): Promise<Genesis & { matches: boolean | undefined }> {
    const g = await this.call<Genesis>("GET", "/v1/genesis");
    const computed = genesisHashOf(g.canonical);
    if (computed !== g.hash)
      throw new ApiError(502, "bad-genesis", "the genesis hash does not match its text");
    return { ...g, matches: expectedHash === undefined ? undefined : expectedHash === computed };
  }

  records(q: RecordsQuery = {}): Promise<RecordPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.call("GET", `/v1/records${qs ? `?${qs}` : ""}`);
  }

  /**
   * A record with its history, and the verification of that history against the genesis and the epoch
   * proof (fetched with it: required when a step is of a later configuration epoch).
   */
  async record(id: string): Promise<RecordDetail & { verification: RecordVerification }> {
    const r = await this.call<RecordDetail>("GET", `/v1/records/${encodeURIComponent(id)}`);
    let epoch = 0;
    for (const p of r.proofs) {
      try {
        epoch = Math.max(epoch, headerEpoch(fromBase64(p.header)));
      } catch {
        // a step that does not decode fails its own check
      }
    }
    // Fetched afresh for every record, even one of epoch 0 only: its boundaries are what shows an entry of
    // an old epoch past its end (old keys signing after a hand-over). Needed only when a step is later.
    const proof = await this.epochProof().catch((e: unknown) => {
      if (epoch > 0) throw e;
      return undefined;
    });
    if (proof !== undefined) this.proof = proof;
    return { ...r, verification: verifyRecord(r, this.o.genesis, proof) };
  }

  /** The epoch proof from the genesis to the configuration in force (verify it: verifyEpochProof). */
  epochProof(): Promise<EpochProof> {
    return this.call("GET", "/v1/config/proof");
  }

  /** The latest signed head, verified against the genesis (and the epoch proof for a later epoch). */
  async verifiedHead(): Promise<VerifiedHead> {
    const head = await this.latestHead();
    return verifySignedHead(head, this.o.genesis, await this.proofFor(head.epoch));
  }

  /** None for epoch 0; else the kept proof when it reaches `epoch`, or a fresh one. */
  private async proofFor(epoch: number): Promise<EpochProof | undefined> {
    if (epoch === 0) return undefined;
    if (this.proof === undefined || this.proof.hops.length < epoch) this.proof = await this.epochProof();
    return this.proof;
  }

  entry(height: number): Promise<Entry> {
    return this.call("GET", `/v1/entries/${height}`);
  }

  entries(from = 1, limit = 100): Promise<EntryPage> {
    return this.call("GET", `/v1/entries?from=${from}&limit=${limit}`);
  }

  latestHead(): Promise<Head> {
    return this.call("GET", "/v1/heads/latest");
  }

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.o.apiKey) headers.authorization = `Bearer ${this.o.apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await this.fetchFn(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, "malformed-response", `the node answered ${text.slice(0, 80)}`);
    }
    if (!res.ok) {
      const e = json as Partial<ApiErrorBody>;
      const retry = Number(res.headers.get("retry-after"));
      throw new ApiError(
        res.status,
        e.code ?? "unknown",
        e.message ?? res.statusText,
        Number.isFinite(retry) && retry > 0 ? retry : undefined,
      );
    }
    return json as T;
  }
}
