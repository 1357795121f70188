import { describe, expect, it } from "vitest";
import { checkRequest } from "./codec.js";
import { PendingRequests, requestKey } from "./requests.js";
import { FakeClient, FakeVerifier } from "./testing/harness.js";

const CID = "test-cluster";
const verifier = new FakeVerifier();

function checked(client: FakeClient, number: number, size = 10) {
  const r = checkRequest(client.request("x".repeat(size), number), CID, verifier, 1 << 20);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("pending requests", () => {
  it("is bounded", () => {
    const p = new PendingRequests(2);
    const c = new FakeClient("a", CID);
    expect(p.add(checked(c, 1))).not.toBeNull();
    expect(p.add(checked(c, 2))).not.toBeNull();
    expect(p.add(checked(c, 3))).toBeNull();
  });

  it("executing number N forgets the client's numbers up to N, not others'", () => {
    const p = new PendingRequests(10);
    const a = new FakeClient("a", CID);
    const b = new FakeClient("b", CID);
    for (const n of [1, 2, 3]) p.add(checked(a, n));
    p.add(checked(b, 1));
    expect(
      p
        .dropUpTo(a.hex, 2)
        .map((x) => x.req.requestNumber)
        .sort(),
    ).toEqual([1, 2]);
    expect(p.size).toBe(2);
    expect(p.get(requestKey(a.hex, 3))).toBeDefined();
    expect(p.get(requestKey(b.hex, 1))).toBeDefined();
  });

  it("takes batches in arrival order within count and byte limits, skipping dropped, ordered and done requests", () => {
    const p = new PendingRequests(100);
    const c = new FakeClient("a", CID);
    const entries = [1, 2, 3, 4, 5, 6].map((n) => p.add(checked(c, n, 100))!);
    for (const e of entries) p.enqueue(e);
    entries[1]!.ordered = true;
    p.dropUpTo(c.hex, 1);
    const perRequest = entries[0]!.req.bytes;
    const first = p.takeBatch(10, 2 * perRequest, (r) => r.requestNumber === 4);
    expect(first.map((r) => r.requestNumber)).toEqual([3, 5]);
    expect(p.takeBatch(10, 1, () => false).map((r) => r.requestNumber)).toEqual([6]); // at least one
    expect(p.queuedCount).toBe(0);
    expect(p.queuedBytes).toBe(0);
  });
});
