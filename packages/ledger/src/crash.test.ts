import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const ROUNDS = 50;
const root = mkdtempSync(join(tmpdir(), "ledger-crash-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const child = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** Runs the child until it has reported `after` heights plus a random delay, then SIGKILLs it. */
function runAndKill(
  dir: string,
  after: number,
  delayMs: number,
): Promise<{ reported: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", child, dir], { stdio: ["ignore", "pipe", "pipe"] });
    let reported = 0;
    let seen = 0;
    let buf = "";
    let stderr = "";
    let armed = false;
    p.stdout.setEncoding("utf8").on("data", (d: string) => {
      buf += d;
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      for (const line of parts) {
        reported = Math.max(reported, Number(line));
        seen++;
      }
      if (!armed && seen >= after) {
        armed = true;
        setTimeout(() => p.kill("SIGKILL"), delayMs);
      }
    });
    p.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    p.on("error", reject);
    p.on("exit", () => resolve({ reported, stderr }));
  });
}

describe("crash safety", () => {
  it(`SIGKILL at random moments, ${ROUNDS} rounds: every returned append survives and the ledger verifies`, async () => {
    const fx = makeFixture("crash-cluster", true);
    const dir = join(root, "data");
    let rnd = 12345;
    const next = () => {
      rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
      return rnd / 2 ** 31;
    };
    let lastHeight = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { reported, stderr } = await runAndKill(dir, 1 + Math.floor(next() * 5), Math.floor(next() * 25));
      expect(stderr).toBe("");
      const ledger = await Ledger.open(dir, fx.cluster);
      const head = ledger.head().height;
      await ledger.close();
      expect(head, `round ${round}`).toBeGreaterThanOrEqual(reported);
      expect(head).toBeGreaterThanOrEqual(lastHeight);
      expect(await verifyLedger(dir, fx.cluster), `round ${round}`).toMatchObject({ ok: true, height: head });
      lastHeight = head;
    }
    const result = await verifyLedger(dir, fx.cluster);
    expect(result).toMatchObject({ ok: true, height: lastHeight });
  }, 600_000); // ~1 s a round on a quiet machine; several times that on a loaded one
});
