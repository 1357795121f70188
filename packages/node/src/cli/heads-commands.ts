// `pbft ledger head|prove|consistency` and verify's `--min-head`: signed heads and the proofs tied to them
// (issue 17), read from a data dir, an export or a node (--url), and checked against the genesis alone: heads
// of later epochs with the source's own boundary proofs (SourceEpochs), or a node's epoch proof for --url.
import { readFileSync, writeFileSync } from "node:fs";
import { toHex } from "@pbft/consensus";
import {
  type ClusterConfig,
  EpochProofError,
  epochConfigs,
  HeadError,
  type History,
  headLine,
  type MinHead,
  ProofError,
  parseHeadLine,
  parseSignedHead,
  proveConsistency,
  proveInclusion,
  readHistory,
  type SignedHead,
  verifyConsistencyProof,
  verifyEpochProof,
  verifyInclusionProof,
  verifyLedger,
  verifySignedHead,
} from "@pbft/ledger";
import { CliError, EXIT, note, print, printJson } from "./common.js";
import { type SourceOptions, withSource } from "./ledger-commands.js";

type Epochs = ReadonlyMap<number, ClusterConfig>;

/**
 * The configurations of the epochs after the genesis, for heads of later epochs: from the node given with
 * --url (its /config/proof, verified from the genesis hop by hop); empty when there is none.
 */
export async function nodeEpochs(s: SourceOptions, cluster: ClusterConfig): Promise<Epochs> {
  if (s.url === undefined) return new Map();
  const base = /^https?:\/\//.test(s.url) ? s.url : `http://${s.url}`;
  try {
    const res = await fetch(new URL("/config/proof", base), { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return new Map();
    return epochConfigs(verifyEpochProof(await res.json(), cluster));
  } catch {
    return new Map(); // no proof (an older node, or none reachable): the source's own hops are used
  }
}

/**
 * The epochs a source (a data dir or an export) proves for heads of later epochs, resolved as far as a head
 * needs: first its own boundaries' hops (an export's epoch hop lines, a data dir's saved boundary signatures
 * or heads), followed from the genesis without replaying anything; when they stop short of the epoch asked
 * for (an export written before hops existed, or a boundary nothing vouched for), the source is verified
 * whole, as `pbft ledger verify` does, and the epochs its replay followed are used.
 */
class SourceEpochs {
  private readonly known: Map<number, ClusterConfig>;
  private replayed = false;

  constructor(
    history: History,
    private readonly path: string,
    private readonly cluster: ClusterConfig,
    node: Epochs = new Map(),
  ) {
    try {
      this.known = new Map([...node, ...epochConfigs(verifyEpochProof(history.epochProof, cluster))]);
    } catch (e) {
      if (e instanceof EpochProofError)
        throw new CliError(`the source's boundary proofs: ${e.message}`, EXIT["verification-failed"], {
          reason: "bad-epoch-proof",
        });
      throw e;
    }
  }

  async reaching(epoch: number): Promise<Epochs> {
    if (epoch === 0 || this.known.has(epoch) || this.replayed) return this.known;
    this.replayed = true;
    note(
      `the source's boundary proofs reach epoch ${Math.max(0, ...this.known.keys())}, the head is of epoch ${epoch}: following its configuration history by verifying it whole (as pbft ledger verify)`,
    );
    const r = await verifyLedger(this.path, this.cluster);
    if (!r.ok)
      throw new CliError(
        `the source does not verify at height ${r.badHeight}: ${r.reason}`,
        EXIT["verification-failed"],
        { badHeight: r.badHeight, reason: r.reason },
      );
    for (const [e, c] of epochConfigs(r.epochs)) this.known.set(e, c);
    return this.known;
  }
}

/** The epoch a head value claims (0 when it has none: verification then names what is wrong). */
export function claimedEpoch(value: unknown): number {
  const e = (value as { epoch?: unknown } | null)?.epoch;
  return typeof e === "number" && Number.isSafeInteger(e) && e >= 0 ? e : 0;
}

type Resolve = (epoch: number) => Promise<Epochs>;

/**
 * The epochs for a head held apart from the source (`--check FILE`, a reader edition's head): the source's
 * when one is given (a node's /config/proof alone for --url), else none (epoch 0 only).
 */
export async function checkEpochs(s: SourceOptions, cluster: ClusterConfig, epoch: number): Promise<Epochs> {
  if (epoch === 0) return new Map();
  if (s.data === undefined && s.export === undefined) return nodeEpochs(s, cluster);
  return withSource(
    s,
    async (path) =>
      new SourceEpochs(await readHistory(path, cluster.clusterId), path, cluster).reaching(epoch),
    true,
  );
}

/** Head and proof failures are verification failures (exit 2), their code in the details. */
export function verificationError(e: unknown, what: string): CliError {
  if (e instanceof HeadError || e instanceof ProofError)
    return new CliError(`${what}: ${e.message}`, EXIT["verification-failed"], { reason: e.code });
  return e instanceof CliError ? e : new CliError(`${what}: ${(e as Error).message}`, EXIT.internal);
}

function readJsonFile(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(`${option} ${path}: ${(e as Error).message}`, EXIT["not-found"], { path });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${option} ${path} is not JSON`, EXIT.usage, { path });
  }
}

/** A signed head from a file, verified (exit 2 naming the problem when it is not a valid head). */
export async function readHeadFile(
  path: string,
  cluster: ClusterConfig,
  option: string,
  epochs: Resolve = async () => new Map(),
): Promise<SignedHead> {
  const value = readJsonFile(path, option);
  try {
    return verifySignedHead(value, cluster, await epochs(claimedEpoch(value)));
  } catch (e) {
    throw verificationError(e, `${option} ${path}`);
  }
}

/**
 * `--min-head FILE|HEIGHT:HASH`: a signed head file (its tree root checked too) or the one-line form. A
 * head of epoch 0 is verified here; one of a later epoch by verify, with the members of its epoch as the
 * history it checks reaches them (the genesis alone does not name them).
 */
export function parseMinHead(text: string, cluster: ClusterConfig): MinHead {
  const line = parseHeadLine(text);
  if (line !== null) return line;
  if (/^[0-9]+:/.test(text))
    throw new CliError(
      `--min-head ${text}: expected HEIGHT:HASH with a 64-hex-digit entry hash, or a head file`,
    );
  const value = readJsonFile(text, "--min-head");
  let h: SignedHead;
  try {
    h = claimedEpoch(value) === 0 ? verifySignedHead(value, cluster) : parseSignedHead(value);
  } catch (e) {
    throw verificationError(e, `--min-head ${text}`);
  }
  return {
    height: h.height,
    entryHash: h.entryHash,
    treeRoot: h.treeRoot,
    ...(h.epoch === 0 ? {} : { signed: value }),
  };
}

/** GET a node's /heads/latest or /heads/{height}. */
async function fetchHead(url: string, height: number | undefined): Promise<unknown> {
  const base = /^https?:\/\//.test(url) ? url : `http://${url}`;
  let res: Response;
  try {
    res = await fetch(new URL(`/heads/${height ?? "latest"}`, base), { signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new CliError(`cannot reach ${base}: ${(e as Error).message}`, EXIT.unreachable);
  }
  if (res.status === 404)
    throw new CliError(
      `${base} holds no signed head${height ? ` at height ${height}` : " yet"}`,
      EXIT["not-found"],
    );
  if (!res.ok) throw new CliError(`${base} answered ${res.status} to /heads`, EXIT.unreachable);
  return res.json();
}

/** A source's signed head (the latest, or at `height`), not verified yet. */
function pickHead(heads: readonly SignedHead[], height?: number): SignedHead {
  const head = height === undefined ? heads.at(-1) : heads.find((h) => h.height === height);
  if (head === undefined)
    throw new CliError(
      `no signed head${height === undefined ? "" : ` at height ${height}`} in this source`,
      EXIT["not-found"],
    );
  return head;
}

/** A source's signed head, verified: a node's (--url alone), else a data dir's or an export's. */
async function sourceHead(s: SourceOptions, cluster: ClusterConfig, height?: number): Promise<SignedHead> {
  const verify = (value: unknown, epochs: Epochs): SignedHead => {
    try {
      return verifySignedHead(value, cluster, epochs);
    } catch (e) {
      throw verificationError(e, "the source's signed head");
    }
  };
  if (s.url !== undefined && s.data === undefined && s.export === undefined)
    return verify(await fetchHead(s.url, height), await nodeEpochs(s, cluster));
  return withSource(
    s,
    async (path) => {
      const history = await readHistory(path, cluster.clusterId);
      const head = pickHead(history.heads, height);
      const epochs = new SourceEpochs(history, path, cluster, await nodeEpochs(s, cluster));
      return verify(head, await epochs.reaching(head.epoch));
    },
    true,
  );
}

export async function headCommand(
  s: SourceOptions,
  cluster: ClusterConfig,
  o: { height?: number; out?: string; json: boolean },
): Promise<void> {
  const head = await sourceHead(s, cluster, o.height);
  if (o.out !== undefined) writeFileSync(o.out, `${JSON.stringify(head, null, 2)}\n`);
  if (o.json) printJson(head);
  else {
    print(headLine(head));
    note(
      `signed head at height ${head.height} (epoch ${head.epoch}), tree root ${head.treeRoot}, signed by members ${head.signatures.map((x) => x.signer).join(", ")}`,
    );
  }
}

/** `ledger prove --height H [--head FILE]`, or `--check FILE` (a proof checked offline). */
export async function proveCommand(
  s: SourceOptions,
  cluster: ClusterConfig,
  o: { height?: number; head?: string; check?: string; out?: string; json: boolean },
): Promise<void> {
  if (o.check !== undefined) {
    const proof = readJsonFile(o.check, "--check");
    const epochs = await checkEpochs(s, cluster, claimedEpoch((proof as { head?: unknown } | null)?.head));
    try {
      const p = verifyInclusionProof(proof, cluster, epochs);
      if (o.json)
        printJson({ ok: true, height: p.height, entryHash: p.entryHash, headHeight: p.head.height });
      else
        print(
          `proof OK: entry ${p.height} (${p.entryHash}) is in the history under signed head ${headLine(p.head)}`,
        );
    } catch (e) {
      throw verificationError(e, `--check ${o.check}`);
    }
    return;
  }
  if (o.height === undefined) throw new CliError("give --height H (or --check FILE to check a proof)");
  const height = o.height;
  const proof = await withSource(
    s,
    async (path) => {
      const history = await readHistory(path, cluster.clusterId);
      const epochs = new SourceEpochs(history, path, cluster, await nodeEpochs(s, cluster));
      const head = await chooseHead(
        o.head,
        history.heads,
        cluster,
        (h) => h.height >= height,
        `entry ${height}`,
        (e) => epochs.reaching(e),
      );
      const hash = history.entryHashes[height - 1];
      if (hash === undefined) throw new CliError(`the source has no entry ${height}`, EXIT["not-found"]);
      try {
        const p = proveInclusion(cluster.clusterId, history.leaves, height, head, toHex(hash));
        // What we hand out must verify as an auditor checks it.
        return verifyInclusionProof(p, cluster, await epochs.reaching(head.epoch));
      } catch (e) {
        throw verificationError(e, `entry ${height}`);
      }
    },
    true,
  );
  emit(
    proof,
    o.out,
    o.json,
    `entry ${height} is under signed head ${headLine(proof.head)}: ${proof.path.length} hashes`,
  );
}

/** `ledger consistency --from OLD --to NEW`, or `--check FILE`. */
export async function consistencyCommand(
  s: SourceOptions,
  cluster: ClusterConfig,
  o: { from?: string; to?: string; check?: string; out?: string; json: boolean },
): Promise<void> {
  if (o.check !== undefined) {
    const proof = readJsonFile(o.check, "--check");
    const p0 = proof as { from?: unknown; to?: unknown } | null;
    const epochs = await checkEpochs(s, cluster, Math.max(claimedEpoch(p0?.from), claimedEpoch(p0?.to)));
    try {
      const p = verifyConsistencyProof(proof, cluster, epochs);
      if (o.json) printJson({ ok: true, from: headLine(p.from), to: headLine(p.to) });
      else print(`consistent: head ${headLine(p.to)} extends head ${headLine(p.from)}`);
    } catch (e) {
      throw verificationError(e, `--check ${o.check}`);
    }
    return;
  }
  if (o.from === undefined) throw new CliError("give --from OLD (a head file or a height; or --check FILE)");
  const from = o.from;
  const proof = await withSource(
    s,
    async (path) => {
      const history = await readHistory(path, cluster.clusterId);
      const epochs = new SourceEpochs(history, path, cluster, await nodeEpochs(s, cluster));
      const resolve = (e: number) => epochs.reaching(e);
      const heads = [...history.heads];
      // A node keeps every head, its export carries only the latest: ask it for the others.
      for (const arg of [from, o.to])
        if (
          s.url !== undefined &&
          arg !== undefined &&
          /^[1-9][0-9]*$/.test(arg) &&
          !heads.some((h) => h.height === Number(arg))
        )
          heads.push((await fetchHead(s.url, Number(arg))) as SignedHead);
      const old = await chooseHead(from, heads, cluster, () => false, "--from", resolve);
      const next = await chooseHead(o.to, heads, cluster, (h) => h.height >= old.height, "--to", resolve);
      try {
        return verifyConsistencyProof(
          proveConsistency(cluster.clusterId, history.leaves, old, next),
          cluster,
          await resolve(Math.max(old.epoch, next.epoch)),
        );
      } catch (e) {
        throw verificationError(e, `head ${next.height} against head ${old.height}`);
      }
    },
    true,
  );
  emit(proof, o.out, o.json, `consistent: head ${headLine(proof.to)} extends head ${headLine(proof.from)}`);
}

/**
 * A head argument: a head file, a height of one of the source's heads, or (none given) the source's
 * latest head that `fits`; verified.
 */
async function chooseHead(
  arg: string | undefined,
  heads: readonly SignedHead[],
  cluster: ClusterConfig,
  fits: (h: SignedHead) => boolean,
  what: string,
  epochs: Resolve,
): Promise<SignedHead> {
  let head: SignedHead | undefined;
  if (arg === undefined) head = [...heads].reverse().find(fits);
  else if (/^[1-9][0-9]*$/.test(arg)) head = heads.find((h) => h.height === Number(arg));
  else return readHeadFile(arg, cluster, what, epochs);
  if (head === undefined)
    throw new CliError(
      `no signed head ${arg === undefined ? `covering ${what}` : `at height ${arg}`} in the source (it holds ${heads.map((h) => h.height).join(", ") || "none"})`,
      EXIT["not-found"],
    );
  const known = await epochs(claimedEpoch(head));
  try {
    return verifySignedHead(head, cluster, known);
  } catch (e) {
    throw verificationError(e, `the source's head at ${head.height}`);
  }
}

function emit(value: unknown, out: string | undefined, json: boolean, summary: string): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out !== undefined) {
    writeFileSync(out, text);
    if (json) printJson({ ok: true, out });
    else print(`${summary} (written to ${out})`);
  } else process.stdout.write(text);
}
