// Integration: the documents' commands run verbatim, in order, so the docs cannot drift from the product.
// scripts/demo.sh brings up a real local cluster (on a port block of its own, not the demo's fixed ports),
// then README.md's tour runs line by line from a directory that looks like the repository root (the
// `./pbft` launcher, `.pbft/testnet`, `deploy/`), then deploy/README.md's blocks marked for this test.
// Three substitutions only: `<record id>` becomes the proposalId of the last receipt printed, `<change id>`
// the id of the last configuration change proposed, and the demo's ports (7100-7199) become the same ports
// of this test's block.
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocCommand, placeholders, shellBlocks } from "../testing/doc-commands.js";
import { type PortBlock, reservePortBlock } from "../testing/port-block.js";

const REPO = resolve(fileURLToPath(new URL("../../../..", import.meta.url)));
const DEMO_BASE_PORT = 7100;
const COMMAND_TIMEOUT_MS = 120_000;

let root: string;
let ports: PortBlock;
const groups = new Set<number>();
let lastProposalId: string | undefined;
let lastChangeId: string | undefined;

interface Ran {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `text` with bash in `root`, in a process group of its own (a `&` job is stopped at the end). */
async function sh(text: string, env: NodeJS.ProcessEnv = {}, cwd = root): Promise<Ran> {
  const outFile = join(root, `.out-${groups.size}`);
  const fd = openSync(outFile, "w");
  let child: ChildProcess;
  try {
    child = spawn("bash", ["-c", `set -eo pipefail\n${text}`], {
      cwd,
      env: { ...baseEnv(), ...env },
      stdio: ["ignore", fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid !== undefined) groups.add(child.pid);
  const code = await new Promise<number | null>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      rej(new Error(`timed out after ${COMMAND_TIMEOUT_MS} ms: ${text}`));
    }, COMMAND_TIMEOUT_MS);
    child.once("exit", (c) => {
      clearTimeout(timer);
      res(c);
    });
  });
  return { code, output: readFileSync(outFile, "utf8") };
}

/** The environment of someone in a fresh shell: no testnet override, nothing from the test runner. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8" };
  return env;
}

/** The demo's ports mapped to this test's block. */
function withTestPorts(text: string): string {
  return text.replace(/\b(127\.0\.0\.1|localhost):(71\d\d)\b/g, (_m, host: string, port: string) => {
    return `${host}:${ports.base + Number(port) - DEMO_BASE_PORT}`;
  });
}

async function runCommand(c: DocCommand): Promise<void> {
  let text = withTestPorts(c.text);
  if (text.includes("<record id>")) {
    expect(lastProposalId, `${c.file}:${c.line} needs a record id from an earlier receipt`).toBeDefined();
    text = text.replaceAll("<record id>", lastProposalId!);
  }
  if (text.includes("<change id>")) {
    expect(
      lastChangeId,
      `${c.file}:${c.line} needs a change id from an earlier config propose`,
    ).toBeDefined();
    text = text.replaceAll("<change id>", lastChangeId!);
  }
  const left = placeholders(text);
  expect(left, `${c.file}:${c.line} has placeholders this test cannot fill: ${c.text}`).toEqual([]);
  const r = await sh(text);
  expect(r.code, `${c.file}:${c.line} exited ${r.code}: ${c.text}\n${r.output}`).toBe(0);
  const id = [...r.output.matchAll(/"proposalId":\s*"([^"]+)"/g)].pop()?.[1];
  if (id !== undefined) lastProposalId = id;
  if (/config propose/.test(text))
    lastChangeId = /"id":\s*"([0-9A-Z]{26})"/.exec(r.output)?.[1] ?? lastChangeId;
  await afterCommand(text);
}

/**
 * What a reader waits for before typing the next line, checked instead of assumed: a node started in the
 * background has its HTTP up and has caught up with the others.
 */
async function afterCommand(text: string): Promise<void> {
  const started = /node start --home (\S+).*&/.exec(text);
  if (!started) return;
  const cluster = JSON.parse(readFileSync(join(root, ".pbft/testnet/cluster.json"), "utf8")) as {
    members: { httpAddress: string; name: string }[];
  };
  const me = cluster.members.find((m) => started[1]!.endsWith(m.name))!;
  const height = async (address: string): Promise<number> =>
    ((await (await fetch(`http://${address}/status`)).json()) as { height: number }).height;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const target = await height(cluster.members[0]!.httpAddress);
      if ((await height(me.httpAddress)) >= target) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${me.name} did not come back and catch up within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function commandsOf(file: string, pick: (b: ReturnType<typeof shellBlocks>[number]) => boolean) {
  const text = readFileSync(join(REPO, file), "utf8");
  return shellBlocks(text, file)
    .filter(pick)
    .flatMap((b) => b.commands);
}

describe("the documents' commands, verbatim", () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "pbft-docs-"));
    ports = await reservePortBlock(4);
    // A stand-in for the repository root: its launcher (through the real one), and deploy/ for paths.
    writeFileSync(join(root, "pbft"), `#!/bin/sh\nexec ${JSON.stringify(join(REPO, "pbft"))} "$@"\n`, {
      mode: 0o755,
    });
    symlinkSync(join(REPO, "deploy"), join(root, "deploy"));
    symlinkSync(join(REPO, "packages"), join(root, "packages")); // the SDK's example script
    mkdirSync(join(root, ".pbft"));
    const demo = await sh(join(REPO, "scripts", "demo.sh"), {
      PBFT_SKIP_SETUP: "1",
      PBFT_TESTNET: join(root, ".pbft", "testnet"),
      PBFT_BASE_PORT: String(ports.base),
    });
    expect(demo.code, `scripts/demo.sh exited ${demo.code}:\n${demo.output}`).toBe(0);
    expect(demo.output).toMatch(/ACCEPTED {2}proposal/);
    expect(demo.output).toMatch(/receipt OK/);
    expect(demo.output.match(/ledger OK/g)).toHaveLength(4);
  }, 240_000);

  afterAll(async () => {
    if (root && existsSync(join(root, ".pbft", "testnet", "cluster.json")))
      await sh(`${JSON.stringify(join(REPO, "pbft"))} cluster down --testnet .pbft/testnet`).catch(
        () => undefined,
      );
    for (const pgid of groups) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (root) rmSync(root, { recursive: true, force: true });
    ports?.release();
  }, 60_000);

  it("deploy/README.md: the blocks marked for this test (no Docker), against the running cluster", async () => {
    const commands = commandsOf("deploy/README.md", (b) => b.marked);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const c of commands) await runCommand(c);
  }, 240_000);

  it("README.md: every command of the tour, in order", async () => {
    const commands = commandsOf("README.md", (b) => b.headings.includes("A short tour"));
    expect(commands.length).toBeGreaterThanOrEqual(12);
    for (const c of commands) await runCommand(c);
    // The tour ends with `cluster down`: no node of the testnet is left running.
    for (let i = 0; i < 4; i++) expect(existsSync(join(root, `.pbft/testnet/node${i}/node.pid`))).toBe(false);
    expect(readFileSync(join(root, "reader.html"), "utf8")).toContain("<html");
    expect(existsSync(join(root, "ledger.ndjson"))).toBe(true);
  }, 600_000);
});
