// Verify-then-decode for replica envelopes and client requests. Every function here returns either a
// decoded, shape-checked message or a typed reason; none throws on any input.
import { HASH_BYTES, toHex } from "./hashing.js";
import { leafSlots, rootOfLeafSlots } from "./merkle.js";
import { pbft } from "./messages.js";
import { requestHash, requestHashInto, signedBytes } from "./signing.js";
import type { ClusterParams, RejectReason, ReplicaId, Verifier, VoteSlot } from "./types.js";

/** What verifying a replica envelope of one epoch needs: the cluster, that epoch's member count and keys. */
export interface EpochContext {
  readonly clusterId: string;
  readonly epoch: number;
  readonly n: number;
  readonly verifier: Verifier;
}

/**
 * Chooses the context an envelope is verified in from the epoch its payload names (null: the payload did
 * not decode); null refuses it as `wrong-epoch`.
 */
export type EpochResolver = (epoch: number | null) => EpochContext | null;

/** The context of an epoch-0 cluster (the genesis): what every caller used before epochs existed. */
export function genesisContext(cluster: ClusterParams, verifier: Verifier): EpochContext {
  return { clusterId: cluster.clusterId, epoch: 0, n: cluster.n, verifier };
}

export interface PrePrepareMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "pre-prepare";
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly requests: readonly pbft.ClientRequest[];
  /** The primary's clock reading (issue 18; 0 = none), bound into `digest` (time.ts). Absent: 0. */
  readonly timeMs?: number;
}
export interface PrepareMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "prepare";
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
}
export interface CommitMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "commit";
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
}
export interface CheckpointMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "checkpoint";
  readonly seq: number;
  readonly digest: Uint8Array;
  /** Merkle root over the entry hashes 1..seq and the genesis hash: with them, a quorum is a signed head. */
  readonly treeRoot?: Uint8Array;
  readonly genesisHash?: Uint8Array;
}
export interface ViewChangeMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "view-change";
  readonly newView: number;
  readonly stableSeq: number;
  readonly stableDigest: Uint8Array;
  readonly checkpointProof: readonly pbft.Envelope[];
  readonly prepared: readonly pbft.PreparedProof[];
}
export interface NewViewMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "new-view";
  readonly view: number;
  readonly viewChanges: readonly pbft.Envelope[];
  readonly prePrepares: readonly pbft.Envelope[];
}
export interface AttestationMsg {
  /** The configuration epoch the message belongs to (0 = genesis; proto3 omits it, so bytes are as before). */
  readonly epoch: number;
  readonly kind: "attestation";
  readonly seq: number;
  readonly entryHash: Uint8Array;
}

export type ReplicaMsg =
  | PrePrepareMsg
  | PrepareMsg
  | CommitMsg
  | CheckpointMsg
  | ViewChangeMsg
  | NewViewMsg
  | AttestationMsg;

/** A message whose signature was verified over the exact payload bytes, then decoded. */
export interface Signed<M extends ReplicaMsg = ReplicaMsg> {
  readonly signer: ReplicaId;
  readonly envelope: pbft.Envelope;
  readonly msg: M;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: RejectReason };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(reason: RejectReason): Result<T> => ({ ok: false, reason });

/** Upper bound for views and sequence numbers: safe integers with room to add a window. */
const COUNTER_MAX = 2 ** 48;

function counter(v: unknown): number | null {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v < COUNTER_MAX ? v : null;
}

function digestOf(v: unknown): Uint8Array | null {
  return v instanceof Uint8Array && v.length === HASH_BYTES ? v : null;
}

function bytesOf(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(0);
}

export function isMember(id: unknown, cluster: ClusterParams): id is ReplicaId {
  return typeof id === "number" && Number.isInteger(id) && id >= 0 && id < cluster.n;
}

/** The guard slot a message is signed under. */
export function slotOf(msg: ReplicaMsg): VoteSlot {
  switch (msg.kind) {
    case "pre-prepare":
    case "prepare":
    case "commit":
      return { kind: msg.kind, view: msg.view, seq: msg.seq, epoch: msg.epoch };
    case "checkpoint":
      return { kind: "checkpoint", view: 0, seq: msg.seq, epoch: msg.epoch };
    case "attestation":
      return { kind: "attestation", view: 0, seq: msg.seq, epoch: msg.epoch };
    case "view-change":
      return { kind: "view-change", view: msg.newView, seq: 0, epoch: msg.epoch };
    case "new-view":
      return { kind: "new-view", view: msg.view, seq: 0, epoch: msg.epoch };
  }
}

export function encodeMsg(msg: ReplicaMsg): Uint8Array {
  let m: pbft.ReplicaMessage.$Properties;
  switch (msg.kind) {
    case "pre-prepare":
      m = {
        prePrepare: {
          view: msg.view,
          seq: msg.seq,
          batchDigest: msg.digest,
          requests: msg.requests as pbft.ClientRequest[],
          epoch: msg.epoch,
          timeMs: msg.timeMs ?? 0,
        },
      };
      break;
    case "prepare":
      m = { prepare: { view: msg.view, seq: msg.seq, batchDigest: msg.digest, epoch: msg.epoch } };
      break;
    case "commit":
      m = { commit: { view: msg.view, seq: msg.seq, batchDigest: msg.digest, epoch: msg.epoch } };
      break;
    case "checkpoint":
      // Unset head fields are omitted, so a checkpoint without them encodes exactly as before.
      m = {
        checkpoint: {
          seq: msg.seq,
          stateDigest: msg.digest,
          epoch: msg.epoch,
          ...(msg.treeRoot?.length ? { treeRoot: msg.treeRoot } : {}),
          ...(msg.genesisHash?.length ? { genesisHash: msg.genesisHash } : {}),
        },
      };
      break;
    case "attestation":
      m = { attestation: { seq: msg.seq, entryHash: msg.entryHash, epoch: msg.epoch } };
      break;
    case "view-change":
      m = {
        viewChange: {
          newView: msg.newView,
          stableSeq: msg.stableSeq,
          stableDigest: msg.stableDigest,
          checkpointProof: msg.checkpointProof as pbft.Envelope[],
          prepared: msg.prepared as pbft.PreparedProof[],
          epoch: msg.epoch,
        },
      };
      break;
    case "new-view":
      m = {
        newView: {
          view: msg.view,
          viewChanges: msg.viewChanges as pbft.Envelope[],
          prePrepares: msg.prePrepares as pbft.Envelope[],
          epoch: msg.epoch,
        },
      };
      break;
  }
  return pbft.ReplicaMessage.encode(m).finish();
}

/** Decodes and shape-checks a ReplicaMessage payload (its signature was checked by the caller). */
export function decodeMsg(payload: Uint8Array): Result<ReplicaMsg> {
  let m: pbft.ReplicaMessage;
  try {
    m = pbft.ReplicaMessage.decode(payload);
  } catch {
    return fail("malformed");
  }
  switch (m.kind) {
    case "prePrepare": {
      const p = m.prePrepare!;
      const view = counter(p.view);
      const seq = counter(p.seq);
      const digest = digestOf(p.batchDigest);
      const epoch = counter(p.epoch ?? 0);
      const timeMs = counter(p.timeMs ?? 0);
      if (view === null || seq === null || seq === 0 || digest === null || epoch === null || timeMs === null)
        return fail("malformed");
      const requests = (p.requests ?? []) as pbft.ClientRequest[];
      for (const r of requests) if (!(r.body instanceof Uint8Array)) return fail("malformed");
      return ok({ kind: "pre-prepare", view, seq, digest, requests, epoch, timeMs });
    }
    case "prepare":
    case "commit": {
      const p = (m.kind === "prepare" ? m.prepare : m.commit)!;
      const view = counter(p.view);
      const seq = counter(p.seq);
      const digest = digestOf(p.batchDigest);
      const epoch = counter(p.epoch ?? 0);
      if (view === null || seq === null || seq === 0 || digest === null || epoch === null)
        return fail("malformed");
      return ok({ kind: m.kind, view, seq, digest, epoch });
    }
    case "checkpoint": {
      const p = m.checkpoint!;
      const seq = counter(p.seq);
      const digest = digestOf(p.stateDigest);
      const epoch = counter(p.epoch ?? 0);
      if (seq === null || seq === 0 || digest === null || epoch === null) return fail("malformed");
      const treeRoot = bytesOf(p.treeRoot);
      const genesisHash = bytesOf(p.genesisHash);
      if (treeRoot.length !== 0 && treeRoot.length !== HASH_BYTES) return fail("malformed");
      if (genesisHash.length !== 0 && genesisHash.length !== HASH_BYTES) return fail("malformed");
      return ok({ kind: "checkpoint", seq, digest, epoch, treeRoot, genesisHash });
    }
    case "attestation": {
      const p = m.attestation!;
      const seq = counter(p.seq);
      const entryHash = digestOf(p.entryHash);
      const epoch = counter(p.epoch ?? 0);
      if (seq === null || entryHash === null || epoch === null) return fail("malformed");
      return ok({ kind: "attestation", seq, entryHash, epoch });
    }
    case "viewChange": {
      const p = m.viewChange!;
      const newView = counter(p.newView);
      const stableSeq = counter(p.stableSeq);
      const epoch = counter(p.epoch ?? 0);
      if (newView === null || newView === 0 || stableSeq === null || epoch === null) return fail("malformed");
      const stableDigest = bytesOf(p.stableDigest);
      const checkpointProof = (p.checkpointProof ?? []) as pbft.Envelope[];
      const prepared = (p.prepared ?? []) as pbft.PreparedProof[];
      return ok({ kind: "view-change", newView, stableSeq, stableDigest, checkpointProof, prepared, epoch });
    }
    case "newView": {
      const p = m.newView!;
      const view = counter(p.view);
      const epoch = counter(p.epoch ?? 0);
      if (view === null || view === 0 || epoch === null) return fail("malformed");
      return ok({
        kind: "new-view",
        epoch,
        view,
        viewChanges: (p.viewChanges ?? []) as pbft.Envelope[],
        prePrepares: (p.prePrepares ?? []) as pbft.Envelope[],
      });
    }
    default:
      return fail("malformed");
  }
}

/**
 * Checks membership and the signature over the exact payload bytes in the epoch the payload names, then
 * returns the decoded message. Used for top-level envelopes and for every nested one (proofs, certificates,
 * view-changes inside a new-view). With a fixed context, a message naming another epoch is `wrong-epoch`;
 * a resolver picks the context from the named epoch (the payload is decoded once, before the signature is
 * checked, but nothing decoded is used unless the signature holds).
 */
export function openEnvelope(
  env: pbft.Envelope.$Properties | null | undefined,
  scope: EpochContext | EpochResolver,
): Result<Signed> {
  if (env === null || env === undefined || typeof env !== "object") return fail("malformed");
  const { payload, signature, signer } = env;
  if (!(payload instanceof Uint8Array) || !(signature instanceof Uint8Array) || payload.length === 0)
    return fail("malformed");
  const decoded = decodeMsg(payload);
  const ctx = typeof scope === "function" ? scope(decoded.ok ? decoded.value.epoch : null) : scope;
  // Another epoch's message is that, whatever its signature (its signer may hold another key there).
  if (ctx === null || (decoded.ok && decoded.value.epoch !== ctx.epoch)) return fail("wrong-epoch");
  if (!(typeof signer === "number" && Number.isInteger(signer) && signer >= 0 && signer < ctx.n))
    return fail("not-member");
  let valid = false;
  try {
    valid = ctx.verifier.verifyReplica(
      ctx.epoch,
      signer,
      signedBytes("replica", ctx.clusterId, payload),
      signature,
    );
  } catch {
    valid = false;
  }
  if (!valid) return fail("bad-signature");
  if (!decoded.ok) return decoded;
  return ok({ signer, envelope: env as pbft.Envelope, msg: decoded.value });
}

/** A client request's decoded body and its Merkle leaf. */
export interface CheckedRequest {
  readonly request: pbft.ClientRequest;
  readonly clientKey: Uint8Array;
  readonly clientHex: string;
  readonly requestNumber: number;
  readonly leaf: Uint8Array;
  readonly bytes: number; // body + signature
}

export function decodeRequestBody(
  request: pbft.ClientRequest,
  clusterId: string,
): Result<{ clientKey: Uint8Array; requestNumber: number }> {
  if (!(request.body instanceof Uint8Array) || !(request.signature instanceof Uint8Array))
    return fail("malformed");
  let body: pbft.RequestBody;
  try {
    body = pbft.RequestBody.decode(request.body);
  } catch {
    return fail("malformed");
  }
  const requestNumber = counter(body.requestNumber);
  const clientKey = bytesOf(body.clientKey);
  if (requestNumber === null || clientKey.length === 0 || clientKey.length > 256) return fail("malformed");
  if (body.clusterId !== clusterId) return fail("wrong-cluster");
  return ok({ clientKey, requestNumber });
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
/** Per cluster id, its UTF-8 bytes; null where the fast path must not be used (empty, not round-tripping). */
const clusterIdBytesCache = new Map<string, Uint8Array | null>();

function clusterIdBytes(clusterId: string): Uint8Array | null {
  let bytes = clusterIdBytesCache.get(clusterId);
  if (bytes === undefined) {
    const encoded = utf8Encoder.encode(clusterId);
    bytes = encoded.length > 0 && utf8Decoder.decode(encoded) === clusterId ? encoded : null;
    if (clusterIdBytesCache.size > 64) clusterIdBytesCache.clear();
    clusterIdBytesCache.set(clusterId, bytes);
  }
  return bytes;
}

// The result of the last successful scanRequestBody (calls are synchronous; no object per request).
let scannedKeyAt = 0;
let scannedKeyEnd = 0;
let scannedNumber = 0;

/**
 * The fast path of decodeRequestBody for the ordinary body: fields 1-4 each at most once, in any order,
 * with their own wire types, cluster_id byte-equal to ours, a client key of 1..256 bytes, a request number
 * below COUNTER_MAX, nothing else. It allocates nothing. Whenever it returns false the full protobufjs
 * decode decides, so every body gets the same verdict and the same values as from the decode alone.
 */
function scanRequestBody(body: Uint8Array, cluster: Uint8Array): boolean {
  const end = body.length;
  let at = 0;
  let seen = 0; // bit (1 << field number)
  while (at < end) {
    const tag = body[at++]!;
    if (tag === 10 || tag === 18 || tag === 34) {
      const field = tag >> 3;
      if ((seen & (1 << field)) !== 0) return false;
      seen |= 1 << field;
      let len = 0;
      let shift = 0;
      let b: number;
      do {
        if (at >= end || shift > 14) return false;
        b = body[at++]!;
        len |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) !== 0);
      if (len > end - at) return false;
      if (field === 1) {
        if (len !== cluster.length) return false;
        for (let i = 0; i < len; i++) if (body[at + i] !== cluster[i]) return false;
      } else if (field === 2) {
        if (len === 0 || len > 256) return false;
        scannedKeyAt = at;
        scannedKeyEnd = at + len;
      }
      at += len;
    } else if (tag === 24) {
      if ((seen & 8) !== 0) return false;
      seen |= 8;
      let n = 0;
      let scale = 1;
      for (let i = 0; ; i++) {
        if (i >= 7 || at >= end) return false;
        const b = body[at++]!;
        n += (b & 0x7f) * scale;
        scale *= 128;
        if ((b & 0x80) === 0) break;
      }
      if (n >= COUNTER_MAX) return false;
      scannedNumber = n;
    } else return false;
  }
  return (seen & 14) === 14; // cluster id, client key and request number present
}

/** Size, shape, cluster and client signature of one request. */
export function checkRequest(
  request: pbft.ClientRequest | null | undefined,
  clusterId: string,
  verifier: Verifier,
  requestBytesMax: number,
): Result<CheckedRequest> {
  if (request === null || request === undefined || typeof request !== "object") return fail("malformed");
  const body = request.body;
  const signature = request.signature;
  if (!(body instanceof Uint8Array) || !(signature instanceof Uint8Array)) return fail("malformed");
  const bytes = body.length + signature.length;
  if (bytes > requestBytesMax) return fail("request-too-large");
  let clientKey: Uint8Array;
  let requestNumber: number;
  const cluster = clusterIdBytes(clusterId);
  if (cluster !== null && scanRequestBody(body, cluster)) {
    clientKey = body.subarray(scannedKeyAt, scannedKeyEnd);
    requestNumber = scannedNumber;
  } else {
    const decoded = decodeRequestBody(request, clusterId);
    if (!decoded.ok) return fail(decoded.reason);
    clientKey = decoded.value.clientKey;
    requestNumber = decoded.value.requestNumber;
  }
  let valid = false;
  try {
    valid = verifier.verifyClient(clientKey, signedBytes("request", clusterId, body), signature);
  } catch {
    valid = false;
  }
  if (!valid) return fail("bad-client-signature");
  return ok(new Checked(request, body, signature, clientKey, toHex(clientKey), requestNumber, bytes));
}

/**
 * A CheckedRequest whose leaf is hashed on first use. A replica hashes the leaves of a batch straight into
 * the Merkle tree instead (checkedBatchRoot): no 32-byte object per request and replica.
 */
class Checked implements CheckedRequest {
  private leafHash: Uint8Array | undefined = undefined;

  constructor(
    readonly request: pbft.ClientRequest,
    readonly body: Uint8Array, // the bytes checked, kept even if the request object is changed later
    readonly signature: Uint8Array,
    readonly clientKey: Uint8Array,
    readonly clientHex: string,
    readonly requestNumber: number,
    readonly bytes: number,
  ) {}

  get leaf(): Uint8Array {
    if (this.leafHash === undefined) this.leafHash = requestHash(this.body, this.signature);
    return this.leafHash;
  }

  /** Writes the leaf to out[at..at+32) without keeping it. */
  leafInto(out: Uint8Array, at: number): void {
    if (this.leafHash !== undefined) out.set(this.leafHash, at);
    else requestHashInto(this.body, this.signature, out, at);
  }
}

/** The Merkle root over a batch of checked requests (the batch digest), leaves hashed in place. */
export function checkedBatchRoot(batch: readonly CheckedRequest[]): Uint8Array {
  const slots = leafSlots(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i]!;
    if (r instanceof Checked) r.leafInto(slots, i * HASH_BYTES);
    else slots.set(r.leaf, i * HASH_BYTES);
  }
  return rootOfLeafSlots(batch.length);
}

export { peekEpoch } from "./peek-epoch.js";
