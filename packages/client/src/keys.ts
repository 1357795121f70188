// Proposer keys and signed requests. A key is an Ed25519 secret (32 bytes) that never leaves the caller:
// the node only ever sees the signed request. Request numbers grow per key across processes (wall-clock
// milliseconds x 64, as the CLI), so one key should be used by one submitting process at a time.
import { ed25519 } from "@noble/curves/ed25519.js";
import { fromHex, toHex, utf8 } from "./bytes.js";
import { Writer } from "./proto.js";
import { signedBytes } from "./verify.js";

export interface ProposerKey {
  readonly publicKey: Uint8Array;
  readonly publicKeyHex: string;
  sign(bytes: Uint8Array): Uint8Array;
}

export function keyFromSecret(secret: Uint8Array | string): ProposerKey {
  const s = typeof secret === "string" ? fromHex(secret) : secret;
  if (s.length !== 32) throw new TypeError("an Ed25519 secret key has 32 bytes");
  const publicKey = ed25519.getPublicKey(s);
  return { publicKey, publicKeyHex: toHex(publicKey), sign: (b) => ed25519.sign(b, s) };
}

/** A new key and its secret (hex), for the caller to keep. */
export function generateKey(): { key: ProposerKey; secretHex: string } {
  const secret = ed25519.utils.randomSecretKey();
  return { key: keyFromSecret(secret), secretHex: toHex(secret) };
}

/**
 * A key from the PKCS#8 PEM `pbft testnet` writes (proposer.key): the 32-byte seed is the last 32 bytes of
 * the DER (RFC 8410's fixed 48-byte layout).
 */
export function keyFromPem(pem: string): ProposerKey {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  if (der.length !== 48) throw new TypeError("not an Ed25519 PKCS#8 key");
  return keyFromSecret(der.subarray(16));
}

const ENCODING = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
let lastUlidTime = -1;
let lastRandom: number[] = [];

/** A monotonic ULID (the ledger's proposal ids). */
export function newUlid(now = Date.now()): string {
  if (now <= lastUlidTime) {
    // Same millisecond: increment the random part, so ids stay sorted.
    let i = lastRandom.length - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i < 0) throw new Error("ULID overflow in one millisecond");
    lastRandom[i]! += 1;
    now = lastUlidTime;
  } else {
    const r = crypto.getRandomValues(new Uint8Array(16));
    lastRandom = Array.from(r, (x) => x & 31);
    lastUlidTime = now;
  }
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ENCODING[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + lastRandom.map((x) => ENCODING[x]).join("");
}

let lastNumber = 0;
export function nextRequestNumber(): number {
  const n = Math.max(Date.now() * 64, lastNumber + 1);
  lastNumber = n;
  return n;
}

export type RecordType = "observation" | "decision" | "outcome" | "constraint" | "test";
export type AmendmentType = "clarification" | "correction" | "supersession" | "withdrawal";

export interface RecordProposal {
  readonly id: string;
  readonly type: RecordType;
  readonly title: string;
  readonly content: Record<string, unknown>;
  readonly source: string;
}

export interface AmendmentProposal {
  readonly id: string;
  readonly amends: string;
  readonly amendmentType: AmendmentType;
  readonly reason: string;
  readonly content: Record<string, unknown>;
}

export type Proposal = RecordProposal | AmendmentProposal;

/** A proposal without an id gets a new ULID. */
export type ProposalInput = Omit<RecordProposal, "id"> | Omit<AmendmentProposal, "id"> | Proposal;

export function withId(p: ProposalInput): Proposal {
  return ("id" in p && typeof p.id === "string" ? p : { id: newUlid(), ...p }) as Proposal;
}

export interface SignedRequest {
  readonly body: Uint8Array;
  readonly signature: Uint8Array;
  readonly requestNumber: number;
  readonly proposal: Proposal;
}

/** The RequestBody {cluster_id, client_key, request_number, proposal} signed with tag("request", clusterId). */
export function signProposal(
  clusterId: string,
  key: ProposerKey,
  proposal: Proposal,
  requestNumber = nextRequestNumber(),
): SignedRequest {
  const body = new Writer()
    .string(1, clusterId)
    .bytes(2, key.publicKey)
    .uint(3, requestNumber)
    .bytes(4, utf8.encode(JSON.stringify(proposal)))
    .finish();
  return { body, signature: key.sign(signedBytes("request", clusterId, body)), requestNumber, proposal };
}
