// Integration: the CLI's exit codes (one per kind of failure) and its JSON errors, each produced for real
// against a local cluster: a usage error, a missing file, a tampered export, an unauthorised proposer, a
// proposal the rules reject, and a cluster without a quorum.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../cli/common.js";
import { generateProposerKey, writeProposerKey } from "../proposer-key.js";
import { LocalCluster } from "../testing/local-cluster.js";
import { type CliRun, runCli } from "../testing/run-cli.js";

let lc: LocalCluster;
let work: string;

function pbft(...args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: work });
}

const clusterArgs = () => ["--cluster", join(lc.testnet.dir, "cluster.json")];
const testnetArgs = () => ["--testnet", lc.testnet.dir];

function errorOf(r: CliRun): { code: string; message: string; details?: Record<string, unknown> } {
  return (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
}

describe("pbft exit codes and JSON errors", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "pbft-cli-"));
    lc = await LocalCluster.create({ proposers: 1 });
    await lc.startAll();
  }, 120_000);

  afterAll(async () => {
    await lc?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("0: a submitted proposal, with its receipt as JSON", async () => {
    const r = await pbft("submit", ...testnetArgs(), "--title", "exit codes", "--json");
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: "accepted", height: 1 });
  });

  it("6 (usage): a parser error is one line and a hint to --help; with --json, a JSON error", async () => {
    const r = await pbft("submit", "--bogus");
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "pbft: unknown option '--bogus'",
      "(see 'pbft submit --help')",
    ]);
    const bad = await pbft("ledger", "show", "--from", "one", "--json");
    expect(bad.code).toBe(EXIT.usage);
    expect(errorOf(bad)).toMatchObject({ code: "usage", message: '--from must be an integer, got "one"' });
    expect(bad.stdout.trimEnd().split("\n")).toHaveLength(1); // one line of JSON
    expect(bad.stderr.split("\n")[0]).toBe('pbft: --from must be an integer, got "one"');
    const both = await pbft("ledger", "verify", "--data", "x", "--export", "y", ...clusterArgs());
    expect(both.code).toBe(EXIT.usage);
  });

  it("5 (not found): a missing export, cluster file or proposer key", async () => {
    const missing = await pbft("ledger", "verify", "--export", "nope.ndjson", ...clusterArgs(), "--json");
    expect(missing.code).toBe(EXIT["not-found"]);
    expect(errorOf(missing).code).toBe("not-found");
    expect((await pbft("status", "--cluster", "nope.json")).code).toBe(EXIT["not-found"]);
    const key = await pbft("submit", ...testnetArgs(), "--key", "nope.key", "--title", "t");
    expect(key.code).toBe(EXIT["not-found"]);
    expect(key.stderr).toMatch(/nope\.key cannot be read/);
  });

  it("2 (verification failed): a tampered export", async () => {
    const out = join(work, "ledger.ndjson");
    const exported = await pbft(
      "ledger",
      "export",
      "--url",
      lc.cluster.members[1]!.httpAddress!,
      "--out",
      out,
    );
    expect(exported.code, exported.stderr).toBe(EXIT.ok);
    expect((await pbft("ledger", "verify", "--export", out, ...clusterArgs())).code).toBe(EXIT.ok);
    const lines = readFileSync(out, "utf8").split("\n");
    // One hex digit of entry 1 changed: the hash chain no longer holds.
    lines[1] = lines[1]!.replace(/"value":"(..)/, (_m, b: string) => `"value":"${b === "00" ? "01" : "00"}`);
    const tampered = join(work, "tampered.ndjson");
    writeFileSync(tampered, lines.join("\n"));
    const r = await pbft("ledger", "verify", "--export", tampered, ...clusterArgs(), "--json");
    expect(r.code).toBe(EXIT["verification-failed"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, badHeight: 1 });
  });

  it("ledger import and export: verified before writing (2 and nothing written when tampered), 6 into a non-empty dir", async () => {
    const out = join(work, "ledger.ndjson");
    const imported = join(work, "imported");
    const r = await pbft("ledger", "import", "--export", out, "--data", imported, ...clusterArgs(), "--json");
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual({ data: imported, entries: 1 });
    expect((await pbft("ledger", "verify", "--data", imported, ...clusterArgs())).code).toBe(EXIT.ok);
    // A stopped node's data dir (here: the imported one) exported again is the same export.
    const again = join(work, "again.ndjson");
    const e = await pbft("ledger", "export", "--data", imported, "--out", again, ...clusterArgs(), "--json");
    expect(e.code, e.stderr).toBe(EXIT.ok);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(out, "utf8"));
    const full = await pbft("ledger", "import", "--export", out, "--data", imported, ...clusterArgs());
    expect(full.code).toBe(EXIT.usage);
    expect(full.stderr).toMatch(/is not empty/);
    const bad = join(work, "from-tampered");
    const t = await pbft(
      "ledger",
      "import",
      "--export",
      join(work, "tampered.ndjson"),
      "--data",
      bad,
      ...clusterArgs(),
    );
    expect(t.code).toBe(EXIT["verification-failed"]);
    expect(existsSync(bad) || existsSync(`${bad}.importing`)).toBe(false);
  });

  it("4 (refused): an unauthorised proposer, and a proposal the rules reject", async () => {
    const keyFile = join(work, "stranger.key");
    writeProposerKey(keyFile, generateProposerKey());
    const stranger = await pbft(
      "submit",
      ...testnetArgs(),
      "--key",
      keyFile,
      "--title",
      "not mine",
      "--json",
    );
    expect(stranger.code).toBe(EXIT.refused);
    expect(errorOf(stranger)).toMatchObject({
      code: "refused",
      details: { reason: "unauthorised-proposer" },
    });
    const rejected = await pbft(
      "submit",
      ...testnetArgs(),
      "--amends",
      ulid(),
      "--reason",
      "no such record",
      "--json",
    );
    expect(rejected.code).toBe(EXIT.refused);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ decision: "rejected", reason: "unknown-record" });
  });

  it("/readyz: 200 with all up, 503 (no quorum) with two of four down, and exit 3 (unreachable); 200 with three again", async () => {
    const readyz = async (id: number) => {
      const res = await fetch(`http://${lc.cluster.members[id]!.httpAddress}/readyz`);
      return {
        status: res.status,
        body: (await res.json()) as { ready: boolean; reasons: { code: string }[] },
      };
    };
    await lc.until(0, async () => (await readyz(0)).status === 200, 15_000, "node0 ready");
    expect((await readyz(0)).body).toEqual({ ready: true, reasons: [] });
    await lc.kill(2);
    await lc.kill(3);
    await lc.until(0, async () => (await readyz(0)).status === 503, 15_000, "node0 not ready");
    for (const id of [0, 1]) {
      const r = await readyz(id);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ ready: false, reasons: [{ code: "no-quorum", needed: 2 }] });
      expect(await lc.healthz(id)).toBe(true); // alive, not ready
    }
    const status = await pbft("status", ...testnetArgs(), "--json");
    expect(status.code).toBe(EXIT.unreachable);
    const r = await pbft("submit", ...testnetArgs(), "--title", "no quorum", "--timeout", "3000", "--json");
    expect(r.code).toBe(EXIT.unreachable);
    expect(errorOf(r)).toMatchObject({ code: "unreachable", details: { reason: "timeout" } });
    await lc.start(2);
    await lc.until(0, async () => (await readyz(0)).status === 200, 30_000, "node0 ready again");
    await lc.until(2, async () => (await readyz(2)).status === 200, 30_000, "node2 ready");
  }, 120_000);

  it("--version and /status name the build", async () => {
    const v = await pbft("--version");
    expect(v.code).toBe(EXIT.ok);
    expect(v.stdout).toMatch(/^pbft \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}|unknown), node v\d+/);
    const j = JSON.parse((await pbft("--version", "--json")).stdout) as { version: string; commit: string };
    const status = await lc.status(0);
    expect(status).toMatchObject({ version: j.version, commit: j.commit });
    expect(await lc.metrics(0)).toContain(`pbft_build_info{version="${j.version}",commit="${j.commit}"`);
  });
});
