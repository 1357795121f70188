import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClusterConfigError, loadClusterConfig, parseClusterConfig } from "./cluster-config.js";

const key = (i: number) => i.toString(16).padStart(2, "0").repeat(32);
const good = () => ({
  version: 1,
  clusterId: "test",
  f: 1,
  members: [0, 1, 2, 3].map((id) => ({
    id,
    name: `node${id}`,
    peerId: `peer${id}`,
    addresses: [`/ip4/127.0.0.1/tcp/${7000 + id}`],
    votePublicKey: key(id + 1),
  })),
  proposers: [{ name: "cli", publicKey: key(9) }],
});

function problems(value: unknown): string {
  try {
    parseClusterConfig(value);
  } catch (e) {
    expect(e).toBeInstanceOf(ClusterConfigError);
    return (e as Error).message;
  }
  throw new Error("accepted an invalid config");
}

describe("cluster.json", () => {
  it("accepts a valid config and fills defaults", () => {
    const c = parseClusterConfig(good());
    expect(c.members[0]!.clientAddresses).toEqual([]);
    expect(c.parameters).toEqual({});
  });
  it("refuses what a verifier must not trust, naming the field", () => {
    expect(problems({ ...good(), f: 2 })).toMatch(/f: f must be floor/);
    expect(problems({ ...good(), members: good().members.slice(0, 3) })).toMatch(/members/);
    const dupKey = good();
    dupKey.members[1]!.votePublicKey = dupKey.members[0]!.votePublicKey;
    expect(problems(dupKey)).toMatch(/duplicate votePublicKey/);
    const badKey = good();
    badKey.members[2]!.votePublicKey = "zz";
    expect(problems(badKey)).toMatch(/members.2.votePublicKey/);
    const order = good();
    order.members[3]!.id = 7;
    expect(problems(order)).toMatch(/members.3.id/);
    expect(problems({ ...good(), version: 2 })).toMatch(/version/);
    expect(problems(null)).toMatch(/\(root\)/);
  });
  it("a missing or malformed file gives a clear error, never a crash", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbft-cluster-"));
    expect(() => loadClusterConfig(join(dir, "missing.json"))).toThrow(/cannot be read: ENOENT/);
    writeFileSync(join(dir, "bad.json"), "{ nope");
    expect(() => loadClusterConfig(join(dir, "bad.json"))).toThrow(/not JSON/);
    writeFileSync(join(dir, "ok.json"), JSON.stringify(good()));
    expect(loadClusterConfig(join(dir, "ok.json")).clusterId).toBe("test");
  });
});
