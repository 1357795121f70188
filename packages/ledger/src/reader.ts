// The reader edition: the current text of every record, the amendments in force applied in the order they
// came into force (record-version.ts: under a policy, a pending amendment is shown apart, never merged),
// each with trace links to the heights and entry hashes of the original and of every amendment. Built by
// streaming the ledger; memory holds the accepted records only.
import { pbft, toHex } from "@pbft/consensus";
import { decidedAt, entryTime, ProposerDirectory, proposerLabel } from "./attribution.js";
import { type Governed, statusAt } from "./endorsement.js";
import type { StoredEntry } from "./entry.js";
import { executeBatch } from "./execute.js";
import { currentVersion } from "./record-version.js";
import type { AmendmentProposal, MemoryRulesState, RecordProposal } from "./rules.js";
import { amendmentSchema, recordSchema } from "./rules.js";
import { encodeSignedHead, type SignedHead } from "./signed-head.js";

export interface Trace {
  readonly height: number;
  readonly entryHash: string;
  readonly proposalId: string;
  readonly kind: "original" | AmendmentProposal["amendmentType"];
  readonly reason?: string;
  /** Who proposed it, "name (org)" (issue 18; present when the edition was built with a directory). */
  readonly proposer?: string;
  /** When it was decided (ISO 8601; absent for entries recorded before times existed). */
  readonly decidedAt?: string;
  /** An amendment under a policy: the height of the endorsement that brought it into force, when later. */
  readonly inForceAt?: number;
}

export interface ReaderEndorsement {
  readonly org: string;
  readonly proposer?: string;
  readonly decidedAt?: string;
  readonly height: number;
}

/** An amendment accepted under its record type's policy but not in force: not part of the record's text. */
export interface PendingAmendment extends Trace {
  readonly kind: AmendmentProposal["amendmentType"];
  readonly status: "pending" | "expired";
  readonly endorsements: ReaderEndorsement[];
  readonly content: Record<string, unknown>;
}

export interface ReaderRecord {
  readonly id: string;
  readonly type: RecordProposal["type"];
  readonly title: string;
  readonly source: string;
  /** Under an endorsement policy (issue 18, with `rules`): pending, in-force or expired; withdrawn last. */
  readonly status: "in-force" | "withdrawn" | "pending" | "expired";
  /** The organisations that endorsed it (its proposer's first), when built with `rules`. */
  readonly endorsements?: ReaderEndorsement[];
  /** The current version: the original with the amendments in force applied (in the trace's order). */
  readonly content: Record<string, unknown>;
  /** The original, then every amendment in force in the order it came into force. */
  readonly trace: Trace[];
  /** Amendments waiting for endorsement (or expired), shown apart and never merged (absent when none). */
  readonly pendingAmendments?: PendingAmendment[];
}

/** What an edition was restricted to (stated in every format; verify-reader rebuilds with it). */
export interface ReaderFilters {
  readonly types?: readonly string[];
  readonly statuses?: readonly string[];
}

export interface ReaderEditionJson {
  readonly clusterId: string;
  readonly height: number;
  /** The signed head the edition was built at (every entry up to it), or null (no head covers it). */
  readonly signedHead: SignedHead | null;
  /** Present when the edition lists only some records (`--type`, `--status`). */
  readonly filters?: ReaderFilters;
  readonly records: ReaderRecord[];
}

export interface ReaderEdition {
  readonly json: ReaderEditionJson;
  readonly markdown: string;
  readonly html: string;
}

interface Mutable {
  id: string;
  type: RecordProposal["type"];
  title: string;
  source: string;
  original: Record<string, unknown>;
  first: Trace;
  steps: { amendment: AmendmentProposal; height: number; trace: Trace }[];
}

export const READER_STATUSES = ["in-force", "withdrawn", "pending", "expired"] as const;

/** Builds the reader edition from accepted entries in height order (e.g. `ledger.range(1)`). */
export interface ReaderOptions {
  /** Names proposers in the trace (issue 18). */
  readonly directory?: ProposerDirectory;
  /** A fresh rules state of the genesis: the edition re-executes the entries to know each record's status
   * under its endorsement policy and its endorsements (issue 18), and which amendments are in force. */
  readonly rules?: MemoryRulesState;
  /** Only records of these types / with these statuses (stated in the edition). */
  readonly types?: readonly string[];
  readonly statuses?: readonly string[];
  /**
   * Built at this signed head (issue 17): entries above it are left out, and the head is stated (and
   * embedded, so that `verify-reader` can check a printed copy later) in every format. The entries must have
   * been verified by the caller.
   */
  readonly signedHead?: SignedHead | null;
}

export async function buildReaderEdition(
  clusterId: string,
  entries: AsyncIterable<StoredEntry>,
  opts: ProposerDirectory | ReaderOptions = {},
): Promise<ReaderEdition> {
  const o: ReaderOptions = opts instanceof ProposerDirectory ? { directory: opts } : opts;
  const directory = o.directory;
  const signedHead = o.signedHead ?? null;
  const records = new Map<string, Mutable>();
  let height = 0;
  let nowMs = 0;
  for await (const e of entries) {
    if (signedHead !== null && e.height > signedHead.height) break;
    height = e.height;
    nowMs = entryTime(e);
    const hash = toHex(e.entryHash);
    directory?.observe(e);
    if (o.rules) executeBatch(o.rules, clusterId, e.height, e.batch.requests, nowMs);
    const at = decidedAt(entryTime(e));
    e.results.forEach((res, i) => {
      if (!res.accepted) return;
      const who = {
        ...(directory ? { proposer: proposerLabel(directory.proposerOf(e, i)) } : {}),
        ...(at !== null ? { decidedAt: at } : {}),
      };
      const body = pbft.RequestBody.decode(e.batch.requests[i]?.body ?? new Uint8Array());
      const json = JSON.parse(Buffer.from(body.proposal).toString("utf8")) as unknown;
      const a = amendmentSchema.safeParse(json);
      if (a.success) {
        const target = records.get(a.data.amends);
        if (!target) return;
        const trace: Trace = {
          height: e.height,
          entryHash: hash,
          proposalId: a.data.id,
          kind: a.data.amendmentType,
          reason: a.data.reason,
          ...who,
        };
        target.steps.push({ amendment: a.data, height: e.height, trace });
        return;
      }
      const r = recordSchema.safeParse(json);
      if (!r.success) return;
      records.set(r.data.id, {
        id: r.data.id,
        type: r.data.type,
        title: r.data.title,
        source: r.data.source,
        original: { ...r.data.content },
        first: { height: e.height, entryHash: hash, proposalId: r.data.id, kind: "original", ...who },
        steps: [],
      });
    });
  }
  if (signedHead !== null && height !== signedHead.height)
    throw new Error(`the entries end at ${height}, before the signed head at ${signedHead.height}`);
  const rules = o.rules;
  const endorsementsOf = (g: Governed): ReaderEndorsement[] =>
    g.endorsed.map((x) => {
      const when = decidedAt(x.timeMs);
      return {
        org: x.org,
        height: x.height,
        ...(directory ? { proposer: directory.who(x.key).name } : {}),
        ...(when !== null ? { decidedAt: when } : {}),
      };
    });
  // The rules' state is at `height` (the entries were executed up to it): it decides what is in force.
  const list: ReaderRecord[] = [];
  for (const m of records.values()) {
    const version = currentVersion(
      m.original,
      m.steps.map((s) => ({ ...s, governed: rules?.governed(s.amendment.id), extra: s.trace })),
      nowMs,
    );
    const g = rules?.governed(m.id);
    const withdrawn = rules ? rules.isWithdrawn(m.id) : version.withdrawn;
    const status = withdrawn ? "withdrawn" : g !== undefined ? statusAt(g, nowMs) : "in-force";
    if (o.types !== undefined && !o.types.includes(m.type)) continue;
    if (o.statuses !== undefined && !o.statuses.includes(status)) continue;
    const trace = [
      m.first,
      ...version.applied.map(({ step, inForceAt }) =>
        inForceAt > step.height ? { ...step.extra, inForceAt } : step.extra,
      ),
    ];
    const pending = version.waiting.map(({ step, status }) => ({
      ...step.extra,
      kind: step.amendment.amendmentType,
      status,
      endorsements: step.governed ? endorsementsOf(step.governed) : [],
      content: { ...step.amendment.content },
    }));
    list.push({
      id: m.id,
      type: m.type,
      title: m.title,
      source: m.source,
      status,
      ...(g !== undefined ? { endorsements: endorsementsOf(g) } : {}),
      content: version.content,
      trace,
      ...(pending.length > 0 ? { pendingAmendments: pending } : {}),
    });
  }
  const filters: ReaderFilters = {
    ...(o.types !== undefined ? { types: [...o.types] } : {}),
    ...(o.statuses !== undefined ? { statuses: [...o.statuses] } : {}),
  };
  const json: ReaderEditionJson = {
    clusterId,
    height,
    signedHead,
    ...(o.types !== undefined || o.statuses !== undefined ? { filters } : {}),
    records: list,
  };
  return { json, markdown: toMarkdown(json), html: toHtml(json) };
}

function traceLine(t: Trace): string {
  const what = t.kind === "original" ? "recorded" : `${t.kind}${t.reason ? ` (${t.reason})` : ""}`;
  const by = t.proposer ? ` by ${t.proposer}` : "";
  const when = t.decidedAt ? ` at ${t.decidedAt}` : "";
  return `height ${t.height}, entry ${t.entryHash.slice(0, 16)}…, ${t.proposalId}: ${what}${by}${when}`;
}

function headSentence(ed: ReaderEditionJson): string {
  const h = ed.signedHead;
  return h === null
    ? `Reader edition at height ${ed.height}, not covered by a signed head.`
    : `Reader edition at signed head ${h.height}:${h.entryHash} (epoch ${h.epoch}, tree root ${h.treeRoot}, signed by members ${h.signatures.map((s) => s.signer).join(", ")}); check it with \`pbft ledger verify-reader\`.`;
}

const MD_HEAD_FENCE = "```json pbft-signed-head";
const MD_FILTERS_FENCE = "```json pbft-reader-filters";

function filtersSentence(f: ReaderFilters): string {
  const parts = [
    ...(f.types !== undefined ? [`of type ${f.types.join(" or ") || "(none)"}`] : []),
    ...(f.statuses !== undefined ? [`with status ${f.statuses.join(" or ") || "(none)"}`] : []),
  ];
  return `Filtered edition: only the records ${parts.join(" and ")}.`;
}

function pendingLine(p: PendingAmendment): string {
  const ends = p.endorsements.map((x) => x.org).join(", ");
  return `${traceLine(p)}; ${p.status}, not in force${ends ? ` (endorsed by ${ends})` : ""}`;
}

function toMarkdown(ed: ReaderEditionJson): string {
  const out = [`# Constitutional ledger: ${ed.clusterId}`, "", headSentence(ed), ""];
  if (ed.filters !== undefined)
    out.push(filtersSentence(ed.filters), "", MD_FILTERS_FENCE, JSON.stringify(ed.filters), "```", "");
  for (const r of ed.records) {
    out.push(`## ${r.title}${r.status === "withdrawn" ? " (withdrawn)" : ""}`, "");
    out.push(`- id: \`${r.id}\``, `- type: ${r.type}`, `- source: ${r.source}`, `- status: ${r.status}`);
    for (const x of r.endorsements ?? [])
      out.push(
        `- endorsed by ${x.org}${x.proposer ? ` (${x.proposer})` : ""}${x.decidedAt ? ` at ${x.decidedAt}` : ""}, height ${x.height}`,
      );
    out.push("");
    out.push("```json", JSON.stringify(r.content, null, 2), "```", "", "Trace:", "");
    for (const t of r.trace) out.push(`- ${traceLine(t)} (\`${t.entryHash}\`)`);
    out.push("");
    if (r.pendingAmendments !== undefined) {
      out.push("Amendments not in force (not part of the text above):", "");
      for (const p of r.pendingAmendments)
        out.push(
          `- ${pendingLine(p)} (\`${p.entryHash}\`)`,
          "",
          "  ```json",
          ...JSON.stringify(p.content, null, 2)
            .split("\n")
            .map((l) => `  ${l}`),
          "  ```",
          "",
        );
    }
  }
  if (ed.signedHead !== null)
    out.push("## Signed head", "", MD_HEAD_FENCE, encodeSignedHead(ed.signedHead), "```", "");
  return out.join("\n");
}

/** The signed head embedded in an edition (JSON, Markdown or HTML), or null when it states none. */
export function readerEditionHead(text: string): unknown | null {
  const t = text.trimStart();
  if (t.startsWith("{")) return (JSON.parse(t) as { signedHead?: unknown }).signedHead ?? null;
  const md = text.indexOf(`${MD_HEAD_FENCE}\n`);
  if (md !== -1) return JSON.parse(text.slice(md + MD_HEAD_FENCE.length + 1).split("\n")[0]!);
  const html = /<script type="application\/json" id="pbft-signed-head">([^<]*)<\/script>/.exec(text);
  return html ? JSON.parse(html[1]!) : null;
}

/**
 * The filters an edition states (JSON, Markdown or HTML), or null when it lists every record. Throws on a
 * statement that is not readable JSON.
 */
export function readerEditionFilters(text: string): unknown | null {
  const t = text.trimStart();
  if (t.startsWith("{")) return (JSON.parse(t) as { filters?: unknown }).filters ?? null;
  const md = text.indexOf(`${MD_FILTERS_FENCE}\n`);
  if (md !== -1) return JSON.parse(text.slice(md + MD_FILTERS_FENCE.length + 1).split("\n")[0]!);
  const html = /<script type="application\/json" id="pbft-reader-filters">([^<]*)<\/script>/.exec(text);
  return html ? JSON.parse(html[1]!) : null;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toHtml(ed: ReaderEditionJson): string {
  const body = ed.records
    .map(
      (r) => `<article id="${esc(r.id)}" class="${r.status}">
<h2>${esc(r.title)}${r.status === "withdrawn" ? ' <span class="badge">withdrawn</span>' : ""}</h2>
<p class="meta">${esc(r.type)} · ${esc(r.source)} · <code>${esc(r.id)}</code></p>
<pre>${esc(JSON.stringify(r.content, null, 2))}</pre>
<ol class="trace">${r.trace.map((t) => `<li title="${esc(t.entryHash)}">${esc(traceLine(t))}</li>`).join("")}</ol>
${(r.pendingAmendments ?? []).map((p) => `<section class="pending"><p title="${esc(p.entryHash)}">Not in force: ${esc(pendingLine(p))}</p><pre>${esc(JSON.stringify(p.content, null, 2))}</pre></section>`).join("\n")}</article>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Constitutional ledger: ${esc(ed.clusterId)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
article{border-top:1px solid #ccc;padding:.5rem 0}.withdrawn{opacity:.6}.withdrawn h2{text-decoration:line-through}
.badge{font-size:.7em;background:#b00;color:#fff;padding:0 .3em;border-radius:.2em;text-decoration:none}
.meta{color:#555}.pending{border-left:3px solid #c90;padding-left:.5rem;color:#555}pre{background:#f6f6f6;padding:.5rem;overflow:auto}.trace{font-size:.85em;color:#444}</style></head>
<body><h1>Constitutional ledger: ${esc(ed.clusterId)}</h1><p>${esc(headSentence(ed))}</p>
${ed.filters === undefined ? "" : `<p class="filters">${esc(filtersSentence(ed.filters))}</p>\n<script type="application/json" id="pbft-reader-filters">${JSON.stringify(ed.filters).replace(/</g, "\\u003c")}</script>\n`}${body}
${ed.signedHead === null ? "" : `<script type="application/json" id="pbft-signed-head">${encodeSignedHead(ed.signedHead).replace(/</g, "\\u003c")}</script>\n`}</body></html>
`;
}
