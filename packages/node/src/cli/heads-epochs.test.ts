// `pbft ledger head|prove|consistency|verify --min-head` and `pbft receipt verify` across six configuration
// changes, with nothing but the genesis and a data dir or an export (no node): the export's epoch hops reach
// the members of the last epoch; an export without them is followed by replaying it. Runs the built CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft as proto } from "@pbft/consensus";
import {
  assembleReceipt,
  buildReply,
  ConfigWorld,
  exportLedgerToFile,
  ledgerThroughEpochs,
  MemoryLedger,
} from "@pbft/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { type CliRun, runCli } from "../testing/run-cli.js";

const root = mkdtempSync(join(tmpdir(), "heads-epochs-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pbft(...args: string[]): Promise<CliRun> {
  return runCli([...args, "--cluster", join(root, "cluster.json")]);
}

const data = join(root, "data");
const a = await ledgerThroughEpochs(data);
const genesis = a.world.genesis;
writeFileSync(join(root, "cluster.json"), JSON.stringify(genesis, null, 2));
const exported = join(root, "x.ndjson");
await exportLedgerToFile(a.ledger, exported);
const firstBoundary = a.ledger.epochs()[1]!.startHeight - 1;
const lastStart = a.ledger.epochs().at(-1)!.startHeight;
await a.ledger.close();
const lines = readFileSync(exported, "utf8").trimEnd().split("\n");
const old = join(root, "old.ndjson");
writeFileSync(old, `${lines.filter((l) => !l.startsWith('{"epochHop":')).join("\n")}\n`);
const file = (name: string, value: unknown) => {
  const path = join(root, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
};

describe("heads and proofs of the last epoch from a data dir or an export, offline", () => {
  it("ledger head verifies the epoch-6 head from the export's hops, the data dir's, and by replay", async () => {
    for (const source of [
      ["--export", exported],
      ["--data", data],
    ]) {
      const r = await pbft("ledger", "head", ...source, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ epoch: 6, height: a.heads.at(-1)!.height });
    }
    const replayed = await pbft("ledger", "head", "--export", old);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout.trim()).toBe(`${a.heads.at(-1)!.height}:${a.heads.at(-1)!.entryHash}`);
    expect(replayed.stderr).toMatch(/reach epoch 0, the head is of epoch 6: .* verifying it whole/);
  });

  it("ledger prove and consistency give proofs that check with the export, and not with the genesis alone", async () => {
    const proofFile = join(root, "inclusion.json");
    const prove = await pbft(
      "ledger",
      "prove",
      "--export",
      exported,
      "--height",
      String(lastStart),
      "--out",
      proofFile,
    );
    expect(prove.code, prove.stderr).toBe(0);
    const check = await pbft("ledger", "prove", "--check", proofFile, "--export", exported);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`proof OK: entry ${lastStart}`));
    const alone = await pbft("ledger", "prove", "--check", proofFile);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/unknown-epoch|epoch 6/);
    const from = a.heads.find((h) => h.epoch === 2)!.height;
    const cons = await pbft("ledger", "consistency", "--data", data, "--from", String(from));
    expect(cons.code, cons.stderr).toBe(0);
    expect(cons.stdout).toMatch(/"format": "pbft-consistency-proof\/1"/);
  });

  it("ledger verify reports the history followed, and --min-head FILE of epoch 5 passes, catches a cut and a bad head", async () => {
    const held = a.heads.find((h) => h.epoch === 5)!;
    const heldFile = file("held.json", held);
    const ok = await pbft("ledger", "verify", "--export", exported, "--min-head", heldFile);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(
      /6 change\(s\), epoch 6 in force; the source vouches for 6 of its 6 boundaries/,
    );
    expect(ok.stdout).toMatch(new RegExp(`reaches and agrees with the head you hold: ${held.height}:`));
    // cut before the held head (its head line dropped, an end line forged to match)
    const keep = lines.findIndex((l) => l.startsWith(`{"height":${held.height - 1},`));
    const prev = JSON.parse(readFileSync(exported, "utf8").split("\n")[keep]!) as { value: string };
    const { decodeEntry } = await import("@pbft/ledger");
    const e = decodeEntry(genesis.clusterId, Buffer.from(prev.value, "hex"));
    if (typeof e === "string") throw new Error(e);
    const cut = file(
      "cut.ndjson",
      `${[...lines.slice(0, keep + 1), JSON.stringify({ end: true, count: held.height - 1, headHash: Buffer.from(e.entryHash).toString("hex") })].join("\n")}\n`,
    );
    const truncated = await pbft("ledger", "verify", "--export", cut, "--min-head", heldFile);
    expect(truncated.code).toBe(2);
    expect(truncated.stdout).toMatch(/before the head you hold \(--min-head\) at height \d+: truncated/);
    const bad = file("bad.json", { ...held, signatures: held.signatures.slice(0, 1) });
    const refused = await pbft("ledger", "verify", "--export", exported, "--min-head", bad);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/head you hold \(--min-head\) does not verify: .*too-few-signers/);
  });
});

describe("a reader edition at a head of the last epoch", () => {
  it("verify-reader checks its head with the export's epoch hops", async () => {
    const edition = join(root, "edition.md");
    const built = await pbft("ledger", "reader", "--export", exported, "--out", edition);
    expect(built.code, built.stderr).toBe(0);
    expect(readFileSync(edition, "utf8")).toMatch(/epoch 6/);
    const ok = await pbft("ledger", "verify-reader", "--edition", edition, "--export", exported);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/reader edition OK/);
  });
});

describe("receipt verify with an export as the epoch proof", () => {
  it("refuses an epoch-0 receipt past the first boundary that the genesis alone lets pass", async () => {
    let mem: MemoryLedger | undefined;
    const c = new ConfigWorld((b) => mem!.executeMany(b));
    mem = MemoryLedger.create(c.genesis);
    let out: Awaited<ReturnType<typeof c.submit>>["out"] | undefined;
    while (c.height <= firstBoundary + 2)
      out = (await c.submit({ id: c.nextId(), type: "decision", title: "x", content: {}, source: "s" })).out;
    const atts = c.vouch(c.epoch, out!.entry.height, out!.entryHash, "attestation", 2);
    const receipt = assembleReceipt(
      out!.entry.batch.requests[0]!,
      atts.map((x) => buildReply(out!.entry, 0, x)),
    );
    const receiptFile = file("receipt.json", {
      receipt: Buffer.from(proto.Receipt.encode(receipt).finish()).toString("base64"),
    });
    const alone = await pbft("receipt", "verify", "--receipt", receiptFile);
    expect(alone.code, alone.stderr).toBe(0);
    const withExport = await pbft("receipt", "verify", "--receipt", receiptFile, "--epoch-proof", exported);
    expect(withExport.code).toBe(2);
    expect(withExport.stderr).toMatch(/is not in epoch 0/);
  });
});
