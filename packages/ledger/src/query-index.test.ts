import { describe, expect, it } from "vitest";
import { key, Prefix, u64 } from "./keys.js";
import { indexKey } from "./query-index.js";

/** The key as issue 18 defined it, built the long way. */
function reference(field: string, value: string | number, height: number, index: number): Uint8Array {
  const v =
    typeof value === "number" ? u64(value) : Buffer.concat([Buffer.from(value, "utf8"), Buffer.from([0])]);
  const position = Buffer.alloc(12);
  position.writeBigUInt64BE(BigInt(height));
  position.writeUInt32BE(index, 8);
  return key(Prefix.QueryIndex, Buffer.concat([Buffer.from(field, "latin1"), v]), position);
}

describe("indexKey", () => {
  it("writes the same bytes as the reference construction", () => {
    const cases: ["t" | "p" | "o" | "w" | "m", string | number, number, number][] = [
      ["t", "decision", 1, 0],
      ["p", "ab".repeat(32), 123_456, 99],
      ["o", "Ørsted & Søn — 東京", 2 ** 40 + 7, 4_000_000_000],
      ["w", "", 0, 0],
      ["m", 1_764_892_800_123, Number.MAX_SAFE_INTEGER, 1],
      ["m", 0, 2 ** 32, 2 ** 32 - 1],
    ];
    for (const [field, value, height, index] of cases) {
      expect(Buffer.from(indexKey(field, value, height, index)).toString("hex")).toBe(
        Buffer.from(reference(field, value, height, index)).toString("hex"),
      );
    }
  });

  it("refuses a height or time that is not a u64 as u64() did", () => {
    expect(() => indexKey("m", -1, 1, 0)).toThrow(RangeError);
    expect(() => indexKey("t", "x", 1.5, 0)).toThrow(RangeError);
  });
});
