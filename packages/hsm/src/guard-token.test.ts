// The deferred signer with a real token (SoftHSM2), and killed with SIGKILL around its commit.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { HsmError } from "./errors.js";
import { DoubleSignGuard } from "./guard.js";
import { slot } from "./guard-testing.js";
import { createDeferredVoteSigner } from "./signer.js";
import { makeTokenFixture, type TokenFixture } from "./testing-fixture.js";
import { HsmToken } from "./token.js";
import { ed25519Verify } from "./verify.js";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** Runs `script` as an ES module in a child; SIGKILLs it as soon as it prints "kill me". */
function child(
  script: string,
  env: Record<string, string>,
): Promise<{ out: string; signal: string | null; code: number | null }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("kill me")) p.kill("SIGKILL");
    });
    p.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    p.on("exit", (code, signal) => resolve({ out, signal, code }));
  });
}

describe("the deferred signer with the token", () => {
  let fx: TokenFixture;
  beforeAll(() => {
    fx = makeTokenFixture();
  });

  /** The child's preamble: the token, a deferred signer over the guard at `guardPath`, `hook` as afterPersist. */
  const preamble = (guardPath: string, hook = "undefined") => `
    import { DoubleSignGuard, HsmToken, createDeferredVoteSigner, readPin } from ${JSON.stringify(dist)};
    const token = HsmToken.open({ tokenLabel: ${JSON.stringify(fx.tokenLabel)}, pin: readPin({ envVar: "TEST_PIN" }) });
    const block = new Int32Array(new SharedArrayBuffer(4));
    const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)}, { afterPersist: ${hook} });
    const signer = createDeferredVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
    const slot = { kind: "commit", view: 3, seq: 42 };
    const te = new TextEncoder();`;

  const restart = (guardPath: string) =>
    child(
      `${preamble(guardPath)}
      const attempt = (name, payload) => {
        try { console.log(name, "signed:", signer.sign(te.encode(payload), slot).length); } catch (e) { console.log(name, "refused:", e.code); }
      };
      attempt("conflict", "payload B");
      attempt("identical", "payload A");
      await signer.commitVotes();
      signer.close();`,
      { TEST_PIN: fx.pin },
    );

  it("killed after the commit made the vote durable: the restarted signer refuses the conflict", async () => {
    const guardPath = join(fx.dir, "guard-committed.log");
    const first = await child(
      `${preamble(guardPath, `() => { process.stdout.write("kill me\\n"); Atomics.wait(block, 0, 0, 30000); }`)}
      signer.sign(te.encode("payload A"), slot);
      await signer.commitVotes();
      process.stdout.write("released\\n");`,
      { TEST_PIN: fx.pin },
    );
    expect(first.signal).toBe("SIGKILL");
    expect(first.out).not.toContain("released");
    const second = await restart(guardPath);
    expect(second.code).toBe(0);
    expect(second.out).toContain("conflict refused: guard-refused");
    expect(second.out).toContain("identical signed: 64");
    expect(first.out + second.out).not.toContain(fx.pin);
  });

  it("killed after signing, before the commit: nothing was released, so another payload may be signed", async () => {
    const guardPath = join(fx.dir, "guard-uncommitted.log");
    const first = await child(
      `${preamble(guardPath)}
      signer.sign(te.encode("payload B"), slot);
      console.log("pending:", signer.pendingVotes());
      process.stdout.write("kill me\\n");
      Atomics.wait(block, 0, 0, 30000);`,
      { TEST_PIN: fx.pin },
    );
    expect(first.signal).toBe("SIGKILL");
    expect(first.out).toContain("pending: 1");
    const second = await restart(guardPath);
    expect(second.code).toBe(0);
    expect(second.out).toContain("conflict signed: 64"); // payload B: its first signature never left
    expect(second.out).toContain("identical refused: guard-refused"); // payload A now conflicts with B
  });

  it("signatures verify; a conflict is refused before the token signs; the commit clears the pending votes", async () => {
    const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    const guard = DoubleSignGuard.open(join(fx.dir, "guard-verify.log"));
    const signer = createDeferredVoteSigner({ token, keyLabel: fx.keyLabel, guard });
    const bytes = (s: string) => new TextEncoder().encode(s);
    const a = signer.sign(bytes("c1"), slot("commit", 1, 1));
    expect(ed25519Verify(signer.publicKey, bytes("c1"), a)).toBe(true);
    expect(signer.sign(bytes("c1"), slot("commit", 1, 1))).toEqual(a); // Ed25519 is deterministic
    expect(() => signer.sign(bytes("c1'"), slot("commit", 1, 1))).toThrow(HsmError);
    expect(signer.pendingVotes()).toBe(1);
    await signer.commitVotes();
    expect(signer.pendingVotes()).toBe(0);
    expect(guard.recordCount()).toBe(1);
    signer.close();
  });
});
