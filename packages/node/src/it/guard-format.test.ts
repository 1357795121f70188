// A node whose double-sign guard file was written by an earlier version refuses to start, and says how to
// re-create the guard safely; moved aside, the node starts with a fresh guard file.
import { createHash } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNodeConfig } from "../config.js";
import { LocalCluster } from "../testing/local-cluster.js";

/** A guard file as earlier versions wrote it: 64-byte vote records from offset 0, no format header. */
function legacyGuardFile(): Buffer {
  const rec = Buffer.alloc(64);
  rec[0] = 2; // commit
  rec.writeBigUInt64BE(0n, 4); // view
  rec.writeBigUInt64BE(7n, 12); // seq
  createHash("sha256").update("a vote").digest().copy(rec, 20);
  createHash("sha256").update(rec.subarray(0, 52)).digest().copy(rec, 52, 0, 8);
  return rec;
}

let lc: LocalCluster;

describe("a guard file of an earlier version", () => {
  beforeAll(async () => {
    lc = await LocalCluster.create({ tmpPrefix: "pbft-guard-format-" });
  }, 120_000);

  afterAll(async () => {
    await lc?.destroy();
  });

  it("stops the node at start with guard-format and the fix; moved aside, the node starts", async () => {
    const guardFile = loadNodeConfig(lc.home(0)).guardFile;
    writeFileSync(guardFile, legacyGuardFile(), { mode: 0o600 });
    const failed = await lc.start(0).then(
      () => "started",
      (e: Error) => e.message,
    );
    expect(failed).toMatch(/exited \(1\) during start/);
    expect(failed).toContain("format of earlier versions");
    expect(failed).toContain("keep the node stopped until every other member's stable checkpoint");
    await lc.kill(0); // forgets the exited process
    renameSync(guardFile, `${guardFile}.old`);
    await lc.start(0);
    expect((await lc.status(0)).id).toBe(0);
  }, 120_000);
});
