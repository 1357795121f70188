// The records the API lists and searches: the reader edition's logic (amendments applied in ledger order,
// trace links to the heights that made each version), kept in memory and brought up to the ledger's head
// incrementally before each read, so a read costs the new entries only, never a scan of the whole ledger.
import { pbft, proofFromLevels, toHex } from "@pbft/consensus";
import {
  amendmentSchema,
  applyAmendment,
  type Ledger,
  recordSchema,
  replyTrees,
  type StoredEntry,
} from "@pbft/ledger";
import type { EntryProofT, EntryT, RecordSummaryT, TraceT } from "./schemas.js";

interface IndexedRecord {
  id: string;
  type: RecordSummaryT["type"];
  title: string;
  source: string;
  status: "in-force" | "withdrawn";
  content: Record<string, unknown>;
  trace: TraceT[];
  /** Where each trace item's request sits: (height, index in the batch). */
  at: { height: number; index: number }[];
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

export class RecordIndex {
  private readonly list: IndexedRecord[] = [];
  private readonly byId = new Map<string, IndexedRecord>();
  private indexed = 0;
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
      for await (const e of this.ledger.range(this.indexed + 1, head)) {
        this.add(e);
        this.indexed = e.height;
      }
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private add(e: StoredEntry): void {
    const hash = toHex(e.entryHash);
    e.results.forEach((res, index) => {
      if (!res.accepted) return;
      const body = pbft.RequestBody.decode(e.batch.requests[index]?.body ?? new Uint8Array());
      const json = parseProposal(body.proposal);
      const a = amendmentSchema.safeParse(json);
      if (a.success) {
        const target = this.byId.get(a.data.amends);
        if (!target) return;
        target.trace.push({
          height: e.height,
          entryHash: hash,
          proposalId: a.data.id,
          kind: a.data.amendmentType,
          reason: a.data.reason,
        });
        target.at.push({ height: e.height, index });
        applyAmendment(target, a.data);
        return;
      }
      const r = recordSchema.safeParse(json);
      if (!r.success) return;
      const rec: IndexedRecord = {
        id: r.data.id,
        type: r.data.type,
        title: r.data.title,
        source: r.data.source,
        status: "in-force",
        content: { ...r.data.content },
        trace: [{ height: e.height, entryHash: hash, proposalId: r.data.id, kind: "original" }],
        at: [{ height: e.height, index }],
        text: `${r.data.id} ${r.data.title} ${r.data.source}`.toLowerCase(),
      };
      this.list.push(rec);
      this.byId.set(rec.id, rec);
    });
  }

  /** One page of the records matching the query, in ledger order; `next` is the offset after it. */
  page(q: RecordQuery): { records: RecordSummaryT[]; next: number | null; total: number } {
    const words = (q.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const matching = this.list.filter(
      (r) =>
        (!q.type || r.type === q.type) &&
        (!q.status || r.status === q.status) &&
        words.every((w) => r.text.includes(w)),
    );
    const slice = matching.slice(q.offset, q.offset + q.limit);
    const end = q.offset + slice.length;
    return {
      records: slice.map((r) => ({
        id: r.id,
        type: r.type,
        title: r.title,
        source: r.source,
        status: r.status,
        height: r.trace[0]!.height,
        amendments: r.trace.length - 1,
      })),
      next: end < matching.length ? end : null,
      total: matching.length,
    };
  }

  /** A record with its amendment history and the proof of every request that made it. */
  async detail(id: string) {
    const r = this.byId.get(id);
    if (!r) return undefined;
    const proofs: EntryProofT[] = [];
    for (const at of r.at) {
      const entry = await this.ledger.get(at.height);
      if (!entry) throw new Error(`entry ${at.height} vanished from the ledger`);
      proofs.push(entryProof(entry, at.index));
    }
    return {
      id: r.id,
      type: r.type,
      title: r.title,
      source: r.source,
      status: r.status,
      content: r.content,
      trace: r.trace,
      proofs,
      readAtHeight: this.indexed,
    };
  }
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
