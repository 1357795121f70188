// Consensus time in the ledger (issue 18): the header records max(certified time, previous entry's time),
// covered by the entry hash; the certificate binds the certified time into its digest; verify re-derives it.
import { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { encodeValue } from "./entry.js";
import { MemoryLedger } from "./memory-ledger.js";
import { makeFixture } from "./test-fixture.js";
import { type RawItem, verifyStream } from "./verify.js";

const fx = makeFixture();
const T = 1_800_000_000_000;

function record(n: number): pbft.ClientRequest {
  return fx.request({ id: ulid(), type: "decision", title: `d${n}`, content: { n }, source: "s" }, n);
}

/** Entries certified with these times (0: a null batch of a view change); returns their stored values. */
function build(times: readonly number[]): { ledger: MemoryLedger; values: Uint8Array[] } {
  const ledger = MemoryLedger.create(fx.cluster);
  const values: Uint8Array[] = [];
  times.forEach((t, i) => {
    const requests = t === 0 ? [] : [record(i + 1)];
    const out = ledger.execute({
      seq: i + 1,
      view: 0,
      requests,
      certificate: fx.certify(0, i + 1, requests, [0, 1, 2], t),
    });
    const e = out.entry;
    values.push(encodeValue([e.headerBytes, e.batchBytes, ...e.resultBytes]));
  });
  return { ledger, values };
}

async function* items(values: readonly Uint8Array[]): AsyncGenerator<RawItem> {
  for (let i = 0; i < values.length; i++) yield { height: i + 1, value: values[i]! };
}

describe("consensus time in the ledger", () => {
  it("records max(certified, previous): never decreasing across a lower time and a null batch", async () => {
    const { ledger, values } = build([T, T + 5, T + 2, 0, T + 9]);
    const times = values.map((_, i) =>
      Number(pbft.EntryHeader.decode(ledger.get(i + 1)!.headerBytes).timeMs),
    );
    expect(times).toEqual([T, T + 5, T + 5, T + 5, T + 9]);
    expect(ledger.head().timeMs).toBe(T + 9);
    expect(await verifyStream(items(values), fx.cluster)).toMatchObject({ ok: true, height: 5 });
  });

  it("a ledger without times is unchanged (time 0 everywhere) and verifies", async () => {
    const { ledger, values } = build([0, 0]);
    expect(Number(pbft.EntryHeader.decode(ledger.get(1)!.headerBytes).timeMs)).toBe(0);
    expect(await verifyStream(items(values), fx.cluster)).toMatchObject({ ok: true, height: 2 });
  });

  it("verify refuses a header whose time decreases or differs from the certified one", async () => {
    const { ledger, values } = build([T, T + 5, T + 7]);
    const rewrite = (height: number, timeMs: number): Uint8Array[] => {
      const e = ledger.get(height)!;
      const h = pbft.EntryHeader.decode(e.headerBytes);
      h.timeMs = timeMs;
      const copy = [...values];
      copy[height - 1] = encodeValue([pbft.EntryHeader.encode(h).finish(), e.batchBytes, ...e.resultBytes]);
      return copy;
    };
    const lower = await verifyStream(items(rewrite(2, T - 1)), fx.cluster);
    expect(lower).toMatchObject({ ok: false, badHeight: 2 });
    expect(!lower.ok && lower.reason).toMatch(/time .* decreases/);
    const other = await verifyStream(items(rewrite(3, T + 8)), fx.cluster);
    expect(other).toMatchObject({ ok: false, badHeight: 3 });
    expect(!other.ok && other.reason).toMatch(/not the certified time/);
  });

  it("a certificate whose time was changed no longer matches the commits' digest", async () => {
    const requests = [record(1)];
    const cert = fx.certify(0, 1, requests, [0, 1, 2], T);
    cert.timeMs = T + 1;
    const ledger = MemoryLedger.create(fx.cluster);
    expect(() => ledger.execute({ seq: 1, view: 0, requests, certificate: cert })).toThrow(/certificate/);
  });
});
