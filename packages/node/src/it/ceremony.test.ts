// Integration: the key ceremony as four organisations run it, each in its own home with its own SoftHSM
// configuration and token directory (as on separate machines). They exchange only member cards, the
// proposer's public file and the genesis; a fifth party rebuilds the genesis from the shuffled cards and gets
// the same bytes and hash. A member holding another genesis is refused by the others (metric, log) while the
// cluster goes on; a node whose keys are not in the genesis does not start.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH } from "../testing/local-cluster.js";
import { type PortBlock, reservePortBlock } from "../testing/port-block.js";
import { localPorts, withoutSoftHsmConf } from "../testnet.js";

const run = promisify(execFile);
const ORGS = ["acme", "globex", "initech", "umbrella"] as const; // ids 0..3 in the genesis (name order)

let dir: string;
let ports: PortBlock;
const procs = new Map<string, ChildProcess>();

function env(): NodeJS.ProcessEnv {
  const e = withoutSoftHsmConf();
  delete e.PBFT_HSM_PIN;
  return e;
}

async function pbft(args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [CLI_PATH, ...args], { env: env(), timeout: 60_000 });
    return { ...r, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: err.stdout ?? "", stderr: err.stderr ?? "", code: err.code ?? -1 };
  }
}

const home = (org: string) => join(dir, org);
const shared = (file: string) => join(dir, "shared", file);
const http = (i: number) => `127.0.0.1:${localPorts(ports.base, i).http}`;

async function until(ok: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await ok()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function get(i: number, path: string): Promise<string> {
  const res = await fetch(`http://${http(i)}${path}`, { signal: AbortSignal.timeout(2000) });
  return res.text();
}

function start(org: string, genesis: string): ChildProcess {
  const log = openSync(join(home(org), "node.log"), "a");
  const child = spawn(
    process.execPath,
    [CLI_PATH, "node", "start", "--home", home(org), "--genesis", genesis],
    {
      stdio: ["ignore", log, log],
      env: env(),
    },
  );
  closeSync(log);
  procs.set(org, child);
  return child;
}

async function stop(org: string): Promise<void> {
  const child = procs.get(org);
  procs.delete(org);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  await gone;
}

async function submit(title: string): Promise<void> {
  const r = await pbft([
    "submit",
    "--cluster",
    shared("genesis.json"),
    "--key",
    join(dir, "proposer", "proposer.key"),
    "--title",
    title,
    "--content",
    title,
    "--timeout",
    "60s",
  ]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toContain("ACCEPTED");
}

const height = async (i: number) => (JSON.parse(await get(i, "/status")) as { height: number }).height;

let genesisHash: string;

describe("the key ceremony across four organisations", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pbft-ceremony-"));
    ports = await reservePortBlock(5);
    mkdirSync(join(dir, "shared"));
  });

  afterAll(async () => {
    await Promise.all([...procs.keys()].map(stop));
    ports?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it("each organisation initialises its own member; only public files are exchanged", async () => {
    const results = await Promise.all(
      ORGS.map((org, i) =>
        pbft([
          "member",
          "init",
          "--home",
          home(org),
          "--name",
          org,
          "--addr",
          `127.0.0.1:${localPorts(ports.base, i).replica}`,
          "--json",
        ]),
      ),
    );
    for (const [i, r] of results.entries()) {
      expect(r.stderr, ORGS[i]).toBe("");
      expect(r.code).toBe(0);
    }
    ORGS.forEach((org, i) => {
      // Its own SoftHSM configuration and token directory; nothing else crosses.
      expect(readFileSync(join(home(org), "softhsm2.conf"), "utf8")).toContain(join(home(org), "tokens"));
      copyFileSync(join(home(org), "member-card.json"), shared(`card-${i}.json`));
      const card = readFileSync(shared(`card-${i}.json`), "utf8");
      expect(card).not.toMatch(/pin|private/i);
    });
    const p = await pbft([
      "proposer",
      "keygen",
      "--out",
      join(dir, "proposer"),
      "--name",
      "cli",
      "--org",
      "acme",
    ]);
    expect(p.code).toBe(0);
    copyFileSync(join(dir, "proposer", "proposer.pub.json"), shared("proposer.pub.json"));
  }, 120_000);

  it("genesis create is deterministic: a fifth party gets the same bytes and hash from the shuffled cards", async () => {
    const cards = ORGS.map((_, i) => shared(`card-${i}.json`));
    const a = await pbft([
      "genesis",
      "create",
      "--members",
      ...cards,
      "--proposers",
      shared("proposer.pub.json"),
      "--out",
      shared("genesis.json"),
      "--json",
    ]);
    expect(a.code).toBe(0);
    genesisHash = (JSON.parse(a.stdout) as { hash: string }).hash;
    expect(genesisHash).toMatch(/^[0-9a-f]{64}$/);
    const b = await pbft([
      "genesis",
      "create",
      "--members",
      cards[2]!,
      cards[0]!,
      cards[3]!,
      cards[1]!,
      "--proposers",
      shared("proposer.pub.json"),
      "--out",
      join(dir, "fifth-party-genesis.json"),
      "--json",
    ]);
    expect((JSON.parse(b.stdout) as { hash: string }).hash).toBe(genesisHash);
    expect(readFileSync(join(dir, "fifth-party-genesis.json"))).toEqual(readFileSync(shared("genesis.json")));
    for (const org of ORGS) copyFileSync(shared("genesis.json"), join(home(org), "genesis.json"));
    const v = await pbft(["genesis", "verify", join(home("acme"), "genesis.json"), "--hash", genesisHash]);
    expect(v.code).toBe(0);
    const wrong = await pbft(["genesis", "verify", shared("genesis.json"), "--hash", "0".repeat(64)]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("is not the expected");
  }, 60_000);

  it("a member holding another genesis is refused by the others, and the cluster goes on without it", async () => {
    // Same members, same cluster id, one parameter changed: only the genesis hash tells them apart.
    const other = join(dir, "other-genesis.json");
    const params = join(dir, "params.json");
    writeFileSync(params, JSON.stringify({ requestTimeoutMs: 700 }));
    const clusterId = (JSON.parse(readFileSync(shared("genesis.json"), "utf8")) as { clusterId: string })
      .clusterId;
    const o = await pbft([
      "genesis",
      "create",
      "--members",
      ...ORGS.map((_, i) => shared(`card-${i}.json`)),
      "--proposers",
      shared("proposer.pub.json"),
      "--params",
      params,
      "--cluster-id",
      clusterId,
      "--out",
      other,
    ]);
    expect(o.code).toBe(0);
    for (const org of ORGS.slice(0, 3)) start(org, join(home(org), "genesis.json"));
    start("umbrella", other);
    await Promise.all(
      ORGS.map((_, i) =>
        until(
          async () => (JSON.parse(await get(i, "/healthz")) as { ok: boolean }).ok,
          30_000,
          `${ORGS[i]} up`,
        ),
      ),
    );
    await submit("decided by three of four");
    await until(
      async () =>
        /pbft_security_events_total\{event="genesis-mismatch"[^}]*\} [1-9]/.test(await get(0, "/metrics")),
      15_000,
      "acme counts a genesis mismatch",
    );
    expect(readFileSync(join(home("acme"), "node.log"), "utf8")).toMatch(
      /"event":"genesis-mismatch".*"memberName":"umbrella"/,
    );
    expect(await height(3)).toBe(0);
    expect(await height(0)).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("a node whose keys are not in the genesis does not start", async () => {
    const r = await pbft([
      "member",
      "init",
      "--home",
      home("intruder"),
      "--name",
      "intruder",
      "--addr",
      `127.0.0.1:${localPorts(ports.base, 4).replica}`,
    ]);
    expect(r.code).toBe(0);
    const s = await pbft(["node", "start", "--home", home("intruder"), "--genesis", shared("genesis.json")]);
    expect(s.code).toBe(6);
    expect(s.stderr).toContain("is not a member of the genesis");
  }, 60_000);

  it("with the agreed genesis the fourth member joins, catches up, and every ledger verifies against it", async () => {
    await stop("umbrella");
    // A hand-made cluster.json (no proofs) naming umbrella's peer id with the intruder's vote key: umbrella's
    // own token holds another key, so umbrella refuses to start with it.
    const g = JSON.parse(readFileSync(shared("genesis.json"), "utf8")) as {
      format?: string;
      members: { votePublicKey: string; proofs?: unknown }[];
    };
    const intruderKey = (
      JSON.parse(readFileSync(join(home("intruder"), "member-card.json"), "utf8")) as {
        votePublicKey: string;
      }
    ).votePublicKey;
    delete g.format;
    g.members = g.members.map(({ proofs: _p, ...m }, i) =>
      i === 3 ? { ...m, votePublicKey: intruderKey } : m,
    );
    const forged = join(dir, "forged-cluster.json");
    writeFileSync(forged, JSON.stringify(g));
    const u = await pbft(["node", "start", "--home", home("umbrella"), "--genesis", forged]);
    expect(u.code).not.toBe(0);
    expect(u.stdout + u.stderr).toContain("this node's vote public key");
    expect(u.stdout + u.stderr).toContain("is not in the genesis");
    for (const f of ["data", "guard.log", "node.pid"])
      rmSync(join(home("umbrella"), f), { recursive: true, force: true });
    start("umbrella", join(home("umbrella"), "genesis.json"));
    await until(
      async () => (JSON.parse(await get(3, "/healthz")) as { ok: boolean }).ok,
      30_000,
      "umbrella up",
    );
    await submit("decided by all four");
    await until(async () => (await height(3)) >= 2, 30_000, "umbrella caught up");
    await Promise.all(ORGS.map(stop));
    for (const org of ORGS) {
      const v = await pbft([
        "ledger",
        "verify",
        "--data",
        join(home(org), "data"),
        "--cluster",
        shared("genesis.json"),
      ]);
      expect(v.stderr, org).toBe("");
      expect(v.code, org).toBe(0);
    }
  }, 120_000);
});
