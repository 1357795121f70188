// `pbft submit` and `pbft receipt verify`.
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pbft, toHex } from "@pbft/consensus";
import {
  type ClusterConfig,
  decidedAt,
  EXPORT_FORMAT,
  epochConfigs,
  headLine,
  proposerLabel,
  readHistory,
  type SignedHead,
  verifyEpochProof,
  verifyInclusionProof,
  verifyReceipt,
} from "@pbft/ledger";
import { amendmentProposal, newProposalId, recordProposal } from "../client/proposal.js";
import { ClusterClient, receiptJson, SubmitError } from "../client/submit.js";
import { loadProposerKey, type ProposerKeyError } from "../proposer-key.js";
import { fetchEpochProof, httpTargets } from "../reconfig/node-api.js";
import { PROPOSER_KEY_FILE } from "../testnet.js";
import { CliError, EXIT, print, printJson, testnetDir } from "./common.js";

export interface SubmitOptions {
  readonly testnet?: string;
  readonly cluster?: string;
  readonly key?: string;
  readonly file?: string;
  readonly type?: string;
  readonly title?: string;
  readonly content?: string;
  readonly source?: string;
  readonly amends?: string;
  readonly amendmentType?: string;
  readonly reason?: string;
  /** Endorse this record (or amendment) id instead of proposing one (issue 18). */
  readonly endorse?: string;
  readonly json: boolean;
  readonly timeout: number;
  readonly receiptOut?: string;
}

const RECORD_TYPES = ["observation", "decision", "outcome", "constraint", "test"] as const;
const AMENDMENT_TYPES = ["clarification", "correction", "supersession", "withdrawal"] as const;

function contentOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // plain text
  }
  return { text };
}

const RECORD_FLAGS = [
  ["--title", "title"],
  ["--type", "type"],
  ["--source", "source"],
] as const;
const AMENDMENT_FLAGS = [
  ["--amendment-type", "amendmentType"],
  ["--reason", "reason"],
] as const;

/** The flags of `flags` that `o` sets. */
function given(o: SubmitOptions, flags: readonly (readonly [string, keyof SubmitOptions])[]): string[] {
  return flags.filter(([, k]) => o[k] !== undefined).map(([flag]) => flag);
}

/** Flags that do not apply to the kind of proposal asked for are an error, never silently dropped. */
function checkFlags(o: SubmitOptions): void {
  if (o.file) {
    const extra = [
      ...given(o, RECORD_FLAGS),
      ...given(o, AMENDMENT_FLAGS),
      ...(o.amends !== undefined ? ["--amends"] : []),
      ...(o.content !== undefined ? ["--content"] : []),
    ];
    if (extra.length > 0)
      throw new CliError(`--file holds the whole proposal: drop ${extra.join(", ")} (or drop --file)`);
  } else if (o.amends !== undefined) {
    const extra = given(o, RECORD_FLAGS);
    if (extra.length > 0)
      throw new CliError(
        `${extra.join(", ")} ${extra.length === 1 ? "describes" : "describe"} a new record, not an amendment: an amendment (--amends) takes --amendment-type, --reason and --content`,
      );
  } else {
    const extra = given(o, AMENDMENT_FLAGS);
    if (extra.length > 0)
      throw new CliError(
        `${extra.join(", ")} ${extra.length === 1 ? "applies" : "apply"} only to an amendment: add --amends <record id>`,
      );
  }
}

export function proposalFrom(o: SubmitOptions): unknown {
  if (o.endorse !== undefined) {
    const extra = [...given(o, RECORD_FLAGS), ...given(o, AMENDMENT_FLAGS), ...(o.file ? ["--file"] : [])];
    if (o.amends !== undefined || o.content !== undefined || extra.length > 0)
      throw new CliError("--endorse names the record to endorse: it takes no other proposal flags");
    return { kind: "endorsement", id: newProposalId(), endorses: o.endorse };
  }
  checkFlags(o);
  if (o.file) {
    let v: unknown;
    try {
      v = JSON.parse(readFileSync(o.file, "utf8"));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(
        `cannot read proposal ${o.file}: ${(e as Error).message}`,
        code === undefined ? EXIT.usage : EXIT["not-found"],
      );
    }
    if (typeof v !== "object" || v === null || Array.isArray(v))
      throw new CliError(`${o.file} must hold one JSON object (a record or an amendment)`);
    const p = v as Record<string, unknown>;
    return p.id === undefined ? { id: newProposalId(), ...p } : p;
  }
  if (o.amends) {
    const t = o.amendmentType ?? "clarification";
    if (!(AMENDMENT_TYPES as readonly string[]).includes(t))
      throw new CliError(`--amendment-type must be one of ${AMENDMENT_TYPES.join(", ")}`);
    if (!o.reason) throw new CliError("an amendment needs --reason");
    return amendmentProposal({
      amends: o.amends,
      amendmentType: t as (typeof AMENDMENT_TYPES)[number],
      reason: o.reason,
      content: contentOf(o.content),
    });
  }
  const type = o.type ?? "decision";
  if (!(RECORD_TYPES as readonly string[]).includes(type))
    throw new CliError(`--type must be one of ${RECORD_TYPES.join(", ")}`);
  if (!o.title) throw new CliError("a record needs --title (or give --file, or --amends for an amendment)");
  return recordProposal({
    type: type as (typeof RECORD_TYPES)[number],
    title: o.title,
    content: contentOf(o.content),
    source: o.source ?? "pbft-cli",
  });
}

/** `clusterOf` is called after the options are checked, so a usage error is reported before a missing file. */
export async function submitCommand(clusterOf: () => ClusterConfig, o: SubmitOptions): Promise<void> {
  const proposal = proposalFrom(o);
  const cluster = clusterOf();
  let key: ReturnType<typeof loadProposerKey>;
  const keyFile = o.key ?? join(testnetDir(o.testnet), PROPOSER_KEY_FILE);
  try {
    key = loadProposerKey(keyFile);
  } catch (e) {
    const unreadable = / cannot be read/.test((e as ProposerKeyError).message);
    throw new CliError((e as ProposerKeyError).message, unreadable ? EXIT["not-found"] : EXIT.usage);
  }
  // Replies and receipts of later configuration epochs are checked with the epoch proof a node serves
  // (itself checked against the genesis); the receipt file carries it, so it verifies offline.
  const targets = httpTargets(undefined, cluster);
  const client = await ClusterClient.connect({
    cluster,
    key,
    epochProof: () => fetchEpochProof(targets, 5000),
  });
  try {
    await client.ready(Math.min(o.timeout, 10_000));
    const result = await client.submit(proposal, o.timeout);
    const out = receiptJson(result, client.epochProofFor(result.decision.epoch ?? 0));
    if (o.receiptOut) writeFileSync(o.receiptOut, `${JSON.stringify(out, null, 2)}\n`);
    if (o.json) printJson(out);
    else {
      print(
        `${result.decision.accepted ? "ACCEPTED" : `REJECTED (${result.decision.reason})`}  proposal ${result.decision.proposalId}`,
      );
      print(`  height      ${result.decision.height}`);
      if (out.decidedAt) print(`  decided at  ${String(out.decidedAt)}`);
      if (result.decision.proposer) print(`  proposer    ${proposerLabel(result.decision.proposer)}`);
      print(`  entry hash  ${toHex(result.decision.entryHash)}`);
      print(
        `  certificate view ${String(out.certificate && (out.certificate as { view: number }).view)}, commits signed by members [${(out.certificate as { signers: number[] }).signers.join(", ")}]`,
      );
      print(
        `  attested by members [${(out.attestedBy as number[]).join(", ")}] in ${out.latencyMs as number} ms`,
      );
      if (o.receiptOut)
        print(
          `  receipt saved to ${o.receiptOut} (check it with: pbft receipt verify --receipt ${o.receiptOut})`,
        );
    }
    if (!result.decision.accepted) process.exitCode = EXIT.refused;
  } catch (e) {
    if (e instanceof SubmitError)
      throw new CliError(`submit failed (${e.code}): ${e.message}`, submitExitCode(e.code), {
        reason: e.code,
      });
    throw e;
  } finally {
    await client.close();
  }
}

/** A SubmitError's code (a client error code of the members, or the client's own) as an exit code. */
export function submitExitCode(code: string): number {
  switch (code) {
    case "timeout":
    case "unreachable":
    case "closed":
    case "rate-limited":
    case "overloaded":
      return EXIT.unreachable;
    case "bad-receipt":
      return EXIT["verification-failed"];
    default:
      // unauthorised-proposer, invalid-signature, wrong-cluster, stale-request, malformed-request, too-large
      return EXIT.refused;
  }
}

/** A receipt's inclusion proof: valid, and for the receipt's own entry. */
function receiptUnderHead(
  proof: unknown,
  height: number,
  entryHash: string,
  cluster: ClusterConfig,
  epochProof?: unknown,
): SignedHead {
  // A head of a later epoch is signed by that epoch's members: the file's epoch proof reaches them.
  const epochs = epochProof === undefined ? undefined : epochConfigs(verifyEpochProof(epochProof, cluster));
  const p = verifyInclusionProof(proof, cluster, epochs);
  if (p.height !== height || p.entryHash !== entryHash)
    throw new Error(
      `the receipt's inclusion proof is for entry ${p.height} (${p.entryHash.slice(0, 16)}…), not this receipt's`,
    );
  return p.head;
}

/** What a verifier brings beside the receipt file: an epoch proof (or an export carrying one) and a head. */
export interface ReceiptEvidence {
  /** A pbft-epoch-proof/1 file, or an export file whose epoch hops give one (`pbft ledger export`). */
  readonly epochProof?: string;
  /** A signed head the verifier holds (`pbft ledger head --out`): bounds the receipt's epoch. */
  readonly head?: string;
}

function readEvidenceJson(path: string, option: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `${option} ${path}: ${code === undefined ? "not JSON" : (e as Error).message}`,
      code === undefined ? EXIT.usage : EXIT["not-found"],
    );
  }
}

/** --epoch-proof FILE: the proof itself, or the one an export's epoch hops make (read without replaying). */
async function epochProofFrom(path: string, cluster: ClusterConfig): Promise<unknown> {
  let first = "";
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(64);
      first = buf.subarray(0, readSync(fd, buf, 0, 64, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new CliError(`--epoch-proof ${path}: ${(e as Error).message}`, EXIT["not-found"]);
  }
  if (!first.startsWith(`{"format":"${EXPORT_FORMAT}"`)) return readEvidenceJson(path, "--epoch-proof");
  try {
    return (await readHistory(path, cluster.clusterId)).epochProof;
  } catch (e) {
    throw new CliError(`--epoch-proof ${path}: ${(e as Error).message}`, EXIT["verification-failed"]);
  }
}

export async function receiptVerifyCommand(
  file: string,
  cluster: ClusterConfig,
  json: boolean,
  evidence: ReceiptEvidence = {},
): Promise<void> {
  let bytes: Uint8Array;
  let epochProof: unknown;
  let inclusion: unknown;
  try {
    const raw = readFileSync(file);
    const text = raw.toString("utf8").trim();
    if (text.startsWith("{")) {
      const v = JSON.parse(text) as { receipt?: unknown; epochProof?: unknown; inclusion?: unknown };
      if (typeof v.receipt !== "string") throw new Error('no "receipt" field (base64)');
      bytes = Buffer.from(v.receipt, "base64");
      epochProof = v.epochProof;
      inclusion = v.inclusion;
    } else bytes = raw;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read receipt ${file}: ${(e as Error).message}`,
      code === undefined ? EXIT["verification-failed"] : EXIT["not-found"],
    );
  }
  let receipt: pbft.Receipt;
  try {
    receipt = pbft.Receipt.decode(bytes);
  } catch {
    throw new CliError(`${file} does not hold a receipt`, EXIT["verification-failed"]);
  }
  // An epoch proof the verifier brings replaces the file's (both are checked from the genesis alone).
  if (evidence.epochProof !== undefined) epochProof = await epochProofFrom(evidence.epochProof, cluster);
  const heads = evidence.head === undefined ? [] : [readEvidenceJson(evidence.head, "--head")];
  try {
    const d = verifyReceipt(receipt, cluster, epochProof, { heads });
    const under =
      inclusion === undefined
        ? undefined
        : receiptUnderHead(inclusion, d.height, toHex(d.entryHash), cluster, epochProof);
    const out = {
      ok: true,
      height: d.height,
      entryHash: toHex(d.entryHash),
      proposalId: d.proposalId,
      decision: d.accepted ? "accepted" : "rejected",
      reason: d.reason || undefined,
      decidedAt: decidedAt(d.timeMs ?? 0) ?? undefined,
      proposer: d.proposer
        ? { name: d.proposer.name, org: d.proposer.org, role: d.proposer.role }
        : undefined,
      signedHead: under === undefined ? undefined : headLine(under),
    };
    if (json) printJson(out);
    else
      print(
        `receipt OK: proposal ${d.proposalId} ${out.decision}${d.reason ? ` (${d.reason})` : ""}${d.proposer ? `, proposed by ${proposerLabel(d.proposer)}` : ""}${out.decidedAt ? `, decided at ${out.decidedAt}` : ""} at height ${d.height}, entry ${out.entryHash} (certificate and f+1 attestations verified against cluster ${cluster.clusterId})${under ? `; in the history under signed head ${headLine(under)}` : ""}`,
      );
  } catch (e) {
    if (json) printJson({ ok: false, reason: (e as Error).message });
    throw new CliError((e as Error).message, EXIT["verification-failed"], undefined, json);
  }
}
