// Both KvStores behave alike: byte order, range bounds, atomic batches, snapshots; LevelDB errors are typed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type KvOp, type KvStore, MemoryKv } from "./kv.js";
import { LevelKv } from "./level-kv.js";

const root = mkdtempSync(join(tmpdir(), "ledger-kv-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const b = (...bytes: number[]) => new Uint8Array(bytes);
const put = (key: Uint8Array, value: Uint8Array): KvOp => ({ type: "put", key, value });

async function all(kv: KvStore, gte?: Uint8Array, lt?: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of kv.iterate({ ...(gte ? { gte } : {}), ...(lt ? { lt } : {}) }))
    out.push(`${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
  return out;
}

// Keys chosen so that string order of hex/UTF-16 and numeric order would disagree with byte order.
const KEYS = [b(0x01), b(0x01, 0x00), b(0x01, 0xff), b(0x02), b(0x7f), b(0x80), b(0xff), b(0xff, 0x00)];

describe.each([
  ["MemoryKv", async () => new MemoryKv() as KvStore],
  ["LevelKv", async () => (await LevelKv.open(mkdtempSync(join(root, "db-")))) as KvStore],
])("%s", (_name, make) => {
  it("iterates in byte order within [gte, lt), applies batches atomically, deletes", async () => {
    const kv = await make();
    await kv.batch(
      [...KEYS].reverse().map((k, i) => put(k, b(i))),
      { sync: true },
    );
    expect((await all(kv)).map((s) => s.split("=")[0])).toEqual(
      KEYS.map((k) => Buffer.from(k).toString("hex")),
    );
    expect(await all(kv, b(0x01, 0x00), b(0x7f))).toEqual(["0100=06", "01ff=05", "02=04"]);
    expect(await all(kv, b(0x80))).toEqual(["80=02", "ff=01", "ff00=00"]);
    await kv.batch([{ type: "del", key: b(0x02) }, put(b(0x01), b(9)), { type: "del", key: b(0x33) }]);
    expect(await kv.get(b(0x02))).toBeUndefined();
    expect(Buffer.from((await kv.get(b(0x01)))!)).toEqual(Buffer.from([9]));
    expect(await all(kv, b(0x01, 0x80), b(0x7f))).toEqual(["01ff=05"]);
    await kv.close();
  });

  it("iterates a range highest key first when asked (the newest signed head without walking them all)", async () => {
    const kv = await make();
    await kv.batch(KEYS.map((k, i) => put(k, b(i))));
    const keys: string[] = [];
    for await (const [k] of kv.iterate({ gte: b(0x01, 0x00), lt: b(0x80), reverse: true }))
      keys.push(Buffer.from(k).toString("hex"));
    expect(keys).toEqual(["7f", "02", "01ff", "0100"]);
    await kv.close();
  });

  it("a read is a copy: changing it changes nothing stored", async () => {
    const kv = await make();
    const value = b(1, 2, 3);
    await kv.batch([put(b(5), value)]);
    value[0] = 7;
    const got = (await kv.get(b(5)))!;
    got[1] = 7;
    expect(Buffer.from((await kv.get(b(5)))!)).toEqual(Buffer.from([1, 2, 3]));
    await kv.close();
  });
});

describe("MemoryKv", () => {
  it("iterateSync is a snapshot; clone is independent; close keeps the data for a reopen", async () => {
    const kv = new MemoryKv();
    kv.batchSync([put(b(1), b(1)), put(b(2), b(2))]);
    const it = kv.iterateSync();
    kv.batchSync([put(b(3), b(3)), { type: "del", key: b(1) }]);
    expect([...it].map(([k]) => k[0])).toEqual([1, 2]);
    const copy = kv.clone();
    kv.batchSync([put(b(4), b(4))]);
    expect([...copy.iterateSync()].map(([k]) => k[0])).toEqual([2, 3]);
    expect(kv.size).toBe(3);
    await kv.close();
    expect(kv.getSync(b(4))).toEqual(b(4));
  });

  it("refuses a batch with a bad op before applying any of it", () => {
    const kv = new MemoryKv();
    const bad = { type: "put", key: "x", value: b(1) } as unknown as KvOp;
    expect(() => kv.batchSync([put(b(1), b(1)), bad])).toThrow(/byte key/);
    expect(kv.size).toBe(0);
  });
});

describe("LevelKv errors", () => {
  it("a second open of one directory is 'locked'; a missing one is 'open-failed' when not created", async () => {
    const dir = join(root, "locked");
    const kv = await LevelKv.open(dir);
    await expect(LevelKv.open(dir)).rejects.toMatchObject({ code: "locked" });
    expect(await LevelKv.inUse(dir)).toBe(true);
    await kv.close();
    expect(await LevelKv.inUse(dir)).toBe(false);
    await expect(kv.get(b(1))).rejects.toMatchObject({ code: "closed" });
    await expect(LevelKv.open(join(root, "absent"), { createIfMissing: false })).rejects.toMatchObject({
      code: "open-failed",
    });
  });
});
