import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ClusterConfigError, LedgerError } from "@pbft/ledger";
import { describe, expect, it } from "vitest";
import { asCliError, CliError, EXIT, EXIT_CODES, errorJson, exitCodeHelp, findCluster } from "./common.js";

const README = resolve(fileURLToPath(new URL("../../../..", import.meta.url)), "README.md");

describe("exit codes", () => {
  it("one distinct code per kind of failure, 0 for success", () => {
    expect(new Set(EXIT_CODES.map((e) => e.code)).size).toBe(EXIT_CODES.length);
    expect(EXIT_CODES.map((e) => e.name)).toEqual([
      "ok",
      "internal",
      "verification-failed",
      "unreachable",
      "refused",
      "not-found",
      "usage",
    ]);
    expect(exitCodeHelp().split("\n")).toHaveLength(EXIT_CODES.length + 1);
  });

  it("the README's table is this table", () => {
    const text = readFileSync(README, "utf8");
    const section = text.slice(text.indexOf("### Exit codes"));
    const rows = [...section.matchAll(/^\| (\d+) \| `([a-z-]+)` \| (.+) \|$/gm)].map((m) => ({
      code: Number(m[1]),
      name: m[2],
      meaning: m[3],
    }));
    expect(rows).toEqual(EXIT_CODES.map((e) => ({ code: e.code, name: e.name, meaning: e.meaning })));
  });

  it("maps the libraries' errors and file-system errors to their kind", () => {
    expect(asCliError(new LedgerError("locked", "in use")).exitCode).toBe(EXIT["not-found"]);
    expect(asCliError(new LedgerError("import-invalid", "bad", 3)).exitCode).toBe(
      EXIT["verification-failed"],
    );
    expect(asCliError(new LedgerError("import-invalid", "bad", 3)).details).toEqual({
      reason: "import-invalid",
      height: 3,
    });
    expect(asCliError(new LedgerError("import-target-not-empty", "x")).exitCode).toBe(EXIT.usage);
    expect(asCliError(new ClusterConfigError("/x", ["cannot be read: ENOENT"])).exitCode).toBe(
      EXIT["not-found"],
    );
    expect(asCliError(new ClusterConfigError("/x", ["not JSON: oops"])).exitCode).toBe(EXIT.usage);
    expect(asCliError(Object.assign(new Error("nope"), { code: "ENOENT" })).exitCode).toBe(EXIT["not-found"]);
    expect(asCliError(new TypeError("a bug")).exitCode).toBe(EXIT.internal);
    const e = new CliError("gone", EXIT.unreachable, { node: "node1" });
    expect(asCliError(e)).toBe(e);
    expect(errorJson(e)).toEqual({
      error: { code: "unreachable", message: "gone", details: { node: "node1" } },
    });
  });
});

function clusterJson(clusterId: string): string {
  return JSON.stringify({
    version: 1,
    clusterId,
    f: 1,
    members: [0, 1, 2, 3].map((i) => ({
      id: i,
      name: `node${i}`,
      peerId: `peer${i}`,
      addresses: [`/ip4/127.0.0.1/tcp/${7100 + 10 * i}`],
      votePublicKey: String(i + 1).repeat(64),
    })),
    proposers: [],
  });
}

describe("finding cluster.json", () => {
  it("--cluster, else --home's node.json, else --testnet, else a --data dir's node, else $PBFT_TESTNET", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbft-find-"));
    const saved = process.env.PBFT_TESTNET;
    try {
      // A testnet "t" (node0 inside it), a lone cluster file, and a node "far" whose node.json names another.
      mkdirSync(join(dir, "t", "node0", "data"), { recursive: true });
      writeFileSync(join(dir, "t", "cluster.json"), clusterJson("from-testnet"));
      writeFileSync(join(dir, "lone.json"), clusterJson("from-file"));
      writeFileSync(join(dir, "other.json"), clusterJson("from-home"));
      const nodeJson = (cluster: string) =>
        JSON.stringify({
          version: 1,
          id: 0,
          cluster,
          listen: {
            replica: ["/ip4/127.0.0.1/tcp/1"],
            client: ["/ip4/127.0.0.1/tcp/2"],
            http: "127.0.0.1:3",
          },
          hsm: { tokenLabel: "x" },
        });
      writeFileSync(join(dir, "t", "node0", "node.json"), nodeJson("../cluster.json"));
      mkdirSync(join(dir, "far", "data"), { recursive: true });
      writeFileSync(join(dir, "far", "node.json"), nodeJson("../other.json"));
      process.env.PBFT_TESTNET = join(dir, "t");
      const id = (o: Parameters<typeof findCluster>[0]) => findCluster(o).cluster.clusterId;
      expect(id({ cluster: join(dir, "lone.json"), home: join(dir, "far") })).toBe("from-file");
      expect(id({ home: join(dir, "far"), testnet: join(dir, "t") })).toBe("from-home");
      expect(id({ testnet: join(dir, "t"), data: join(dir, "far", "data") })).toBe("from-testnet");
      expect(id({ data: join(dir, "far", "data") })).toBe("from-home");
      expect(id({ data: join(dir, "t", "node0", "data") })).toBe("from-testnet");
      expect(id({})).toBe("from-testnet");
      expect(() => findCluster({ cluster: join(dir, "none.json") })).toThrow(/no cluster file/);
      expect(() => findCluster({ home: join(dir, "nohome") })).toThrow(CliError);
      try {
        findCluster({ home: join(dir, "nohome") });
      } catch (e) {
        expect((e as CliError).exitCode).toBe(EXIT["not-found"]);
      }
    } finally {
      if (saved === undefined) delete process.env.PBFT_TESTNET;
      else process.env.PBFT_TESTNET = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
