// Test helpers for reconfiguration, exported for the simulator and the node's tests: deterministic Ed25519
// keys (node:crypto), member cards with real proofs of possession, config changes, member-signed approvals
// and rotations, and epoch-aware commit certificates and attestations. Secrets stay in memory; nothing here
// touches an HSM (the node signs approvals and rotations with its token, over the same bytes).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from "node:crypto";
import { pbft, signedBytes } from "@pbft/consensus";
import {
  approvalSigningBytes,
  type ConfigApproval,
  type ConfigChange,
  type ConfigOperation,
  configChangeHash,
  rotationSigningBytes,
} from "./config-change.js";
import { batchDigestOf } from "./entry.js";
import { CARD_KIND, cardSigningBytes, type MemberCard, peerIdOfEd25519 } from "./member-card.js";

export interface TestKey {
  readonly privateKey: KeyObject;
  /** The 32 raw public key bytes. */
  readonly publicKey: Uint8Array;
  readonly hex: string;
}

const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * An Ed25519 key: fresh, or deterministic from `seed` (a number fills the 32 secret bytes with it, as the
 * ledger's fixture always did; a string is hashed), so a child process or a replayed seed rebuilds it.
 */
export function testKey(seed?: number | string): TestKey {
  let privateKey: KeyObject;
  if (seed === undefined) privateKey = generateKeyPairSync("ed25519").privateKey;
  else {
    const secret =
      typeof seed === "number" ? Buffer.alloc(32, seed) : createHash("sha256").update(seed).digest();
    privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, secret]),
      format: "der",
      type: "pkcs8",
    });
  }
  const raw = new Uint8Array(
    createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(12),
  );
  return { privateKey, publicKey: raw, hex: Buffer.from(raw).toString("hex") };
}

export function signWith(key: TestKey, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, bytes, key.privateKey));
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A deterministic ULID-shaped id for `n` (distinct n, distinct ids; "01" prefix, as the simulator's). */
export function testUlid(n: number): string {
  let v = BigInt(n);
  let out = "";
  for (let i = 0; i < 24; i++) {
    out = CROCKFORD[Number(v % 32n)] + out;
    v /= 32n;
  }
  return `0C${out}`;
}

export interface TestMember {
  readonly name: string;
  readonly vote: TestKey;
  readonly peer: TestKey;
  readonly card: MemberCard;
}

/** A member card with valid proofs by `vote` and by the peer key (whose Ed25519 peer id it names). */
export function testMember(
  name: string,
  options: { readonly vote?: TestKey; readonly peer?: TestKey; readonly port?: number } = {},
): TestMember {
  const vote = options.vote ?? testKey(`vote:${name}`);
  const peer = options.peer ?? testKey(`peer:${name}`);
  const port = options.port ?? 7000;
  const body = {
    version: 1 as const,
    kind: CARD_KIND,
    name,
    votePublicKey: vote.hex,
    peerId: peerIdOfEd25519(peer.publicKey),
    addresses: [`/ip4/127.0.0.1/tcp/${port}`],
    clientAddresses: [`/ip4/127.0.0.1/tcp/${port + 1}`],
  };
  const bytes = cardSigningBytes(body);
  const card: MemberCard = {
    ...body,
    proofs: {
      vote: Buffer.from(signWith(vote, bytes)).toString("hex"),
      peer: Buffer.from(signWith(peer, bytes)).toString("hex"),
    },
  };
  return { name, vote, peer, card };
}

/** A rotate-member operation: the new card, vouched for by the member's CURRENT vote key. */
export function rotateOp(clusterId: string, current: TestKey, next: TestMember): ConfigOperation {
  return {
    op: "rotate-member",
    name: next.name,
    card: next.card,
    rotationSignature: Buffer.from(signWith(current, rotationSigningBytes(clusterId, next.card))).toString(
      "hex",
    ),
  };
}

export function configChange(
  epoch: number,
  operations: readonly ConfigOperation[],
  id: string = testUlid(Date.now() * 1000 + Math.floor(Math.random() * 1000)),
  reason = "test change",
): ConfigChange {
  return { kind: "config-change", id, epoch, reason, operations: [...operations] };
}

/** One member's approval of `change`, signed by its vote key under the "config-approval" tag. */
export function approval(
  clusterId: string,
  change: ConfigChange,
  member: { readonly name: string; readonly vote: TestKey },
  id: string = testUlid(Date.now() * 1000 + Math.floor(Math.random() * 1000)),
): ConfigApproval {
  const changeHash = configChangeHash(change);
  return {
    kind: "config-approval",
    id,
    change: change.id,
    changeHash,
    member: member.name,
    signature: Buffer.from(signWith(member.vote, approvalSigningBytes(clusterId, changeHash))).toString(
      "hex",
    ),
  };
}

/** A client request carrying `proposal` (an object is sent as JSON), signed by `client`. */
export function testRequest(
  clusterId: string,
  client: TestKey,
  number: number,
  proposal: unknown,
): pbft.ClientRequest {
  const text = typeof proposal === "string" ? proposal : JSON.stringify(proposal);
  const body = pbft.RequestBody.encode({
    clusterId,
    clientKey: client.publicKey,
    requestNumber: number,
    proposal: Buffer.from(text, "utf8"),
  }).finish();
  return pbft.ClientRequest.create({
    body,
    signature: signWith(client, signedBytes("request", clusterId, body)),
  });
}

/** A replica envelope signed by the member at index `signer` of its epoch's configuration. */
export function testEnvelope(
  clusterId: string,
  signer: number,
  key: TestKey,
  msg: pbft.IReplicaMessage,
): pbft.Envelope {
  const payload = pbft.ReplicaMessage.encode(msg).finish();
  return pbft.Envelope.create({
    payload,
    signer,
    signature: signWith(key, signedBytes("replica", clusterId, payload)),
  });
}

/** A commit certificate of `epoch` for a batch, by the members at `signers` (index -> vote key). */
export function testCertificate(
  clusterId: string,
  epoch: number,
  view: number,
  seq: number,
  requests: readonly pbft.IClientRequest[],
  signers: readonly (readonly [number, TestKey])[],
): pbft.CommitCertificate {
  const batchDigest = batchDigestOf(requests);
  return pbft.CommitCertificate.create({
    view,
    seq,
    batchDigest,
    epoch,
    commits: signers.map(([i, k]) =>
      testEnvelope(clusterId, i, k, { commit: { view, seq, batchDigest, epoch } }),
    ),
  });
}
