// Integration (issue 17) on a real local cluster: the nodes sign heads at stable checkpoints and serve them;
// `pbft ledger head|verify|prove|consistency` use them; and `pbft witness` catches a node serving a doctored
// head (--once: exit 2) and a node rolling its head back (long-running: alarm metric), while the honest
// cluster goes on committing.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../cli/common.js";
import { recordProposal } from "../client/proposal.js";
import { CLI_PATH, LocalCluster } from "../testing/local-cluster.js";
import { type CliRun, runCli } from "../testing/run-cli.js";

let lc: LocalCluster;
let work: string;

function pbft(...args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: work });
}

const url = (id: number) => `http://${lc.cluster.members[id]!.httpAddress}`;
const clusterArgs = () => ["--cluster", join(lc.testnet.dir, "cluster.json")];

async function headHeight(id: number): Promise<number> {
  const res = await fetch(`${url(id)}/heads/latest`);
  return res.ok ? ((await res.json()) as { height: number }).height : 0;
}

async function commit(count: number): Promise<void> {
  const c = await lc.client(0);
  for (let i = 0; i < count; i++)
    await c.submit(recordProposal({ type: "test", title: `heads ${i}`, content: {}, source: "it" }));
}

/** Waits until every node serves a head at `height` or above. */
async function headsAt(height: number): Promise<void> {
  for (const m of lc.cluster.members)
    await lc.until(m.id, async () => (await headHeight(m.id)) >= height, 30_000, `head ${height}`);
}

/** A node's HTTP port behind a proxy that can rewrite its /heads/latest answer (a Byzantine node's face). */
async function proxy(
  id: number,
  rewrite: () => Promise<unknown> | null,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const doctored = req.url === "/heads/latest" ? rewrite() : null;
      const body =
        doctored !== null
          ? JSON.stringify(await doctored)
          : await fetch(`${url(id)}${req.url}`).then(async (r) => {
              res.statusCode = r.status;
              return r.text();
            });
      res.setHeader("content-type", "application/json");
      res.end(body);
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("signed heads on a running cluster", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "pbft-heads-"));
    lc = await LocalCluster.create({ proposers: 1, parameters: { checkpointInterval: 4, logWindow: 8 } });
    await lc.startAll();
    await commit(9);
    await headsAt(8);
  }, 180_000);

  afterAll(async () => {
    await lc?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("every node serves a verifiable head; `ledger head` prints height:hash and writes the JSON", async () => {
    const r = await pbft(
      "ledger",
      "head",
      "--url",
      url(1),
      ...clusterArgs(),
      "--out",
      join(work, "head.json"),
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const head = JSON.parse(readFileSync(join(work, "head.json"), "utf8")) as {
      height: number;
      entryHash: string;
    };
    expect(r.stdout.trim()).toBe(`${head.height}:${head.entryHash}`);
    expect(head.height % 4).toBe(0);
    expect(r.stderr).toMatch(/signed by members \d, \d, \d/);
  });

  it("an export ends with the head; verify reports it and --min-head holds it; proofs verify offline", async () => {
    const file = join(work, "x.ndjson");
    expect((await pbft("ledger", "export", "--url", url(0), "--out", file, ...clusterArgs())).code).toBe(
      EXIT.ok,
    );
    const v = await pbft(
      "ledger",
      "verify",
      "--export",
      file,
      ...clusterArgs(),
      "--min-head",
      join(work, "head.json"),
    );
    expect(v.code, v.stdout + v.stderr).toBe(EXIT.ok);
    expect(v.stdout).toMatch(/last signed head verified: \d+:[0-9a-f]{64} \(epoch 0, members/);
    const far = await pbft(
      "ledger",
      "verify",
      "--export",
      file,
      ...clusterArgs(),
      "--min-head",
      `999:${"ab".repeat(32)}`,
    );
    expect(far.code).toBe(EXIT["verification-failed"]);
    expect(far.stdout).toMatch(/before the head you hold \(--min-head\) at height 999: truncated/);

    const proofFile = join(work, "p.json");
    const p = await pbft(
      "ledger",
      "prove",
      "--export",
      file,
      "--height",
      "3",
      "--out",
      proofFile,
      ...clusterArgs(),
    );
    expect(p.code, p.stderr).toBe(EXIT.ok);
    expect((await pbft("ledger", "prove", "--check", proofFile, ...clusterArgs())).code).toBe(EXIT.ok);
    const proof = JSON.parse(readFileSync(proofFile, "utf8")) as { path: string[] };
    writeFileSync(proofFile, JSON.stringify({ ...proof, path: proof.path.slice(1) }));
    const bad = await pbft("ledger", "prove", "--check", proofFile, ...clusterArgs(), "--json");
    expect(bad.code).toBe(EXIT["verification-failed"]);
    expect(bad.stdout).toMatch(/wrong number of hashes/);

    const c = await pbft("ledger", "consistency", "--url", url(2), "--from", "4", ...clusterArgs());
    expect(c.code, c.stderr).toBe(EXIT.ok);
    expect(JSON.parse(c.stdout)).toMatchObject({ format: "pbft-consistency-proof/1", from: { height: 4 } });
  });

  it("the witness catches a node serving a doctored head (--once exits 2), then a rollback within a poll", async () => {
    const dir = join(work, "witness");
    const honest = [0, 1, 2].map(url);
    const clean = await pbft("witness", ...clusterArgs(), "--once", "--dir", dir, "--node", ...honest);
    expect(clean.code, clean.stderr).toBe(EXIT.ok);

    const doctored = await proxy(3, async () => {
      const h = (await (await fetch(`${url(3)}/heads/latest`)).json()) as { treeRoot: string };
      return { ...h, treeRoot: "00".repeat(32) };
    });
    const caught = await pbft(
      "witness",
      ...clusterArgs(),
      "--once",
      "--dir",
      dir,
      "--node",
      ...honest,
      doctored.url,
    );
    doctored.server.close();
    expect(caught.code).toBe(EXIT["verification-failed"]);
    expect(caught.stderr).toMatch(/"alarm":"bad-head"/);

    // A long-running witness; node 3's face first serves its real head, then rolls back to head 4.
    let rolledBack = false;
    const rolling = await proxy(3, () =>
      rolledBack ? fetch(`${url(3)}/heads/4`).then((r) => r.json()) : null,
    );
    const metricsPort = await freePort();
    const w: ChildProcess = spawn(
      process.execPath,
      [
        CLI_PATH,
        "witness",
        ...clusterArgs(),
        "--dir",
        dir,
        "--interval",
        "200ms",
        "--listen",
        `127.0.0.1:${metricsPort}`,
        "--node",
        ...honest,
        rolling.url,
      ],
      { cwd: work, stdio: "ignore" },
    );
    try {
      const alarms = async (): Promise<string> =>
        fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
          (r) => r.text(),
          () => "",
        );
      await lc.until(
        0,
        async () => /pbft_witness_polls_total [1-9]/.test(await alarms()),
        20_000,
        "witness polls",
      );
      rolledBack = true;
      await lc.until(
        0,
        async () => /pbft_witness_alarms_total\{kind="rollback"\} [1-9]/.test(await alarms()),
        20_000,
        "rollback alarm",
      );
      expect(await alarms()).toMatch(/pbft_witness_alarms_total\{kind="fork"\} 0/);
      // the honest cluster goes on
      await commit(4);
      await headsAt(12);
    } finally {
      w.kill("SIGTERM");
      rolling.server.close();
    }
  }, 120_000);

  it("a receipt gains its inclusion proof once its entry is under a head; receipt verify checks it", async () => {
    const receipt = join(work, "receipt.json");
    const testnet = ["--testnet", lc.testnet.dir];
    const sub = await pbft(
      "submit",
      ...testnet,
      "--title",
      "receipt under a head",
      "--receipt-out",
      receipt,
      "--json",
    );
    expect(sub.code, sub.stderr).toBe(EXIT.ok);
    const height = (JSON.parse(sub.stdout) as { height: number }).height;
    const early = await pbft("receipt", "prove", "--receipt", receipt, "--url", url(0), ...clusterArgs());
    if (early.code !== EXIT.ok) expect(early.stderr).toMatch(/not under a signed head yet/);
    await commit(4);
    await headsAt(Math.ceil(height / 4) * 4);
    const p = await pbft("receipt", "prove", "--receipt", receipt, "--url", url(1), ...clusterArgs());
    expect(p.code, p.stderr).toBe(EXIT.ok);
    const v = await pbft("receipt", "verify", "--receipt", receipt, ...clusterArgs());
    expect(v.code, v.stderr).toBe(EXIT.ok);
    expect(v.stdout).toMatch(/in the history under signed head \d+:[0-9a-f]{64}/);
    const file = JSON.parse(readFileSync(receipt, "utf8")) as { inclusion: { height: number } };
    writeFileSync(receipt, JSON.stringify({ ...file, inclusion: { ...file.inclusion, height: 1 } }));
    const bad = await pbft("receipt", "verify", "--receipt", receipt, ...clusterArgs());
    expect(bad.code).toBe(EXIT["verification-failed"]);
  }, 60_000);

  it("the reader edition states its signed head; verify-reader checks a copy later, and catches an edit", async () => {
    const file = join(work, "edition.md");
    const r = await pbft("ledger", "reader", "--url", url(0), "--out", file, ...clusterArgs());
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/signed head \d+:[0-9a-f]{64}\) written to/);
    await commit(1); // the ledger moves on: the copy is still checked at its own head
    const ok = await pbft("ledger", "verify-reader", "--edition", file, "--url", url(2), ...clusterArgs());
    expect(ok.code, ok.stdout + ok.stderr).toBe(EXIT.ok);
    expect(ok.stdout).toMatch(/reader edition OK: identical to the ledger's at signed head/);
    writeFileSync(file, readFileSync(file, "utf8").replace("heads 1", "heads one"));
    const edited = await pbft(
      "ledger",
      "verify-reader",
      "--edition",
      file,
      "--url",
      url(2),
      ...clusterArgs(),
    );
    expect(edited.code).toBe(EXIT["verification-failed"]);
    expect(edited.stderr).toMatch(
      /differs from the ledger's edition at signed head \d+:[0-9a-f]{64} \(first at line \d+\)/,
    );
  }, 60_000);

  it("a filtered edition states its filters in every format and verifies with them; an edited statement fails", async () => {
    const bad = await pbft("ledger", "reader", "--url", url(0), "--type", "nonsense", ...clusterArgs());
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/--type: "nonsense" is not one of observation/);
    const stated = '{"types":["test"],"statuses":["in-force"]}';
    for (const format of ["markdown", "html", "json"]) {
      const file = join(work, `filtered.${format}`);
      const args = ["--format", format, "--type", "test", "--status", "in-force", "--out", file];
      const r = await pbft("ledger", "reader", "--url", url(0), ...args, ...clusterArgs());
      expect(r.code, r.stderr).toBe(EXIT.ok);
      const text = readFileSync(file, "utf8");
      if (format === "json") expect(JSON.parse(text).filters).toEqual(JSON.parse(stated));
      else expect(text).toContain(stated);
      const verify = () =>
        pbft("ledger", "verify-reader", "--edition", file, "--url", url(1), "--json", ...clusterArgs());
      const ok = await verify();
      expect(ok.code, ok.stdout + ok.stderr).toBe(EXIT.ok);
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, format, filters: JSON.parse(stated) });
      // The statement edited to claim another filter: the rebuilt edition (with the claimed filter) differs.
      const claim = (types: string[]) => {
        if (format !== "json") return text.replace(stated, JSON.stringify({ ...JSON.parse(stated), types }));
        const j = JSON.parse(text);
        return `${JSON.stringify({ ...j, filters: { ...j.filters, types } }, null, 2)}\n`;
      };
      writeFileSync(file, claim(["observation"]));
      const edited = await verify();
      expect(edited.code, `${format}: ${edited.stdout}`).toBe(EXIT["verification-failed"]);
      expect(edited.stderr).toMatch(/differs from the ledger's edition at signed head/);
      writeFileSync(file, claim(["nonsense"]));
      const unknown = await verify();
      expect(unknown.code).toBe(EXIT["verification-failed"]);
      expect(unknown.stderr).toMatch(/its filter statement is not one pbft ledger reader writes/);
    }
  }, 120_000);
});
