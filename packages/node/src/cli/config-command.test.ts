// `pbft config propose|approve|show` and `pbft member rotate` as processes (SoftHSM binds a process to one
// token directory), on a testnet's real homes and tokens, against a stand-in node that serves /config (no
// cluster runs here: what a running cluster does with the change is the reconfiguration integration test's).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ed25519Verify } from "@pbft/hsm";
import { configChangeHash, rotationSigningBytes } from "@pbft/ledger";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MemberCard } from "../ceremony/card.js";
import { networkFromHostPorts } from "../ceremony/member-init.js";
import type { ConfigView, PendingChange } from "../reconfig/node-api.js";
import { CLI_PATH } from "../testing/local-cluster.js";
import { type PortBlock, reservePortBlock } from "../testing/port-block.js";
import { createTestnet, type Testnet, withoutSoftHsmConf } from "../testnet.js";
import { EXIT } from "./common.js";

const run = promisify(execFile);
let dir: string;
let tn: Testnet;
let ports: PortBlock;
let server: Server;
let nodeAddress: string;
let newCard: string;
const changes = new Map<string, PendingChange>();

async function pbft(...args: string[]) {
  const env = withoutSoftHsmConf();
  delete env.PBFT_HSM_PIN;
  try {
    const r = await run(process.execPath, [CLI_PATH, ...args], { env, timeout: 60_000, cwd: dir });
    return { ...r, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: err.stdout ?? "", stderr: err.stderr ?? "", code: err.code ?? -1 };
  }
}

function view(): ConfigView {
  return {
    current: {
      epoch: 3,
      startHeight: 129,
      configHash: "ab".repeat(32),
      change: "01J0000000000000000000000A",
      config: tn.cluster,
    },
    quorum: 3,
    changes: [...changes.values()],
    height: 140,
  };
}

// Each case spawns several CLI processes (SoftHSM, libp2p): slow on a loaded machine.
vi.setConfig({ testTimeout: 240_000 });

describe("pbft config and member rotate", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pbft-config-cli-"));
    ports = await reservePortBlock(5);
    tn = await createTestnet({
      out: join(dir, "testnet"),
      nodes: 4,
      basePort: ports.base,
      proposers: 1,
      force: false,
      cliPath: CLI_PATH,
    });
    // A fifth organisation's card, made as it would make it.
    const net = networkFromHostPorts([`127.0.0.1:${ports.base + 40}`]);
    const init = await pbft(
      "member",
      "init",
      "--home",
      join(dir, "org5"),
      "--name",
      "org5",
      "--network",
      JSON.stringify(net),
      "--json",
    );
    expect(init.code, init.stderr).toBe(0);
    newCard = join(dir, "org5", "member-card.json");
    server = createServer((req, res) => {
      const url = req.url ?? "/";
      const m = /^\/config\/changes\/([^/?]+)/.exec(url);
      if (url.startsWith("/config") && !m) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            url.includes("history=1")
              ? {
                  ...view(),
                  history: [{ epoch: 0, startHeight: 1, configHash: "cd".repeat(32), config: tn.cluster }],
                }
              : view(),
          ),
        );
        return;
      }
      const c = m ? changes.get(decodeURIComponent(m[1]!)) : undefined;
      res.writeHead(c ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(c ?? { error: "no such change" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const a = server.address();
    nodeAddress = `127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  }, 180_000);

  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    ports?.release();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ["--testnet", tn.dir, "--node", nodeAddress];

  it("propose --dry-run: the operations from flags, the epoch in force asked of a node", async () => {
    const r = await pbft(
      "config",
      "propose",
      ...base(),
      "--dry-run",
      "--json",
      "--add-member",
      newCard,
      "--remove-member",
      "node3",
      "--remove-proposer",
      tn.cluster.proposers[0]!.publicKey,
      "--set",
      "checkpointInterval=64",
      "--reason",
      "org5 joins, node3 leaves",
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const out = JSON.parse(r.stdout) as {
      change: Parameters<typeof configChangeHash>[0];
      changeHash: string;
    };
    expect(out.change).toMatchObject({ kind: "config-change", epoch: 3, reason: "org5 joins, node3 leaves" });
    expect(out.change.operations.map((o) => o.op)).toEqual([
      "add-member",
      "remove-member",
      "remove-proposer",
      "set-parameters",
    ]);
    expect(out.change.operations[3]).toEqual({
      op: "set-parameters",
      parameters: { checkpointInterval: 64 },
    });
    expect(out.changeHash).toBe(configChangeHash(out.change));
  });

  it("propose: bad input is refused before anything is sent, with the exit code of its kind", async () => {
    const cases: [string[], number, RegExp][] = [
      [["--reason", "x"], EXIT.usage, /name at least one operation/],
      [["--remove-member", "node1"], EXIT.usage, /needs --reason/],
      [["--set", "noSuchParam=3", "--reason", "x"], EXIT.usage, /unknown protocol parameter "noSuchParam"/],
      [["--set", "checkpointInterval=abc", "--reason", "x"], EXIT.usage, /--set expects name=number/],
      [
        ["--add-member", join(dir, "missing.json"), "--reason", "x"],
        EXIT["not-found"],
        /cannot read the member card/,
      ],
      [["--rotate-member", newCard, "--reason", "x"], EXIT.usage, /give the member's --home/],
      [["--remove-proposer", "not-a-key", "--reason", "x"], EXIT["not-found"], /neither a public key/],
      [
        ["--file", newCard, "--remove-member", "node1", "--reason", "x"],
        EXIT.usage,
        /--file holds the whole change/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = await pbft("config", "propose", ...base(), "--dry-run", ...args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    // A card changed after it was signed: its proofs no longer verify.
    const card = JSON.parse(readFileSync(newCard, "utf8")) as MemberCard;
    const tampered = join(dir, "tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...card, addresses: ["/ip4/10.0.0.9/tcp/7000"] }));
    const r = await pbft(
      "config",
      "propose",
      ...base(),
      "--dry-run",
      "--add-member",
      tampered,
      "--reason",
      "x",
    );
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/proof of possession does not verify/);
  });

  it("member rotate: a new key in a fresh token, a card proved by it, the rotation signed by the current key", async () => {
    const home = tn.nodeHomes[1]!;
    const r = await pbft("member", "rotate", "--home", home, "--node", nodeAddress, "--json");
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const out = JSON.parse(r.stdout) as {
      newKey: string;
      previousKey: string;
      tokenLabel: string;
      rotationPath: string;
    };
    expect(out.previousKey).toBe(tn.cluster.members[1]!.votePublicKey);
    expect(out.newKey).not.toBe(out.previousKey);
    expect(out.tokenLabel).toBe("node1-r1");
    const rotation = JSON.parse(readFileSync(out.rotationPath, "utf8")) as {
      op: string;
      name: string;
      card: MemberCard;
      rotationSignature: string;
    };
    expect(rotation).toMatchObject({ op: "rotate-member", name: "node1" });
    expect(rotation.card.votePublicKey).toBe(out.newKey);
    expect(rotation.card.peerId).toBe(tn.cluster.members[1]!.peerId);
    const bytes = rotationSigningBytes(tn.cluster.clusterId, rotation.card);
    expect(
      ed25519Verify(
        Buffer.from(out.previousKey, "hex"),
        bytes,
        Buffer.from(rotation.rotationSignature, "hex"),
      ),
    ).toBe(true);
    expect(
      ed25519Verify(Buffer.from(out.newKey, "hex"), bytes, Buffer.from(rotation.rotationSignature, "hex")),
    ).toBe(false);
    const nodeJson = JSON.parse(readFileSync(join(home, "node.json"), "utf8")) as {
      hsm: { tokenLabel: string; rotations: unknown[] };
    };
    expect(nodeJson.hsm.tokenLabel).toBe("node1"); // the key in force stays until the change applies
    expect(nodeJson.hsm.rotations).toEqual([
      { tokenLabel: "node1-r1", keyLabel: "vote", publicKey: out.newKey },
    ]);
    // The rotation file is what propose takes; a card alone is signed with --home's current key.
    const p = await pbft(
      "config",
      "propose",
      ...base(),
      "--dry-run",
      "--json",
      "--rotate-member",
      out.rotationPath,
      "--reason",
      "routine rotation",
    );
    expect(p.code, p.stderr).toBe(EXIT.ok);
    expect((JSON.parse(p.stdout) as { change: { operations: unknown[] } }).change.operations).toEqual([
      rotation,
    ]);
    const cardPath = out.rotationPath.replace("rotation-r1", "member-card-r1");
    const q = await pbft(
      "config",
      "propose",
      ...base(),
      "--dry-run",
      "--json",
      "--home",
      home,
      "--rotate-member",
      cardPath,
      "--reason",
      "routine rotation",
    );
    expect(q.code, q.stderr).toBe(EXIT.ok);
    const op = (JSON.parse(q.stdout) as { change: { operations: { rotationSignature: string }[] } }).change
      .operations[0]!;
    expect(
      ed25519Verify(Buffer.from(out.previousKey, "hex"), bytes, Buffer.from(op.rotationSignature, "hex")),
    ).toBe(true);
  });

  it("approve: fetches the change, checks the node's hash claim, refuses a non-member, reports an unreachable cluster", async () => {
    const change = {
      kind: "config-change" as const,
      id: "01J9Z8X7W6V5T4S3R2Q1P0N9M8",
      epoch: 3,
      reason: "remove node3",
      operations: [{ op: "remove-member" as const, name: "node3" }],
    };
    const missing = await pbft(
      "config",
      "approve",
      ...base(),
      "--home",
      tn.nodeHomes[0]!,
      "01J9Z8X7W6V5T4S3R2Q1P0N9M7",
      "--json",
    );
    expect(missing.code).toBe(EXIT["not-found"]);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      error: { code: "not-found", message: "no such change" },
    });
    changes.set(change.id, {
      id: change.id,
      changeHash: "00".repeat(32),
      height: 141,
      change,
      approvals: [],
      status: "pending",
    });
    const lying = await pbft("config", "approve", ...base(), "--home", tn.nodeHomes[0]!, change.id);
    expect(lying.code).toBe(EXIT["verification-failed"]);
    expect(lying.stderr).toMatch(/hashes to/);
    changes.set(change.id, {
      id: change.id,
      changeHash: configChangeHash(change),
      height: 141,
      change,
      approvals: [],
      status: "pending",
    });
    const outsider = await pbft(
      "config",
      "approve",
      ...base(),
      "--cluster",
      join(tn.dir, "cluster.json"),
      "--home",
      join(dir, "org5"),
      change.id,
    );
    expect(outsider.code).toBe(EXIT.refused);
    expect(outsider.stderr).toMatch(/only members approve/);
    // A member's approval, signed in its token; no node runs, so the cluster cannot be reached.
    const r = await pbft(
      "config",
      "approve",
      ...base(),
      "--home",
      tn.nodeHomes[0]!,
      change.id,
      "--timeout",
      "1500ms",
    );
    expect(r.code).toBe(EXIT.unreachable);
    expect(r.stderr).toMatch(/approving change .* as node0/);
    // No reply, but the ledger records node0's approval (an earlier attempt's): done, exit 0. A change
    // closed without it: refused. What settles it is the node's record of the change, not a reply.
    const recordedAs = async (approvals: string[], status: string) => {
      changes.set(change.id, { ...changes.get(change.id)!, approvals, status });
      return pbft(
        "config",
        "approve",
        ...base(),
        "--home",
        tn.nodeHomes[0]!,
        change.id,
        "--timeout",
        "1500ms",
        "--json",
      );
    };
    const earlier = await recordedAs(["node1", "node0"], "pending");
    expect(earlier.code, earlier.stderr + earlier.stdout).toBe(EXIT.ok);
    expect(JSON.parse(earlier.stdout)).toMatchObject({
      member: "node0",
      decision: "unknown",
      recorded: true,
      recordedBy: "earlier",
      approvals: ["node1", "node0"],
    });
    const closed = await recordedAs(["node1", "node2", "node3"], "applied");
    expect(closed.code, closed.stderr).toBe(EXIT.refused);
    expect(JSON.parse(closed.stdout)).toMatchObject({
      recorded: false,
      reason: "change-not-pending",
      status: "applied",
    });
    changes.set(change.id, { ...changes.get(change.id)!, approvals: [], status: "pending" });
    const bad = await pbft("config", "approve", ...base(), "--home", tn.nodeHomes[0]!, "not-an-id");
    expect(bad.code).toBe(EXIT.usage);
  });

  it("show: the configuration in force, pending changes and the history, as text and JSON", async () => {
    const t = await pbft("config", "show", ...base(), "--history");
    expect(t.code, t.stderr).toBe(EXIT.ok);
    expect(t.stdout).toMatch(/^epoch 3 \(from height 129\)/);
    expect(t.stdout).toMatch(/member 0 node0/);
    expect(t.stdout).toMatch(/change 01J9Z8X7W6V5T4S3R2Q1P0N9M8 pending \(height 141, 0\/3 approvals\)/);
    expect(t.stdout).toMatch(/history: epoch 0 from height 1, 4 members \(genesis\)/);
    const j = await pbft("config", "show", ...base(), "--json");
    expect(JSON.parse(j.stdout)).toMatchObject({ current: { epoch: 3 }, quorum: 3 });
    const none = await pbft(
      "config",
      "show",
      "--testnet",
      tn.dir,
      "--node",
      "127.0.0.1:1",
      "--timeout",
      "1s",
    );
    expect(none.code).toBe(EXIT.unreachable);
  });
});
