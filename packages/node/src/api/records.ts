// The records the API lists and searches, as the reader edition shows them (the ledger's currentVersion:
// the amendments in force applied in the order they came into force; under an endorsement policy a pending
// or expired amendment is listed apart, never merged), with trace links to the heights that made each
// version. Kept in memory and brought up to the ledger's head incrementally before each read, so a read
// costs the new entries only, never a scan of the whole ledger.
import { pbft, proofFromLevels, toHex } from "@pbft/consensus";
import {
  type AmendmentProposal,
  amendmentSchema,
  currentVersion,
  endorsementSchema,
  entryTime,
  type Governed,
  governedAsOf,
  type Ledger,
  type RecordProposal,
  recordSchema,
  replyTrees,
  resolvePolicy,
  type StoredEntry,
  statusAt,
} from "@pbft/ledger";
import type { EntryProofT, EntryT, RecordSummaryT, TraceT } from "./schemas.js";

/** Where a request sits: (height, index in the batch). */
interface At {
  readonly height: number;
  readonly index: number;
}

interface Step {
  readonly amendment: AmendmentProposal;
  readonly trace: TraceT;
  readonly at: At;
  /** Under the record type's policy: its state is read from the ledger (null: not read yet). */
  readonly policy: boolean;
}

interface IndexedRecord {
  id: string;
  type: RecordProposal["type"];
  title: string;
  source: string;
  original: Record<string, unknown>;
  first: TraceT;
  at: At;
  steps: Step[];
  /** Lower-case text searched by `q`. */
  text: string;
}

export interface RecordQuery {
  readonly q?: string | undefined;
  readonly type?: string | undefined;
  readonly status?: string | undefined;
  readonly offset: number;
  readonly limit: number;
}

const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");

function parseProposal(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return null;
  }
}

type Status = RecordSummaryT["status"];

export class RecordIndex {
  private readonly list: IndexedRecord[] = [];
  private readonly byId = new Map<string, IndexedRecord>();
  /** The record each amendment amends. */
  private readonly amends = new Map<string, string>();
  /** Records and amendments under a policy: their state at the ledger's head (read after each sync). */
  private readonly governed = new Map<string, Governed>();
  private indexed = 0;
  /** The consensus time of the entry at `indexed` (expiry is judged against it). */
  private timeMs = 0;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly ledger: Ledger) {}

  /** The height the index reflects. */
  get height(): number {
    return this.indexed;
  }

  /** Indexes every entry up to the ledger's head (one sync at a time; callers share a running one). */
  sync(): Promise<void> {
    const run = this.syncing.then(async () => {
      const head = this.ledger.head().height;
      if (head <= this.indexed) return;
      const stale = new Set<string>();
      for await (const e of this.ledger.range(this.indexed + 1, head)) {
        this.add(e, stale);
        this.indexed = e.height;
        this.timeMs = entryTime(e);
      }
      // The rules' state is read at the ledger's head, which may be past `indexed`: governedAsOf counts
      // only the endorsements up to `indexed` when a record is shown.
      for (const id of stale) {
        const g = await this.ledger.governed(id);
        if (g !== undefined) this.governed.set(id, g);
      }
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private add(e: StoredEntry, stale: Set<string>): void {
    const hash = toHex(e.entryHash);
    const policies = this.ledger.epochAt(e.height).config;
    e.results.forEach((res, index) => {
      if (!res.accepted) return;
      const body = pbft.RequestBody.decode(e.batch.requests[index]?.body ?? new Uint8Array());
      const json = parseProposal(body.proposal);
      const en = endorsementSchema.safeParse(json);
      if (en.success) {
        if (this.byId.has(en.data.endorses) || this.amends.has(en.data.endorses)) stale.add(en.data.endorses);
        return;
      }
      const a = amendmentSchema.safeParse(json);
      if (a.success) {
        const target = this.byId.get(a.data.amends);
        if (!target) return;
        const policy = resolvePolicy(policies, target.type) !== null;
        target.steps.push({
          amendment: a.data,
          trace: {
            height: e.height,
            entryHash: hash,
            proposalId: a.data.id,
            kind: a.data.amendmentType,
            reason: a.data.reason,
          },
          at: { height: e.height, index },
          policy,
        });
        this.amends.set(a.data.id, target.id);
        if (policy) stale.add(a.data.id);
        return;
      }
      const r = recordSchema.safeParse(json);
      if (!r.success) return;
      const rec: IndexedRecord = {
        id: r.data.id,
        type: r.data.type,
        title: r.data.title,
        source: r.data.source,
        original: { ...r.data.content },
        first: { height: e.height, entryHash: hash, proposalId: r.data.id, kind: "original" },
        at: { height: e.height, index },
        steps: [],
        text: `${r.data.id} ${r.data.title} ${r.data.source}`.toLowerCase(),
      };
      if (resolvePolicy(policies, r.data.type) !== null) stale.add(rec.id);
      this.list.push(rec);
      this.byId.set(rec.id, rec);
    });
  }

  /** A governed record or amendment as of the indexed height (undefined: not under a policy). */
  private governedOf(id: string): Governed | undefined {
    const g = this.governed.get(id);
    return g === undefined ? undefined : governedAsOf(g, this.indexed);
  }

  /** The record's current version and status as of the indexed height. */
  private view(r: IndexedRecord) {
    const version = currentVersion(
      r.original,
      r.steps.map((s) => ({
        amendment: s.amendment,
        height: s.at.height,
        // A policy's amendment whose state was not read yet waits (it is read before the sync returns).
        governed: s.policy ? (this.governedOf(s.amendment.id) ?? pendingUnknown(s.amendment.id)) : undefined,
        extra: s,
      })),
      this.timeMs,
    );
    const g = this.governedOf(r.id);
    const status: Status = version.withdrawn
      ? "withdrawn"
      : g !== undefined
        ? statusAt(g, this.timeMs)
        : "in-force";
    return { version, status, governed: g };
  }

  /** One page of the records matching the query, in ledger order; `next` is the offset after it. */
  page(q: RecordQuery): { records: RecordSummaryT[]; next: number | null; total: number } {
    const words = (q.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const matching: { r: IndexedRecord; status: Status; applied: number }[] = [];
    for (const r of this.list) {
      if ((q.type && r.type !== q.type) || !words.every((w) => r.text.includes(w))) continue;
      // Most records have no amendment: their status needs no version built (a page filters them all).
      const v = r.steps.length === 0 ? undefined : this.view(r);
      const g = v === undefined ? this.governedOf(r.id) : undefined;
      const status = v?.status ?? (g !== undefined ? statusAt(g, this.timeMs) : "in-force");
      if (!q.status || status === q.status)
        matching.push({ r, status, applied: v?.version.applied.length ?? 0 });
    }
    const slice = matching.slice(q.offset, q.offset + q.limit);
    const end = q.offset + slice.length;
    return {
      records: slice.map(({ r, status, applied }) => ({
        id: r.id,
        type: r.type,
        title: r.title,
        source: r.source,
        status,
        height: r.at.height,
        amendments: applied,
      })),
      next: end < matching.length ? end : null,
      total: matching.length,
    };
  }

  /** A record with its amendment history and the proof of every request that made it. */
  async detail(id: string) {
    const r = this.byId.get(id);
    if (!r) return undefined;
    const { version, status, governed } = this.view(r);
    const proofOf = async (at: At): Promise<EntryProofT> => {
      const entry = await this.ledger.get(at.height);
      if (!entry) throw new Error(`entry ${at.height} vanished from the ledger`);
      return entryProof(entry, at.index);
    };
    const trace: TraceT[] = [r.first];
    const proofs: EntryProofT[] = [await proofOf(r.at)];
    for (const { step, inForceAt } of version.applied) {
      trace.push(inForceAt > step.height ? { ...step.extra.trace, inForceAt } : step.extra.trace);
      proofs.push(await proofOf(step.extra.at));
    }
    const pendingAmendments = [];
    for (const { step, status: st } of version.waiting)
      pendingAmendments.push({
        ...step.extra.trace,
        status: st,
        content: step.amendment.content,
        endorsements: endorsementsOf(step.governed),
        proof: await proofOf(step.extra.at),
      });
    return {
      id: r.id,
      type: r.type,
      title: r.title,
      source: r.source,
      status,
      ...(governed !== undefined ? { endorsements: endorsementsOf(governed) } : {}),
      content: version.content,
      trace,
      proofs,
      ...(pendingAmendments.length > 0 ? { pendingAmendments } : {}),
      readAtHeight: this.indexed,
    };
  }
}

function endorsementsOf(g: Governed | undefined): { org: string; height: number }[] {
  return (g?.endorsed ?? []).map((x) => ({ org: x.org, height: x.height }));
}

/** A stand-in for a policy's amendment whose state is not read yet: pending, never applied. */
function pendingUnknown(id: string): Governed {
  return {
    id,
    type: "decision",
    orgs: [],
    k: 1,
    deadlineMs: null,
    endorsed: [],
    inForce: false,
    withdraws: null,
  };
}

export function entryProof(entry: StoredEntry, index: number): EntryProofT {
  const trees = replyTrees(entry);
  const request = entry.batch.requests[index]!;
  return {
    height: entry.height,
    index,
    requestBody: b64(request.body ?? new Uint8Array()),
    requestSignature: b64(request.signature ?? new Uint8Array()),
    header: b64(entry.headerBytes),
    requestProof: proofFromLevels(trees.requests, index).map(b64),
    result: b64(entry.resultBytes[index]!),
    resultProof: proofFromLevels(trees.results, index).map(b64),
    certificate: b64(pbft.CommitCertificate.encode(entry.batch.certificate ?? {}).finish()),
  };
}

export function entryJson(e: StoredEntry): EntryT {
  const cert = e.batch.certificate;
  return {
    height: e.height,
    entryHash: toHex(e.entryHash),
    prevHash: toHex(e.header.prevHash),
    epoch: Number(e.header.epoch ?? 0),
    batchDigest: toHex(e.header.batchDigest),
    resultsDigest: toHex(e.header.resultsDigest),
    header: b64(e.headerBytes),
    certificate: {
      view: Number(cert?.view ?? 0),
      seq: Number(cert?.seq ?? 0),
      signers: (cert?.commits ?? []).map((c) => c.signer ?? 0).sort((a, b) => a - b),
    },
    requests: e.batch.requests.map((req, index) => {
      const body = pbft.RequestBody.decode(req.body ?? new Uint8Array());
      const res = e.results[index]!;
      return {
        index,
        clientKey: toHex(body.clientKey),
        requestNumber: Number(body.requestNumber),
        proposalId: res.proposalId,
        accepted: res.accepted,
        reason: res.reason,
        proposal: parseProposal(body.proposal),
      };
    }),
  };
}
