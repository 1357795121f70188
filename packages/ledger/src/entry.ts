// The stored form of one ledger entry and its canonical checks. A value is a sequence of length-prefixed
// chunks: [EntryHeader bytes, CommittedBatch bytes, ExecutionResult bytes x request_count]. The header's
// exact bytes are hashed; header, batch and results must be canonical protobuf (re-encoding gives the same
// bytes), so no byte of a value can change without verify noticing. The header holds only what the members
// agreed on (ledger format 2): the batch's certificate, whose view may differ between honest replicas, is
// evidence beside it, never hashed.
import {
  bytesEqual,
  EMPTY_ROOT,
  leafHash,
  merkleRoot,
  pbft,
  requestHash,
  sha256,
  signedBytes,
} from "@pbft/consensus";

export const ZERO_HASH: Uint8Array = new Uint8Array(32);

export interface StoredEntry {
  readonly height: number;
  readonly headerBytes: Uint8Array;
  readonly header: pbft.EntryHeader;
  readonly batchBytes: Uint8Array;
  readonly batch: pbft.CommittedBatch;
  readonly resultBytes: readonly Uint8Array[];
  readonly results: readonly pbft.ExecutionResult[];
  readonly entryHash: Uint8Array;
}

export function entryHash(clusterId: string, headerBytes: Uint8Array): Uint8Array {
  return sha256(signedBytes("entry", clusterId, headerBytes));
}

export function batchDigestOf(requests: readonly pbft.IClientRequest[]): Uint8Array {
  if (requests.length === 0) return EMPTY_ROOT;
  return merkleRoot(
    requests.map((r) => requestHash(r.body ?? new Uint8Array(), r.signature ?? new Uint8Array())),
  );
}

export function resultsDigestOf(resultBytes: readonly Uint8Array[]): Uint8Array {
  if (resultBytes.length === 0) return EMPTY_ROOT;
  return merkleRoot(resultBytes.map((b) => leafHash(b)));
}

/** What an entry header says (the hashed part of an entry). */
export interface HeaderFields {
  readonly height: number;
  readonly prevHash: Uint8Array;
  readonly batchDigest: Uint8Array;
  readonly resultsDigest: Uint8Array;
  readonly requestCount: number;
  /** The epoch in force at this height (0, the genesis, is not encoded: epoch-0 entries are unchanged). */
  readonly epoch?: number;
  /** Only on the last entry of an epoch: the hash of the next epoch's configuration. */
  readonly nextConfigHash?: Uint8Array;
  /** Consensus time (issue 18): max(certified time, previous entry's); 0 is not encoded. */
  readonly timeMs?: number;
}

/** The exact header bytes an entry stores and hashes. */
export function encodeHeader(h: HeaderFields): Uint8Array {
  return pbft.EntryHeader.encode(pbft.EntryHeader.create(h)).finish();
}

export function encodeValue(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 4;
  for (const c of chunks) size += 4 + c.length;
  const out = Buffer.allocUnsafe(size);
  out.writeUInt32BE(chunks.length, 0);
  let at = 4;
  for (const c of chunks) {
    out.writeUInt32BE(c.length, at);
    out.set(c, at + 4);
    at += 4 + c.length;
  }
  return out;
}

export function decodeChunks(value: Uint8Array): Uint8Array[] | string {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length < 4) return "value too short";
  const count = buf.readUInt32BE(0);
  if (count < 2 || count > 1_000_002) return "bad chunk count";
  const chunks: Uint8Array[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 4 > buf.length) return "truncated value";
    const len = buf.readUInt32BE(at);
    if (at + 4 + len > buf.length) return "truncated value";
    chunks.push(buf.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  if (at !== buf.length) return "trailing bytes in value";
  return chunks;
}

/**
 * Decodes a stored value and checks that its parts are canonical and agree with each other. `format` 1
 * reads an entry written before format 2 (its header also holds the view: not canonical today), for the
 * migration only.
 */
export function decodeEntry(clusterId: string, value: Uint8Array, format: 1 | 2 = 2): StoredEntry | string {
  const chunks = decodeChunks(value);
  if (typeof chunks === "string") return chunks;
  const [headerBytes, batchBytes, ...resultBytes] = chunks as [Uint8Array, Uint8Array, ...Uint8Array[]];
  let header: pbft.EntryHeader;
  let batch: pbft.CommittedBatch;
  let results: pbft.ExecutionResult[];
  try {
    header = pbft.EntryHeader.decode(headerBytes);
    batch = pbft.CommittedBatch.decode(batchBytes);
    results = resultBytes.map((b) => pbft.ExecutionResult.decode(b));
  } catch (e) {
    return `undecodable entry: ${(e as Error).message}`;
  }
  // Unknown fields are dropped by the decoder (protobufjs' Reader.discardUnknown, true by default), so
  // re-encoding shows them; were that global ever turned off, the generated code would keep them and
  // write them back, and only the explicit check would still see them.
  if (
    format === 2 &&
    (hasUnknownFields(header) || !bytesEqual(pbft.EntryHeader.encode(header).finish(), headerBytes))
  )
    return "header is not canonical (an entry of ledger format 1, whose header holds the view?)";
  if (hasUnknownFields(batch) || !bytesEqual(pbft.CommittedBatch.encode(batch).finish(), batchBytes))
    return "batch is not canonical";
  for (let i = 0; i < results.length; i++)
    if (
      hasUnknownFields(results[i]) ||
      !bytesEqual(pbft.ExecutionResult.encode(results[i]!).finish(), resultBytes[i]!)
    )
      return `result ${i} is not canonical`;
  const height = Number(header.height);
  if (Number(batch.seq) !== height) return "batch seq differs from header height";
  if (header.requestCount !== batch.requests.length || results.length !== batch.requests.length)
    return "request count mismatch";
  if (header.prevHash.length !== 32) return "bad prev_hash length";
  if (!bytesEqual(batchDigestOf(batch.requests), header.batchDigest)) return "batch digest mismatch";
  if (!bytesEqual(resultsDigestOf(resultBytes), header.resultsDigest)) return "results digest mismatch";
  return {
    height,
    headerBytes,
    header,
    batchBytes,
    batch,
    resultBytes,
    results,
    entryHash: entryHash(clusterId, headerBytes),
  };
}

/** True when a decoded message, or one inside it, kept fields its schema does not know. */
export function hasUnknownFields(m: unknown): boolean {
  if (m === null || typeof m !== "object" || m instanceof Uint8Array) return false;
  if (Array.isArray(m)) return m.some(hasUnknownFields);
  const unknowns = (m as { readonly $unknowns?: unknown }).$unknowns;
  if (Array.isArray(unknowns) && unknowns.length > 0) return true;
  return Object.values(m).some(hasUnknownFields);
}
