// A stored value cannot carry bytes that no check reads: fields unknown to the schema are refused in the
// header (a format-1 header's view is one), the batch (at any depth) and the results.
import { describe, expect, it } from "vitest";
import { decodeChunks, decodeEntry, encodeValue } from "./entry.js";
import { MemoryLedger } from "./memory-ledger.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();
const ledger = MemoryLedger.create(fx.cluster);
const requests = [fx.request("not json", 1)];
const { entry } = ledger.execute({ seq: 1, view: 2, requests, certificate: fx.certify(2, 1, requests) });
const chunks = decodeChunks(ledger.kv.getSync(Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 1]))!) as Uint8Array[];

/** Field 15, varint 1: a field no message of the schema has. */
const UNKNOWN = Buffer.from([0x78, 0x01]);
const withUnknown = (i: number) =>
  encodeValue(chunks.map((c, j) => (j === i ? Buffer.concat([c, UNKNOWN]) : c)));

describe("entry values", () => {
  it("decode as stored", () => {
    const e = decodeEntry(fx.cluster.clusterId, encodeValue(chunks));
    expect(typeof e === "string" ? e : e.entryHash).toEqual(entry.entryHash);
  });

  it("refuse an unknown field in the header (as a format-1 view), the batch, a request or a result", () => {
    expect(decodeEntry(fx.cluster.clusterId, withUnknown(0))).toMatch(/header is not canonical.*format 1/);
    expect(decodeEntry(fx.cluster.clusterId, withUnknown(1))).toBe("batch is not canonical");
    expect(decodeEntry(fx.cluster.clusterId, withUnknown(2))).toBe("result 0 is not canonical");
    // Inside a request (a nested message).
    const batch = Buffer.from(chunks[1]!);
    const nested = Buffer.from(
      // request field 3: tag 0x1a, then its length; the request's own bytes plus the unknown field
      [0x1a, ...lengthOf(requestBytes(batch).length + UNKNOWN.length)],
    );
    const rebuilt = Buffer.concat([
      batch.subarray(0, requestStart(batch)),
      nested,
      requestBytes(batch),
      UNKNOWN,
      batch.subarray(requestStart(batch) + requestLength(batch)),
    ]);
    const value = encodeValue([chunks[0]!, rebuilt, ...chunks.slice(2)]);
    expect(decodeEntry(fx.cluster.clusterId, value)).toBe("batch is not canonical");
  });
});

// The batch is seq (field 1), view (2), then the one request (field 3, length-delimited): locate it.
function requestStart(batch: Buffer): number {
  return batch.indexOf(0x1a);
}
function requestLength(batch: Buffer): number {
  const at = requestStart(batch);
  let len = 0;
  let shift = 0;
  let i = at + 1;
  for (;;) {
    const b = batch[i++]!;
    len |= (b & 0x7f) << shift;
    shift += 7;
    if ((b & 0x80) === 0) break;
  }
  return i - at + len;
}
function requestBytes(batch: Buffer): Buffer {
  const at = requestStart(batch);
  const total = requestLength(batch);
  let i = at + 1;
  while (batch[i]! & 0x80) i++;
  return batch.subarray(i + 1, at + total);
}
function lengthOf(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n > 0 ? low | 0x80 : low);
  } while (n > 0);
  return out;
}
