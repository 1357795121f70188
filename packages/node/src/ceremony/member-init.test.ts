// `pbft member init` on bad input: a clear error, a usage or not-found exit code, and nothing changed (the
// home is not created, the organisation's token gets no key). Each run is its own process, as SoftHSM binds
// a process to one token directory.
import { execFile, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH } from "../testing/local-cluster.js";
import { withoutSoftHsmConf } from "../testnet.js";

const run = promisify(execFile);
let dir: string;
let orgConf: string;

async function init(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env = { ...withoutSoftHsmConf(), ...extraEnv };
  delete env.PBFT_HSM_PIN;
  Object.assign(env, extraEnv);
  try {
    const r = await run(process.execPath, [CLI_PATH, "member", "init", ...args], { env, timeout: 60_000 });
    return { ...r, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: err.stdout ?? "", stderr: err.stderr ?? "", code: err.code ?? -1 };
  }
}

function pinFile(name: string, pin: string): string {
  const f = join(dir, name);
  writeFileSync(f, `${pin}\n`, { mode: 0o600 });
  return f;
}

/** The objects in the organisation's token (pkcs11-tool is independent of our code); null without it. */
function tokenObjects(): string | null {
  try {
    return execFileSync(
      "pkcs11-tool",
      [
        "--module",
        "/usr/lib/softhsm/libsofthsm2.so",
        "--token-label",
        "org",
        "--login",
        "--pin",
        "5678",
        "-O",
      ],
      {
        env: { ...process.env, SOFTHSM2_CONF: orgConf },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
  } catch {
    return null;
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pbft-member-init-"));
  // An organisation's existing token, in its own SoftHSM configuration.
  mkdirSync(join(dir, "org-tokens"), { mode: 0o700 });
  orgConf = join(dir, "org-softhsm2.conf");
  writeFileSync(orgConf, `directories.tokendir = ${join(dir, "org-tokens")}\nobjectstore.backend = file\n`);
  execFileSync(
    "softhsm2-util",
    ["--init-token", "--free", "--label", "org", "--so-pin", "1234", "--pin", "5678"],
    {
      env: { ...process.env, SOFTHSM2_CONF: orgConf },
      stdio: "ignore",
    },
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pbft member init refuses bad input and changes nothing", () => {
  it("a module path that is not a PKCS#11 module", async () => {
    const notAModule = join(dir, "not-a-module.so");
    writeFileSync(notAModule, "hello");
    const r = await init(["--home", join(dir, "m1"), "--name", "m1", "--pkcs11-module", notAModule]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("is not a loadable PKCS#11 module");
    expect(existsSync(join(dir, "m1"))).toBe(false);
    const missing = await init([
      "--home",
      join(dir, "m1"),
      "--name",
      "m1",
      "--pkcs11-module",
      join(dir, "nope.so"),
    ]);
    expect(missing.code).toBe(6);
    expect(missing.stderr).toContain("does not exist");
  });

  it("a wrong PIN, and a token label that does not exist", async () => {
    const before = tokenObjects();
    const env = { SOFTHSM2_CONF: orgConf };
    const wrong = await init(
      [
        "--home",
        join(dir, "m2"),
        "--name",
        "m2",
        "--token-label",
        "org",
        "--pin-file",
        pinFile("wrong.pin", "9999"),
      ],
      env,
    );
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toContain("the PIN is incorrect");
    expect(wrong.stderr).not.toContain("9999");
    const none = await init(
      [
        "--home",
        join(dir, "m2"),
        "--name",
        "m2",
        "--token-label",
        "nope",
        "--pin-file",
        pinFile("good.pin", "5678"),
      ],
      env,
    );
    expect(none.code).toBe(6);
    expect(none.stderr).toContain('no initialised token labelled "nope"');
    expect(existsSync(join(dir, "m2"))).toBe(false);
    expect(tokenObjects()).toBe(before);
  });

  it("an existing token with the right PIN gets the vote key; a home that has keys is never overwritten", async () => {
    const ok = await init(
      [
        "--home",
        join(dir, "m3"),
        "--name",
        "m3",
        "--token-label",
        "org",
        "--pin-file",
        join(dir, "good.pin"),
      ],
      { SOFTHSM2_CONF: orgConf },
    );
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const files = readdirSync(join(dir, "m3")).sort();
    expect(files).toEqual(["member-card.json", "node.json", "peer.key"]);
    const again = await init(["--home", join(dir, "m3"), "--name", "m3"]);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain("never overwrites");
    expect(readdirSync(join(dir, "m3")).sort()).toEqual(files);
  });

  it("--slot picks the token in that slot; a slot with no token is refused", async () => {
    const env = { ...process.env, SOFTHSM2_CONF: orgConf };
    const out = execFileSync(
      "softhsm2-util",
      ["--init-token", "--free", "--label", "org2", "--so-pin", "1234", "--pin", "5678"],
      { env, encoding: "utf8" },
    );
    const slot = /reassigned to slot (\d+)/.exec(out)?.[1];
    expect(slot).toBeDefined();
    const ok = await init(
      ["--home", join(dir, "m4"), "--name", "m4", "--slot", slot!, "--pin-file", join(dir, "good.pin")],
      { SOFTHSM2_CONF: orgConf },
    );
    expect(ok.stderr).toBe("");
    expect(readFileSync(join(dir, "m4", "node.json"), "utf8")).toContain('"tokenLabel": "org2"');
    const none = await init(
      ["--home", join(dir, "m5"), "--name", "m5", "--slot", "12345", "--pin-file", join(dir, "good.pin")],
      { SOFTHSM2_CONF: orgConf },
    );
    expect(none.code).toBe(6);
    expect(none.stderr).toContain("no initialised token in slot 12345");
    expect(existsSync(join(dir, "m5"))).toBe(false);
  });
});
