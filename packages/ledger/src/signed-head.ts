// Signed heads (issue 17, DESIGN section 10): at each stable checkpoint a quorum of the members of the
// epoch in force signs the same Checkpoint (height, entry hash, tree root over the entry hashes 1..height,
// genesis hash, epoch). The head an auditor keeps is that one payload, the fields it holds spelled out, and
// the signatures; it is verified with the genesis alone (plus, from epoch 1 on, the epoch's configuration:
// see membersOfEpoch). JSON format "pbft-signed-head/1":
//   {"format":"pbft-signed-head/1","clusterId":str,"genesisHash":hex64,"epoch":n,"height":n,
//    "entryHash":hex64,"treeRoot":hex64,"checkpoint":hex(ReplicaMessage payload),
//    "signatures":[{"signer":id,"signature":hex128},...]}   (signers ascending)
import { bytesEqual, fromHex, pbft, quorumOf, signedBytes, toHex } from "@pbft/consensus";
import { type ClusterConfig, clusterConfigHash } from "./cluster-config.js";
import { verifyEd25519 } from "./ed25519.js";

export const HEAD_FORMAT = "pbft-signed-head/1";

export interface HeadSignature {
  readonly signer: number;
  readonly signature: string; // hex
}

export interface SignedHead {
  readonly format: typeof HEAD_FORMAT;
  readonly clusterId: string;
  readonly genesisHash: string;
  readonly epoch: number;
  readonly height: number;
  readonly entryHash: string;
  readonly treeRoot: string;
  /** The signed Checkpoint payload (a pbft.ReplicaMessage), hex: the exact bytes every signature covers. */
  readonly checkpoint: string;
  readonly signatures: readonly HeadSignature[];
}

/** Why a head fails verification; stable codes (the CLI prints them with the message). */
export type HeadErrorCode =
  | "malformed"
  | "wrong-cluster"
  | "wrong-genesis"
  | "unknown-epoch"
  | "fields-mismatch"
  | "not-member"
  | "duplicate-signer"
  | "bad-signature"
  | "too-few-signers";

export class HeadError extends Error {
  constructor(
    readonly code: HeadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HeadError";
  }
}

/** The voters of one epoch, as a head verifier needs them. */
export interface EpochMembers {
  readonly epoch: number;
  readonly clusterId: string;
  readonly quorum: number;
  readonly voteKeys: readonly Uint8Array[]; // by member id
}

/**
 * The members of the epoch in force for a head. Epoch 0 is the genesis itself. Later epochs (issue 16) are
 * configurations certified by the previous epoch's members: a caller that holds them passes `epochs`.
 */
export function membersOfEpoch(
  genesis: ClusterConfig,
  epoch: number,
  epochs: ReadonlyMap<number, ClusterConfig> = new Map(),
): EpochMembers {
  const config = epoch === 0 ? genesis : epochs.get(epoch);
  if (config === undefined)
    throw new HeadError(
      "unknown-epoch",
      `the head is signed by the members of epoch ${epoch}, whose configuration this verifier does not hold (it knows epoch 0, the genesis)`,
    );
  return {
    epoch,
    clusterId: config.clusterId,
    quorum: quorumOf({ clusterId: config.clusterId, n: config.members.length, f: config.f }),
    voteKeys: config.members.map((m) => Buffer.from(m.votePublicKey, "hex")),
  };
}

/**
 * The configurations `verifySignedHead` needs for heads of later epochs, from epoch records: a ledger's
 * `epochs()` (followed from the genesis as it replayed its entries) or `verifyEpochProof`'s result (what a
 * verifier holding only the genesis checks first). Epoch 0 is the genesis and need not be given.
 */
export function epochConfigs(
  records: readonly { readonly epoch: number; readonly config: ClusterConfig }[],
): Map<number, ClusterConfig> {
  return new Map(records.filter((r) => r.epoch > 0).map((r) => [r.epoch, r.config]));
}

const EMPTY = new Uint8Array(0);
const HEX32 = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;

/**
 * A head from a stable checkpoint's proof (the checkpoint-stable effect): the envelopes whose payload is
 * the first one's. null when the proof carries no tree root (a checkpoint from before signed heads).
 */
export function headFromProof(clusterId: string, proof: readonly pbft.IEnvelope[]): SignedHead | null {
  const first = proof[0]?.payload;
  if (!(first instanceof Uint8Array)) return null;
  let msg: pbft.ReplicaMessage;
  try {
    msg = pbft.ReplicaMessage.decode(first);
  } catch {
    return null;
  }
  const c = msg.checkpoint;
  const treeRoot = c?.treeRoot ?? EMPTY;
  const genesisHash = c?.genesisHash ?? EMPTY;
  const entryHash = c?.stateDigest ?? EMPTY;
  if (!c || treeRoot.length !== 32 || genesisHash.length !== 32 || entryHash.length !== 32) return null;
  const signatures = proof
    .filter((e) => e.payload instanceof Uint8Array && bytesEqual(e.payload, first))
    .map((e) => ({ signer: e.signer ?? 0, signature: toHex(e.signature ?? new Uint8Array()) }))
    .sort((a, b) => a.signer - b.signer);
  return {
    format: HEAD_FORMAT,
    clusterId,
    genesisHash: toHex(genesisHash),
    epoch: Number(c.epoch ?? 0),
    height: Number(c.seq ?? 0),
    entryHash: toHex(entryHash),
    treeRoot: toHex(treeRoot),
    checkpoint: toHex(first),
    signatures,
  };
}

/**
 * A head's signatures as the envelopes the members sent (each over the head's checkpoint payload): what an
 * epoch proof takes as the vouchers of a boundary entry when the head is at the boundary.
 */
export function headEnvelopes(head: SignedHead): pbft.IEnvelope[] {
  const payload = fromHex(head.checkpoint);
  return head.signatures.map((s) => ({ payload, signer: s.signer, signature: fromHex(s.signature) }));
}

/** Checks a value's shape as a SignedHead (HeadError "malformed" naming the field). */
export function parseSignedHead(value: unknown): SignedHead {
  const bad = (what: string): never => {
    throw new HeadError("malformed", `not a ${HEAD_FORMAT} head: ${what}`);
  };
  if (typeof value !== "object" || value === null) return bad("not a JSON object");
  const h = value as Record<string, unknown>;
  if (h.format !== HEAD_FORMAT) bad(`format is ${JSON.stringify(h.format)}`);
  if (typeof h.clusterId !== "string") bad("clusterId");
  for (const k of ["genesisHash", "entryHash", "treeRoot"])
    if (typeof h[k] !== "string" || !HEX32.test(h[k] as string)) bad(`${k} is not 32 bytes of lowercase hex`);
  for (const k of ["epoch", "height"])
    if (!Number.isSafeInteger(h[k]) || (h[k] as number) < 0) bad(`${k} is not a non-negative integer`);
  if ((h.height as number) < 1) bad("height is 0");
  if (typeof h.checkpoint !== "string" || !HEX.test(h.checkpoint)) bad("checkpoint is not hex");
  if (!Array.isArray(h.signatures) || h.signatures.length > 1000) bad("signatures is not a list");
  for (const s of h.signatures as unknown[]) {
    const sig = s as Record<string, unknown>;
    if (
      typeof s !== "object" ||
      s === null ||
      !Number.isSafeInteger(sig.signer) ||
      (sig.signer as number) < 0
    )
      bad("a signature's signer is not a member id");
    if (typeof sig.signature !== "string" || !/^[0-9a-f]{128}$/.test(sig.signature))
      bad(`the signature of member ${String(sig.signer)} is not 64 bytes of hex`);
  }
  return h as unknown as SignedHead;
}

/**
 * Verifies a head against the genesis (and the configurations of later epochs when given): the payload
 * holds exactly the stated fields, the genesis hash is this genesis's, and >= quorum distinct members of
 * the head's epoch signed the payload. Returns the head; throws HeadError naming the first problem.
 */
export function verifySignedHead(
  value: unknown,
  genesis: ClusterConfig,
  epochs?: ReadonlyMap<number, ClusterConfig>,
): SignedHead {
  const head = parseSignedHead(value);
  if (head.clusterId !== genesis.clusterId)
    throw new HeadError(
      "wrong-cluster",
      `head is for cluster ${JSON.stringify(head.clusterId)}, not ${JSON.stringify(genesis.clusterId)}`,
    );
  const genesisHash = clusterConfigHash(genesis);
  if (head.genesisHash !== genesisHash)
    throw new HeadError(
      "wrong-genesis",
      `head is from another genesis (${head.genesisHash.slice(0, 16)}…, this genesis is ${genesisHash.slice(0, 16)}…)`,
    );
  const payload = fromHex(head.checkpoint);
  let c: pbft.Checkpoint.$Properties | null | undefined;
  try {
    c = pbft.ReplicaMessage.decode(payload).checkpoint;
  } catch {
    c = null;
  }
  if (!c) throw new HeadError("malformed", "the head's checkpoint payload is not a Checkpoint message");
  const mismatch: string[] = [];
  if (Number(c.seq ?? 0) !== head.height) mismatch.push(`height ${Number(c.seq ?? 0)}`);
  if (Number(c.epoch ?? 0) !== head.epoch) mismatch.push(`epoch ${Number(c.epoch ?? 0)}`);
  if (toHex(c.stateDigest ?? EMPTY) !== head.entryHash) mismatch.push("entry hash");
  if (toHex(c.treeRoot ?? EMPTY) !== head.treeRoot) mismatch.push("tree root");
  if (toHex(c.genesisHash ?? EMPTY) !== head.genesisHash) mismatch.push("genesis hash");
  if (mismatch.length > 0)
    throw new HeadError("fields-mismatch", `the signed checkpoint says otherwise: ${mismatch.join(", ")}`);
  const members = membersOfEpoch(genesis, head.epoch, epochs);
  const bytes = signedBytes("replica", members.clusterId, payload);
  const seen = new Set<number>();
  for (const s of head.signatures) {
    const key = members.voteKeys[s.signer];
    if (key === undefined)
      throw new HeadError(
        "not-member",
        `signer ${s.signer} is not a member of epoch ${head.epoch} (${members.voteKeys.length} members)`,
      );
    if (seen.has(s.signer)) throw new HeadError("duplicate-signer", `member ${s.signer} signed twice`);
    if (!verifyEd25519(key, bytes, fromHex(s.signature)))
      throw new HeadError("bad-signature", `the signature of member ${s.signer} does not verify`);
    seen.add(s.signer);
  }
  if (seen.size < members.quorum)
    throw new HeadError(
      "too-few-signers",
      `head at height ${head.height} is signed by ${seen.size} members, needs ${members.quorum} of epoch ${head.epoch}`,
    );
  return head;
}

/** The one-line form an auditor can keep: `height:entryHash`. */
export function headLine(head: Pick<SignedHead, "height" | "entryHash">): string {
  return `${head.height}:${head.entryHash}`;
}

/** A head's canonical JSON (one line, fields in the documented order). */
export function encodeSignedHead(head: SignedHead): string {
  return JSON.stringify({
    format: head.format,
    clusterId: head.clusterId,
    genesisHash: head.genesisHash,
    epoch: head.epoch,
    height: head.height,
    entryHash: head.entryHash,
    treeRoot: head.treeRoot,
    checkpoint: head.checkpoint,
    signatures: head.signatures.map((s) => ({ signer: s.signer, signature: s.signature })),
  });
}

/** A `--min-head` argument: `HEIGHT:HASH`, or a head read elsewhere (the caller parses files). */
export function parseHeadLine(text: string): { height: number; entryHash: string } | null {
  const m = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { height: Number(m[1]), entryHash: m[2]! } : null;
}
