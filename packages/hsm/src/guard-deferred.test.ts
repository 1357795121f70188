// Deferred group commit: votes checked at once, written and synced together by commitDeferred().
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DoubleSignGuard } from "./guard.js";
import { digest, refused, slot, tmpGuardPath } from "./guard-testing.js";

const tmp = tmpGuardPath;

describe("deferred votes", () => {
  it("refuses a conflict at once, before any commit, and allows the identical vote", () => {
    const g = DoubleSignGuard.open(tmp());
    g.defer(slot("commit", 2, 7), digest("x"));
    expect(refused(() => g.defer(slot("commit", 2, 7), digest("y")))).toBe(true);
    g.defer(slot("commit", 2, 7), digest("x"));
    expect(refused(() => g.defer(slot("commit", 1, 8), digest("z")))).toBe(true); // below the view mark
    expect(g.deferredCount()).toBe(1);
    g.close();
  });

  it("commitDeferred makes every deferred vote durable in one group, seen after a reopen", async () => {
    const path = tmp();
    let persisted = 0;
    const g = DoubleSignGuard.open(path, { afterPersist: () => persisted++ });
    for (let seq = 1; seq <= 300; seq++) g.defer(slot("prepare", 0, seq), digest(`p${seq}`));
    expect(g.recordCount()).toBe(0);
    await g.commitDeferred();
    expect(persisted).toBe(1);
    expect(g.deferredCount()).toBe(0);
    expect(g.recordCount()).toBe(300);
    await g.commitDeferred(); // nothing deferred: no write, no sync
    expect(persisted).toBe(1);
    g.close();
    const again = DoubleSignGuard.open(path);
    for (let seq = 1; seq <= 300; seq++) {
      expect(refused(() => again.defer(slot("prepare", 0, seq), digest("other")))).toBe(true);
      again.defer(slot("prepare", 0, seq), digest(`p${seq}`));
    }
    expect(again.deferredCount()).toBe(0);
    again.close();
  });

  it("a vote deferred but never committed (a crash before the commit) is not on disk", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.defer(slot("prepare", 0, 1), digest("kept"));
    await g.commitDeferred();
    g.defer(slot("prepare", 0, 2), digest("lost"));
    // Simulated crash: the process dies here; a new guard opens the same file.
    const after = DoubleSignGuard.open(path);
    expect(refused(() => after.defer(slot("prepare", 0, 1), digest("other")))).toBe(true);
    after.defer(slot("prepare", 0, 2), digest("a different payload, allowed: the first never left"));
    after.close();
    g.close();
  });

  it("more votes than one group holds are written as several groups", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    for (let seq = 1; seq <= 2500; seq++) g.defer(slot("attestation", 0, seq), digest(`a${seq}`));
    await g.commitDeferred();
    g.close();
    expect(statSync(path).size).toBeGreaterThanOrEqual(2501 * 64);
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(2500);
    expect(refused(() => again.defer(slot("attestation", 0, 2500), digest("other")))).toBe(true);
    again.close();
  });
});
