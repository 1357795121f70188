// Signed heads (`pbft-signed-head/1`, packages/ledger signed-head.ts) checked with @noble: the Checkpoint a
// quorum of the head's epoch's members signed must hold exactly the stated fields, the genesis hash must be
// this genesis's, and the signers must be members of that epoch (reached through the epoch proof from
// epoch 1 on). Unlike the ledger's verifier, a head of an epoch at a height past that epoch's boundary (old
// keys signing after the hand-over) is refused when the proof knows the boundary.
import { fromHex, toHex } from "./bytes.js";
import { CHECKPOINT, type EpochKeys, signedBytes, VerificationError, verifyEd25519 } from "./certificate.js";
import { epochAt, type GenesisKeys, historyOf } from "./epochs.js";
import { bytes, num, readFields } from "./proto.js";

export const HEAD_FORMAT = "pbft-signed-head/1";

export interface SignedHead {
  readonly format: typeof HEAD_FORMAT;
  readonly clusterId: string;
  readonly genesisHash: string;
  readonly epoch: number;
  readonly height: number;
  readonly entryHash: string;
  readonly treeRoot: string;
  /** The signed Checkpoint payload (a ReplicaMessage), hex: the exact bytes every signature covers. */
  readonly checkpoint: string;
  readonly signatures: readonly { readonly signer: number; readonly signature: string }[];
}

export interface VerifiedHead {
  readonly head: SignedHead;
  /** Members of the head's epoch whose signatures verified (a quorum or more). */
  readonly signedBy: readonly number[];
}

const HEX32 = /^[0-9a-f]{64}$/;

function parseHead(value: unknown): SignedHead {
  const bad = (what: string): never => {
    throw new VerificationError(`not a ${HEAD_FORMAT} head: ${what}`);
  };
  if (typeof value !== "object" || value === null) return bad("not a JSON object");
  const h = value as Record<string, unknown>;
  if (h.format !== HEAD_FORMAT) bad(`format is ${JSON.stringify(h.format)}`);
  if (typeof h.clusterId !== "string") bad("clusterId");
  for (const k of ["genesisHash", "entryHash", "treeRoot"])
    if (typeof h[k] !== "string" || !HEX32.test(h[k] as string)) bad(`${k} is not 32 bytes of lowercase hex`);
  for (const k of ["epoch", "height"])
    if (!Number.isSafeInteger(h[k]) || (h[k] as number) < 0) bad(`${k} is not a non-negative integer`);
  if (h.height === 0) bad("height is 0");
  if (typeof h.checkpoint !== "string" || !/^(?:[0-9a-f]{2})+$/.test(h.checkpoint))
    bad("checkpoint is not hex");
  if (!Array.isArray(h.signatures) || h.signatures.length > 1000) bad("signatures is not a list");
  for (const s of h.signatures as unknown[]) {
    const sig = s as Record<string, unknown> | null;
    if (
      typeof sig !== "object" ||
      sig === null ||
      !Number.isSafeInteger(sig.signer) ||
      (sig.signer as number) < 0
    )
      bad("a signature's signer is not a member id");
    if (typeof sig?.signature !== "string" || !/^[0-9a-f]{128}$/.test(sig.signature))
      bad(`the signature of member ${String(sig?.signer)} is not 64 bytes of hex`);
  }
  return h as unknown as SignedHead;
}

/**
 * Verifies a head against the genesis (the whole genesis: its hash is compared) and, for a head of epoch
 * e > 0, an epoch proof reaching e. Throws VerificationError naming the first problem.
 */
export function verifySignedHead(value: unknown, g: GenesisKeys, epochProof?: unknown): VerifiedHead {
  const head = parseHead(value);
  if (head.clusterId !== g.clusterId)
    throw new VerificationError(`the head is for cluster ${head.clusterId}`);
  const history = historyOf(g, epochProof);
  const genesisHash = history[0]!.hash;
  if (head.genesisHash !== genesisHash)
    throw new VerificationError(`the head is from another genesis (${head.genesisHash.slice(0, 16)}…)`);
  const payload = fromHex(head.checkpoint);
  let c: ReturnType<typeof readFields>;
  try {
    const v = readFields(payload).get(CHECKPOINT)?.at(-1);
    if (!(v instanceof Uint8Array)) throw new Error();
    c = readFields(v);
  } catch {
    throw new VerificationError("the head's checkpoint payload is not a Checkpoint message");
  }
  const mismatch: string[] = [];
  if (num(c, 1) !== head.height) mismatch.push(`height ${num(c, 1)}`);
  if (num(c, 3) !== head.epoch) mismatch.push(`epoch ${num(c, 3)}`);
  if (toHex(bytes(c, 2)) !== head.entryHash) mismatch.push("entry hash");
  if (toHex(bytes(c, 4)) !== head.treeRoot) mismatch.push("tree root");
  if (toHex(bytes(c, 5)) !== head.genesisHash) mismatch.push("genesis hash");
  if (mismatch.length > 0)
    throw new VerificationError(`the signed checkpoint says otherwise: ${mismatch.join(", ")}`);
  const keys: EpochKeys = epochAt(history, head.epoch, head.height);
  const signed = signedBytes("replica", keys.clusterId, payload);
  const seen = new Set<number>();
  for (const s of head.signatures) {
    const key = keys.members[s.signer];
    if (key === undefined)
      throw new VerificationError(`signer ${s.signer} is not a member of epoch ${keys.epoch}`);
    if (seen.has(s.signer)) throw new VerificationError(`member ${s.signer} signed twice`);
    if (!verifyEd25519(fromHex(key), signed, fromHex(s.signature)))
      throw new VerificationError(`the signature of member ${s.signer} does not verify`);
    seen.add(s.signer);
  }
  if (seen.size < keys.quorum)
    throw new VerificationError(
      `the head at height ${head.height} is signed by ${seen.size} members, ${keys.quorum} needed in epoch ${keys.epoch}`,
    );
  return { head, signedBy: [...seen].sort((a, b) => a - b) };
}
