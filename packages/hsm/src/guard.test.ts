import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { VoteSlot } from "@pbft/consensus";
import { beforeAll, describe, expect, it } from "vitest";
import { HsmError } from "./errors.js";
import { DoubleSignGuard } from "./guard.js";
import { makeTokenFixture, type TokenFixture } from "./testing-fixture.js";

const digest = (s: string) => createHash("sha256").update(s).digest();
const tmp = () => join(mkdtempSync(join(tmpdir(), "pbft-guard-")), "guard.log");
const slot = (kind: VoteSlot["kind"], view: number, seq: number): VoteSlot => ({ kind, view, seq });

function refused(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    if (e instanceof HsmError && e.code === "guard-refused") return true;
    throw e;
  }
}

describe("double-sign guard", () => {
  it("refuses a different payload for a signed slot, allows the identical one, across a reopen", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("prepare", 1, 5), digest("a"));
    g.authorize(slot("prepare", 1, 5), digest("a"));
    expect(refused(() => g.authorize(slot("prepare", 1, 5), digest("b")))).toBe(true);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(refused(() => again.authorize(slot("prepare", 1, 5), digest("b")))).toBe(true);
    again.authorize(slot("prepare", 1, 5), digest("a"));
    again.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses lower views (the high-water mark) but allows seqs out of order within a view", () => {
    const g = DoubleSignGuard.open(tmp());
    g.authorize(slot("commit", 2, 6), digest("x"));
    g.authorize(slot("commit", 2, 5), digest("y")); // reordered delivery in the same view
    expect(refused(() => g.authorize(slot("commit", 1, 7), digest("z")))).toBe(true);
    g.authorize(slot("prepare", 1, 7), digest("z")); // marks are per kind
    g.authorize(slot("commit", 3, 5), digest("w")); // a new view may re-vote a seq
    expect(refused(() => g.authorize(slot("commit", 2, 9), digest("v")))).toBe(true);
    g.close();
  });

  it("checkpoints: one digest per seq, nothing at or below the floor, also after a reopen", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("checkpoint", 0, 64), digest("s64"));
    expect(refused(() => g.authorize(slot("checkpoint", 0, 64), digest("t64")))).toBe(true);
    g.advanceFloor(64);
    expect(refused(() => g.authorize(slot("checkpoint", 0, 64), digest("s64")))).toBe(true);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(refused(() => again.authorize(slot("checkpoint", 0, 32), digest("u")))).toBe(true);
    again.authorize(slot("checkpoint", 0, 128), digest("s128"));
    again.close();
  });

  it("a torn last record (kill -9 mid-write) is dropped; damage before the tail is refused as corrupt", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("prepare", 0, 1), digest("a"));
    g.authorize(slot("prepare", 0, 2), digest("b"));
    g.close();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, 64 + 30)); // second record half written
    const again = DoubleSignGuard.open(path);
    again.authorize(slot("prepare", 0, 2), digest("c")); // the torn vote was never released
    expect(refused(() => again.authorize(slot("prepare", 0, 1), digest("z")))).toBe(true);
    again.close();
    const damaged = readFileSync(path);
    damaged[10]! ^= 0xff;
    writeFileSync(path, Buffer.concat([damaged, damaged]));
    expect(() => DoubleSignGuard.open(path)).toThrow(/guard/);
  });
});

describe("double-sign guard with the token, killed with SIGKILL between persisting and returning", () => {
  let fx: TokenFixture;
  beforeAll(() => {
    fx = makeTokenFixture();
  });

  const here = dirname(fileURLToPath(import.meta.url));
  const dist = join(here, "..", "dist", "index.js");

  function child(
    script: string,
    env: Record<string, string>,
  ): Promise<{ out: string; signal: NodeJS.Signals | null; code: number | null; kill: () => void }> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      p.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("persisted")) p.kill("SIGKILL");
      });
      p.stderr.on("data", (d: Buffer) => {
        out += d.toString();
      });
      p.on("exit", (code, signal) => resolve({ out, signal, code, kill: () => p.kill("SIGKILL") }));
    });
  }

  it("the restarted signer still refuses the conflicting payload and signs the identical one", async () => {
    const guardPath = join(fx.dir, "guard.log");
    const common = `
      import { DoubleSignGuard, HsmToken, createVoteSigner, readPin } from ${JSON.stringify(dist)};
      const token = HsmToken.open({ tokenLabel: ${JSON.stringify(fx.tokenLabel)}, pin: readPin({ envVar: "TEST_PIN" }) });
      const slot = { kind: "commit", view: 3, seq: 42 };
      const te = new TextEncoder();`;
    const first = await child(
      `${common}
      const block = new Int32Array(new SharedArrayBuffer(4));
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)}, { afterPersist: () => { process.stdout.write("persisted\\n"); Atomics.wait(block, 0, 0, 30000); } });
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      signer.sign(te.encode("payload A"), slot);
      process.stdout.write("returned\\n");`,
      { TEST_PIN: fx.pin },
    );
    expect(first.signal).toBe("SIGKILL");
    expect(first.out).toContain("persisted");
    expect(first.out).not.toContain("returned");

    const second = await child(
      `${common}
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)});
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      try { signer.sign(te.encode("payload B"), slot); console.log("conflict signed"); } catch (e) { console.log("conflict refused:", e.code); }
      const sig = signer.sign(te.encode("payload A"), slot);
      console.log("identical signed:", sig.length);`,
      { TEST_PIN: fx.pin },
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain("conflict refused: guard-refused");
    expect(second.out).toContain("identical signed: 64");
    expect(first.out + second.out).not.toContain(fx.pin);
  });
});
