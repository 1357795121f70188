// A node whose double-sign guard file it cannot read (damaged at its start, or of an unknown format) refuses
// to start, and says how to re-create the guard safely; moved aside, the node starts with a fresh guard
// file. (A file of format 1, written before the header existed, is read and rewritten: guard.test.ts.)
import { renameSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNodeConfig } from "../config.js";
import { LocalCluster } from "../testing/local-cluster.js";

/** A guard file damaged at its start: no valid header, no valid record. */
function damagedGuardFile(): Buffer {
  return Buffer.alloc(64 * 4, 0x5a);
}

let lc: LocalCluster;

describe("a guard file the node cannot read", () => {
  beforeAll(async () => {
    lc = await LocalCluster.create({ tmpPrefix: "pbft-guard-format-" });
  }, 120_000);

  afterAll(async () => {
    await lc?.destroy();
  });

  it("stops the node at start with guard-format and the fix; moved aside, the node starts", async () => {
    const guardFile = loadNodeConfig(lc.home(0)).guardFile;
    writeFileSync(guardFile, damagedGuardFile(), { mode: 0o600 });
    const failed = await lc.start(0).then(
      () => "started",
      (e: Error) => e.message,
    );
    expect(failed).toMatch(/exited \(1\) during start/);
    expect(failed).toContain("no valid format header");
    expect(failed).toContain("keep the node stopped until every other member's stable checkpoint");
    await lc.kill(0); // forgets the exited process
    renameSync(guardFile, `${guardFile}.old`);
    await lc.start(0);
    expect((await lc.status(0)).id).toBe(0);
  }, 120_000);
});
