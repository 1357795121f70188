import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequest, decodeRequestBody } from "./codec.js";
import { toHex } from "./hashing.js";
import { pbft } from "./messages.js";
import type { Verifier } from "./types.js";

const verifier: Verifier = { verifyReplica: () => true, verifyClient: () => true };
const CLUSTER = "test-cluster";

/** What checkRequest must say about a body: exactly what the protobufjs decode says. */
function expected(body: Uint8Array): string {
  const d = decodeRequestBody({ body, signature: new Uint8Array(64) } as pbft.ClientRequest, CLUSTER);
  return d.ok ? `ok ${toHex(d.value.clientKey)} ${d.value.requestNumber}` : `fail ${d.reason}`;
}
function actual(body: Uint8Array): string {
  const c = checkRequest(
    pbft.ClientRequest.create({ body, signature: new Uint8Array(64) }),
    CLUSTER,
    verifier,
    1 << 20,
  );
  return c.ok ? `ok ${toHex(c.value.clientKey)} ${c.value.requestNumber}` : `fail ${c.reason}`;
}

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

/** One field as raw bytes: the usual ones, duplicates, unknown fields, wrong wire types, odd varints. */
const field = fc.oneof(
  fc.constantFrom("test-cluster", "other", "", "test-clusteR", "\u00e9").map((s) => {
    const b = new TextEncoder().encode(s);
    return [10, ...varint(b.length), ...b];
  }),
  fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => [18, ...varint(b.length), ...b]),
  fc
    .oneof(fc.nat(), fc.constantFrom(0, 1, 2 ** 48 - 1, 2 ** 48, 2 ** 49, 2 ** 53 - 1))
    .map((n) => [24, ...varint(n)]),
  fc.constantFrom(
    [24, 0x81, 0x80, 0x00],
    [24, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
    [10, 0x8c, 0x00, ...new TextEncoder().encode(CLUSTER)],
  ),
  fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => [34, ...varint(b.length), ...b]),
  fc.uint8Array({ minLength: 0, maxLength: 8 }).map((b) => [...b]), // garbage, truncation, unknown tags
  fc.constantFrom([0xff, 0xfe, 0xfd], [40, 1], [10, 0xc3, 0x28], [18, 5, 1], [26, 1, 1], [8, 1]),
);

describe("checkRequest's allocation-free body scan", () => {
  it("agrees with the protobufjs decode on ordinary bodies", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat({ max: 2 ** 48 + 10 }),
        fc.uint8Array({ maxLength: 200 }),
        (clientKey, requestNumber, proposal) => {
          const body = pbft.RequestBody.encode({
            clusterId: CLUSTER,
            clientKey,
            requestNumber,
            proposal,
          }).finish();
          expect(actual(body)).toBe(expected(body));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("agrees with the protobufjs decode on arbitrary field sequences and on corrupted bodies", () => {
    const ours = new TextEncoder().encode(CLUSTER);
    const base = fc.tuple(
      fc.oneof(fc.constant([10, ...varint(ours.length), ...ours]), field),
      fc
        .oneof(
          fc.integer({ min: 0, max: 4 }),
          fc.integer({ min: 250, max: 262 }),
          fc.integer({ min: 5, max: 40 }),
        )
        .map((n) => [18, ...varint(n), ...new Uint8Array(n).fill(7)]),
      fc
        .oneof(fc.nat({ max: 1000 }), fc.integer({ min: 2 ** 48 - 2, max: 2 ** 48 + 2 }))
        .map((n) => [24, ...varint(n)]),
    );
    fc.assert(
      fc.property(
        base,
        fc.array(fc.tuple(fc.nat(), field), { maxLength: 3 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ([c, k, n], extras, order, at, v) => {
          const fields = [c, k, n];
          for (let i = 0; i < order % 6; i++) fields.push(fields.shift()!); // some orders
          if (order % 2 === 1) fields.reverse();
          for (const [pos, f] of extras) fields.splice(pos % (fields.length + 1), 0, f);
          const body = Uint8Array.from(fields.flat());
          expect(actual(body)).toBe(expected(body));
          const flipped = body.slice();
          flipped[at % body.length] = v;
          expect(actual(flipped)).toBe(expected(flipped));
          const cut = body.subarray(0, at % body.length);
          expect(actual(cut)).toBe(expected(cut));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
