import { describe, expect, it } from "vitest";
import { FairShare } from "./fair-share.js";

describe("fair share of submissions in flight", () => {
  it("lets one caller use the whole budget alone, and only its share once others are active", () => {
    let t = 0;
    const f = new FairShare(8, 1000, () => t);
    const flooder = Array.from({ length: 8 }, () => f.acquire("flood"));
    expect(flooder.every((r) => r !== null)).toBe(true);
    expect(f.acquire("flood")).toBeNull();
    // A newcomer always gets a slot; the flooder cannot take more until it is under its new share.
    f.acquire("a")!();
    f.acquire("b")!();
    for (const r of flooder.slice(0, 6)) r!();
    expect(f.acquire("flood")).toBeNull(); // holds 2 of a share of floor(8 / 3) = 2: a and b count a while
    t = 1500; // a and b idle past the grace period: the flooder may use the budget again
    expect(f.acquire("flood")).not.toBeNull();
  });

  it("releases once per acquisition", () => {
    const f = new FairShare(1, 1000, () => 0);
    const r = f.acquire("x")!;
    r();
    r();
    expect(f.acquire("x")).not.toBeNull();
    expect(f.acquire("x")).toBeNull();
  });
});
