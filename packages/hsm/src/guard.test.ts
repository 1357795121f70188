import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import type { VoteSlot } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import { HsmError } from "./errors.js";
import { DoubleSignGuard } from "./guard.js";
import { encode, RECORD } from "./guard-file.js";
import { digest, record, refused, slot, tmpGuardPath } from "./guard-testing.js";

const tmp = tmpGuardPath;

describe("double-sign guard", () => {
  it("refuses a different payload for a signed slot, allows the identical one, across a reopen", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    await record(g, slot("prepare", 1, 5), digest("a"));
    await record(g, slot("prepare", 1, 5), digest("a"));
    expect(refused(() => g.defer(slot("prepare", 1, 5), digest("b")))).toBe(true);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(refused(() => again.defer(slot("prepare", 1, 5), digest("b")))).toBe(true);
    again.defer(slot("prepare", 1, 5), digest("a"));
    expect(again.deferredCount()).toBe(0); // identical re-signing needs no record
    again.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses lower views (the high-water mark) but allows seqs out of order within a view", () => {
    const g = DoubleSignGuard.open(tmp());
    g.defer(slot("commit", 2, 6), digest("x"));
    g.defer(slot("commit", 2, 5), digest("y")); // reordered delivery in the same view
    expect(refused(() => g.defer(slot("commit", 1, 7), digest("z")))).toBe(true);
    g.defer(slot("prepare", 1, 7), digest("z")); // marks are per kind
    g.defer(slot("commit", 3, 5), digest("w")); // a new view may re-vote a seq
    expect(refused(() => g.defer(slot("commit", 2, 9), digest("v")))).toBe(true);
    expect(refused(() => g.defer(slot("commit", -1, 9), digest("v")))).toBe(true);
    expect(() => g.defer(slot("commit", 3, 9), new Uint8Array(31))).toThrow(RangeError);
    g.close();
  });

  it("checkpoints: one digest per seq, nothing at or below the floor, also after a reopen", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    await record(g, slot("checkpoint", 0, 64), digest("s64"));
    expect(refused(() => g.defer(slot("checkpoint", 0, 64), digest("t64")))).toBe(true);
    g.advanceFloor(64);
    expect(refused(() => g.defer(slot("checkpoint", 0, 64), digest("s64")))).toBe(true);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(refused(() => again.defer(slot("checkpoint", 0, 32), digest("u")))).toBe(true);
    await record(again, slot("checkpoint", 0, 128), digest("s128"));
    again.close();
  });

  it("the floor forgets the slots it closes, so memory and file hold about one window, also after a reopen", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    for (let s = 1; s <= 400; s++) {
      g.defer(slot("prepare", 0, s), digest(`p${s}`));
      g.defer(slot("commit", 0, s), digest(`c${s}`));
      g.defer(slot("attestation", 0, s), digest(`a${s}`));
      await g.commitDeferred();
      if (s % 50 === 0 && s < 400) g.advanceFloor(s);
    }
    expect(g.rememberedSlots()).toBe(3 * 50); // seqs 351..400: above the last floor
    g.close();
    const again = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    expect(again.rememberedSlots()).toBe(3 * 50);
    // Compaction keeps the file within 4x what matters (without forgetting it would hold all 1,207 records).
    expect(again.recordCount()).toBeLessThanOrEqual(4 * (3 * 50 + 3));
    // Above the floor nothing changed; at or below it checkpoints stay refused, and an attestation of an
    // old entry (a retransmitted request's reply) can be signed again.
    expect(refused(() => again.defer(slot("commit", 0, 351), digest("x")))).toBe(true);
    expect(refused(() => again.defer(slot("checkpoint", 0, 350), digest("x")))).toBe(true);
    again.defer(slot("attestation", 0, 10), digest("a10"));
    again.close();
  });

  it("a view mark outlives the slots the floor forgot, through compaction and reopen", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    for (let s = 1; s <= 100; s++) g.defer(slot("commit", 5, s), digest(`c${s}`));
    await g.commitDeferred();
    g.advanceFloor(128); // every commit slot is forgotten, the mark (view 5) is not
    expect(g.rememberedSlots()).toBe(0);
    g.close();
    const again = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    expect(again.recordCount()).toBe(2); // compacted on open: the floor and the commit mark
    again.close();
    const third = DoubleSignGuard.open(path);
    expect(refused(() => third.defer(slot("commit", 4, 300), digest("lower view")))).toBe(true);
    expect(refused(() => third.defer(slot("checkpoint", 0, 128), digest("at the floor")))).toBe(true);
    third.defer(slot("commit", 5, 300), digest("same view, above the floor"));
    third.close();
  });

  it("a torn last record (kill -9 mid-write) is dropped; damage before the tail is refused as corrupt", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    await record(g, slot("prepare", 0, 1), digest("a"));
    await record(g, slot("prepare", 0, 2), digest("b"));
    g.close();
    const bytes = readFileSync(path);
    const torn = Buffer.from(bytes);
    torn.fill(0, 2 * RECORD + 30, 3 * RECORD); // the second vote's record half written
    writeFileSync(path, torn);
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(1);
    again.defer(slot("prepare", 0, 2), digest("c")); // the torn vote was never released
    expect(refused(() => again.defer(slot("prepare", 0, 1), digest("z")))).toBe(true);
    again.close();
    const damaged = Buffer.from(bytes);
    damaged[RECORD + 10]! ^= 0xff; // the first vote's record, followed by the second's
    writeFileSync(path, damaged);
    expect(() => DoubleSignGuard.open(path)).toThrow(/guard-corrupt|bad record/);
  });
});

describe("guard file format", () => {
  /** A file as earlier versions wrote it: the same 64-byte records from offset 0, no format header. */
  function legacyFile(path: string, preallocated: boolean): Buffer {
    const out = Buffer.alloc((preallocated ? 1024 : 3) * RECORD);
    [1, 2, 3].forEach((seq, i) => {
      encode(out, i, 1, 0, 0, seq, digest(`p${seq}`));
    });
    writeFileSync(path, out, { mode: 0o600 });
    return out;
  }

  function formatError(path: string): HsmError {
    try {
      DoubleSignGuard.open(path).close();
    } catch (e) {
      if (e instanceof HsmError) return e;
      throw e;
    }
    throw new Error("the guard opened");
  }

  it("a new file gets the header and one chunk of zeroed space; an all-zero file opens as new", () => {
    const path = tmp();
    DoubleSignGuard.open(path).close();
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(1024 * RECORD);
    expect(bytes.subarray(4, 12).toString("latin1")).toBe("pbftgard");
    expect(bytes.subarray(RECORD).every((b) => b === 0)).toBe(true);
    const cut = tmp(); // creation cut short by a crash: no vote was ever written to it
    writeFileSync(cut, Buffer.alloc(5000));
    const g = DoubleSignGuard.open(cut);
    expect(g.recordCount()).toBe(0);
    g.close();
    expect(readFileSync(cut).subarray(4, 12).toString("latin1")).toBe("pbftgard");
  });

  it("a file of format 1 (earlier versions: no header) is read, its votes still bind, and it is rewritten in format 2", () => {
    for (const preallocated of [false, true]) {
      const path = tmp();
      legacyFile(path, preallocated);
      const g = DoubleSignGuard.open(path);
      expect(refused(() => g.defer(slot("prepare", 0, 2), digest("other")))).toBe(true);
      g.defer(slot("prepare", 0, 2), digest("p2")); // the same vote again: allowed
      g.close();
      const bytes = readFileSync(path);
      expect(bytes.subarray(4, 12).toString("latin1")).toBe("pbftgard");
      const again = DoubleSignGuard.open(path); // now format 2, same votes
      expect(refused(() => again.defer(slot("prepare", 0, 3), digest("other")))).toBe(true);
      expect(refused(() => again.defer(slot("commit", 0, 4), digest("new")))).toBe(false);
      again.close();
    }
  });

  it("another format version or a damaged header is refused with guard-format too", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    await record(g, slot("prepare", 0, 1), digest("a"));
    g.close();
    const good = readFileSync(path);
    const other = Buffer.from(good);
    other.writeBigUInt64BE(3n, 12); // a header of format 3, checksum and all
    createHash("sha256").update(other.subarray(0, 52)).digest().copy(other, 52, 0, 8);
    writeFileSync(path, other);
    expect(formatError(path).message).toContain("has format version 3");
    const damaged = Buffer.from(good);
    damaged[5]! ^= 1;
    writeFileSync(path, damaged);
    expect(formatError(path).message).toContain("no valid format header");
  });

  it("preallocates zeroed space; a reopen finds the end of the records and zeros are not corruption", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    for (let s = 1; s <= 3; s++) await record(g, slot("prepare", 0, s), digest(`p${s}`));
    g.close();
    expect(statSync(path).size).toBe(1024 * RECORD); // one chunk: header, 3 records, then zeros
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(3);
    expect(refused(() => again.defer(slot("prepare", 0, 2), digest("x")))).toBe(true);
    await record(again, slot("prepare", 0, 4), digest("p4")); // written after the third, not at the end
    again.close();
    const bytes = readFileSync(path);
    expect(bytes.subarray(4 * RECORD, 5 * RECORD).some((b) => b !== 0)).toBe(true);
    expect(bytes.subarray(5 * RECORD).every((b) => b === 0)).toBe(true);
    const third = DoubleSignGuard.open(path);
    expect(third.recordCount()).toBe(4);
    expect(refused(() => third.defer(slot("prepare", 0, 4), digest("y")))).toBe(true);
    third.close();
  });

  it("grows by another chunk when the space is full", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    for (let k = 1; k <= 2000; k++) g.defer(slot("commit", 0, k), digest(`c${k}`));
    await g.commitDeferred();
    g.close();
    expect(statSync(path).size).toBe(2 * 1024 * RECORD);
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(2000);
    expect(refused(() => again.defer(slot("commit", 0, 2000), digest("other")))).toBe(true);
    await record(again, slot("commit", 0, 2001), digest("new"));
    again.close();
    const third = DoubleSignGuard.open(path);
    expect(third.recordCount()).toBe(2001);
    third.close();
  });

  it("a group cut short by a crash is dropped; a record of a later group after a hole is corruption", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    await record(g, slot("prepare", 0, 1), digest("single"));
    for (let s = 2; s <= 4; s++) g.defer(slot("prepare", 0, s), digest(`g${s}`));
    await g.commitDeferred();
    g.close();
    const good = readFileSync(path);
    // The group's second record never reached the disk, its third did: none of the three was released.
    const torn = Buffer.from(good);
    torn.fill(0, 3 * RECORD, 4 * RECORD);
    writeFileSync(path, torn);
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(2); // the single vote and the group's first record, which did persist
    again.defer(slot("prepare", 0, 3), digest("other")); // never released: may be signed differently
    expect(refused(() => again.defer(slot("prepare", 0, 2), digest("other")))).toBe(true);
    again.close();
    // A torn single vote followed by a later group's records: the later group was written after the
    // single vote was synced, so a hole before it is damage, not a crash.
    const damaged = Buffer.from(good);
    damaged[RECORD + 30]! ^= 0xff;
    writeFileSync(path, damaged);
    expect(() => DoubleSignGuard.open(path)).toThrow(/guard-corrupt|bad record/);
  });

  it("compacts on open and when the space is full, keeping the marks, the floor and the open slots", async () => {
    const vote = (g: DoubleSignGuard, kind: VoteSlot["kind"], view: number, seq: number, text: string) =>
      g.defer(slot(kind, view, seq), digest(text));
    const path = tmp();
    const g = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    for (let v = 0; v < 100; v++) await record(g, slot("view-change", v, 0), digest(`vc${v}`));
    for (let s = 1; s <= 100; s++) await record(g, slot("checkpoint", 0, s), digest(`cp${s}`));
    g.advanceFloor(90);
    await record(g, slot("attestation", 0, 5), digest("att"));
    g.close();
    const plain = DoubleSignGuard.open(path);
    expect(plain.recordCount()).toBe(202);
    plain.close();
    writeFileSync(`${path}.compact`, "left by a crash before its rename");
    const again = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    // the floor, the view-change mark, view-change 99, checkpoints 91..100, the attestation
    expect(again.recordCount()).toBe(1 + 1 + 1 + 10 + 1);
    expect(refused(() => again.defer(slot("view-change", 98, 0), digest("x")))).toBe(true);
    expect(refused(() => again.defer(slot("view-change", 99, 0), digest("x")))).toBe(true);
    again.defer(slot("view-change", 99, 0), digest("vc99"));
    expect(refused(() => again.defer(slot("checkpoint", 0, 90), digest("cp90")))).toBe(true);
    expect(refused(() => again.defer(slot("checkpoint", 0, 95), digest("x")))).toBe(true);
    expect(refused(() => again.defer(slot("attestation", 0, 5), digest("x")))).toBe(true);
    // In operation: fill the preallocated chunk with votes of views that the next view makes dead.
    for (let v = 100; v <= 1100; v += 100) {
      for (let k = 0; k < 100; k++) vote(again, "commit", v, k + 1, `c${v}/${k}`);
      await again.commitDeferred();
    }
    // 14 + 1,000 records and the header filled the 1,024-record chunk: the 11th group compacted it
    // (header, 14 kept, the commit mark and the 100 commits of view 1,100 already remembered).
    expect(again.recordCount()).toBe(115);
    expect(refused(() => again.defer(slot("commit", 1100, 1), digest("x")))).toBe(true);
    expect(refused(() => again.defer(slot("commit", 1000, 1), digest("c1000/0")))).toBe(true);
    again.close();
    expect(statSync(path).size).toBe(1024 * RECORD);
    expect(() => statSync(`${path}.compact`)).toThrow();
    const third = DoubleSignGuard.open(path);
    expect(third.recordCount()).toBe(115);
    expect(refused(() => third.defer(slot("commit", 1100, 2), digest("x")))).toBe(true);
    expect(refused(() => third.defer(slot("commit", 1000, 2), digest("c1000/1")))).toBe(true);
    expect(refused(() => third.defer(slot("checkpoint", 0, 95), digest("x")))).toBe(true);
    expect(refused(() => third.defer(slot("view-change", 99, 0), digest("x")))).toBe(true);
    third.close();
  });
});
