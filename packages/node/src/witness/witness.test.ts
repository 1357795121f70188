// The witness against nodes played by a table of answers: histories of synthetic entry hashes, heads signed
// with real Ed25519 member keys. Honest nodes at different heights raise nothing; a doctored head, a node
// going back to an older head, and a validly signed head of another history each raise their alarm.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consistencyProof, historyLeaf, merkleRoot, sha256, toHex } from "@pbft/consensus";
import { headFromProof, type SignedHead } from "@pbft/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { headKeys } from "../testing/head-keys.js";
import { type JsonGet, Witness } from "./witness.js";

const { cluster, proof } = headKeys("w");

/** A history: entry hashes 1..n, salted so that two salts fork after `common` entries. */
function history(n: number, salt: string, common = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => sha256(Buffer.from(`${i < common ? "common" : salt}/${i}`)));
}

function headOf(entries: Uint8Array[], height: number): SignedHead {
  const root = merkleRoot(entries.slice(0, height).map(historyLeaf));
  return headFromProof("w", proof(height, entries[height - 1]!, root))!;
}

/** A node serving `head` and consistency paths over `entries`. */
function node(entries: Uint8Array[], head: () => unknown): (path: string) => unknown | null {
  return (path) => {
    if (path === "/heads/latest") return head();
    const q = /from=(\d+)&to=(\d+)/.exec(path);
    if (q === null) return null;
    const [from, to] = [Number(q[1]), Number(q[2])];
    if (to > entries.length) return null;
    return { from, to, path: consistencyProof(entries.map(historyLeaf), from, to).map(toHex) };
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function witnessOf(nodes: Record<string, (path: string) => unknown | null>, dir?: string): Witness {
  const d = dir ?? mkdtempSync(join(tmpdir(), "witness-"));
  dirs.push(d);
  const get: JsonGet = async (url) => {
    const u = new URL(url);
    return nodes[u.host]?.(u.pathname + u.search) ?? null;
  };
  return new Witness({ cluster, nodes: Object.keys(nodes).map((h) => `http://${h}`), dir: d, get });
}

describe("witness", () => {
  const honest = history(40, "honest");

  it("honest nodes at different heights, over several polls: no alarm; heads kept on disk", async () => {
    let height = 8;
    const nodes = {
      a: node(honest, () => headOf(honest, height)),
      b: node(honest, () => headOf(honest, Math.max(8, height - 8))),
    };
    const w = witnessOf(nodes);
    for (; height <= 32; height += 8) expect((await w.pollOnce()).alarms).toEqual([]);
    expect(w.heads().map((h) => h.height)).toEqual([8, 16, 24, 32]);
  });

  it("a doctored head, a rollback and a validly signed fork each raise their alarm", async () => {
    let served = 16;
    const forked = history(40, "fork", 12);
    const nodes = {
      a: node(honest, () => headOf(honest, 24)),
      liar: node(honest, () => ({ ...headOf(honest, 24), treeRoot: "00".repeat(32) })),
      back: node(honest, () => headOf(honest, served)),
      fork: node(forked, () => headOf(forked, 32)),
    };
    const w = witnessOf(nodes);
    const first = await w.pollOnce();
    expect(first.alarms.map((a) => [a.kind, a.node])).toEqual([
      ["bad-head", "http://liar"],
      ["fork", "http://fork"],
    ]);
    expect(first.alarms[0]!.message).toMatch(/fields-mismatch|says otherwise/);
    served = 8;
    const second = await w.pollOnce();
    expect(second.alarms.map((a) => a.kind)).toContain("rollback");
    expect(second.alarms.find((a) => a.kind === "rollback")!.message).toMatch(/served head 8 after head 16/);
  });

  it("a fork at a height already held is caught without any path, and survives a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "witness-"));
    const first = witnessOf({ a: node(honest, () => headOf(honest, 16)) }, dir);
    expect((await first.pollOnce()).alarms).toEqual([]);
    const forked = history(40, "fork", 4);
    const again = witnessOf({ b: node(forked, () => headOf(forked, 16)) }, dir);
    const r = await again.pollOnce();
    expect(r.alarms.map((a) => a.kind)).toEqual(["fork"]);
    expect(r.alarms[0]!.message).toMatch(/two validly signed heads at height 16/);
  });
});
