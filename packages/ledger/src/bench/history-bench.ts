// Benchmark (issue 20): does a node's memory or restart time grow with the ledger's history? Appends N
// entries of realistic proposals (several clients; records, amendments, withdrawals, a few duplicate
// requests and refusals) through the Ledger API, a group of entries per synced write as state transfer
// does, and prints at every tenth of N: RSS and heap in use after a full GC, the time to open the store
// again (the ledger is closed and reopened there), and the append rate with its CPU time per entry.
// Signatures are dummies: the ledger checks none on append (consensus did), so the run measures the ledger.
// Usage: npm run bench:history -w @pbft/ledger -- [--entries 1000000] [--every N (default: a tenth)]
//   [--per-entry 2] [--group 64] [--dir D] | --open-only --dir D
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft, timedDigest } from "@pbft/consensus";
import { parseClusterConfig } from "../cluster-config.js";
import { testKey } from "../config-testing.js";
import { batchDigestOf } from "../entry.js";
import { Ledger } from "../store.js";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ENTRIES = option("entries", 1_000_000);
const PER_ENTRY = option("per-entry", 2);
const GROUP = option("group", 64);
const CLIENTS = 8;
const STEP = option("every", Math.max(1, Math.floor(ENTRIES / 10)));

const gc = (globalThis as { gc?: () => void }).gc;
const members = [0, 1, 2, 3].map((i) => testKey(i + 1));
const clients = Array.from({ length: CLIENTS }, (_, i) => testKey(200 + i));
const cluster = parseClusterConfig({
  version: 1,
  clusterId: "history-bench",
  f: 1,
  members: members.map((k, i) => ({
    id: i,
    name: `node${i}`,
    peerId: `peer${i}`,
    addresses: [`/ip4/127.0.0.1/tcp/${7100 + i}`],
    votePublicKey: k.hex,
  })),
  proposers: clients.map((k, i) => ({ name: `client${i}`, publicKey: k.hex })),
});

const ulid = (n: number) => `01J${String(n).padStart(23, "0")}`;
const numbers = new Array<number>(CLIENTS).fill(0);
let proposals = 0;

/** The n-th proposal: mostly records; every 10th an amendment, every 50th a withdrawal, of an earlier record. */
function proposalOf(n: number): unknown {
  if (n > 100 && n % 50 === 0)
    return {
      id: ulid(n),
      amends: ulid(n - 37),
      amendmentType: "withdrawal",
      reason: "superseded by a later decision",
      content: {},
    };
  if (n > 100 && n % 10 === 0)
    return {
      id: ulid(n),
      amends: ulid(n - 91),
      amendmentType: "clarification",
      reason: "wording",
      content: { note: `clarifies ${n - 91}` },
    };
  return {
    id: ulid(n % 997 === 0 ? n - 500 : n), // now and then an id already used: refused duplicate-id
    type: "decision",
    title: `decision ${n}`,
    content: { n, text: "the board decided to proceed with the proposal as amended" },
    source: "minutes",
  };
}

function requestOf(): pbft.IClientRequest {
  const n = ++proposals;
  const c = n % CLIENTS;
  // Now and then a client re-sends its last request number (refused duplicate-request).
  const number = n % 211 === 0 ? numbers[c]! : ++numbers[c]!;
  const body = pbft.RequestBody.encode({
    clusterId: cluster.clusterId,
    clientKey: clients[c]!.publicKey,
    requestNumber: number,
    proposal: Buffer.from(JSON.stringify(proposalOf(n)), "utf8"),
  }).finish();
  return { body, signature: new Uint8Array(64) };
}

function batchAt(seq: number) {
  const requests = Array.from({ length: PER_ENTRY }, requestOf);
  const timeMs = 1_700_000_000_000 + seq;
  const batchDigest = timedDigest(batchDigestOf(requests), timeMs);
  return { seq, view: 0, requests, certificate: { view: 0, seq, batchDigest, timeMs, commits: [] } };
}

function memory(): { rss: number; heap: number } {
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

/** --open-only --dir D: the time (wall and CPU) to open an existing store, three times. */
async function openOnly(dir: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ledger = await Ledger.open(dir, cluster);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    process.stdout.write(
      `open at ${ledger.head().height}: ${ms.toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms\n`,
    );
    await ledger.close();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--open-only")) return openOnly(process.argv[process.argv.indexOf("--dir") + 1]!);
  const mine = process.argv.indexOf("--dir") < 0;
  const dir = mine
    ? mkdtempSync(join(tmpdir(), "history-bench-"))
    : process.argv[process.argv.indexOf("--dir") + 1]!;
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  process.stdout.write(
    `history bench: ${ENTRIES} entries x ${PER_ENTRY} proposals, ${CLIENTS} clients, ${GROUP} entries per synced write${gc ? "" : " (no --expose-gc: memory not collected first)"}\n`,
  );
  process.stdout.write("entries    rss MiB  heap MiB  open ms  entries/s  cpu us/entry\n");
  try {
    let ledger = await Ledger.open(dir, cluster);
    let height = ledger.head().height;
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    let mark = height;
    while (height < ENTRIES) {
      const size = Math.min(GROUP, ENTRIES - height, STEP - (height % STEP));
      const group = Array.from({ length: size }, (_, i) => batchAt(height + 1 + i));
      await ledger.executeMany(group);
      height += group.length;
      if (height % STEP === 0 || height === ENTRIES) {
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(c0);
        const rate = ((height - mark) / ms) * 1000;
        const cpuPer = (cpu.user + cpu.system) / (height - mark);
        const m = memory();
        await ledger.close();
        const o0 = performance.now();
        ledger = await Ledger.open(dir, cluster);
        const openMs = performance.now() - o0;
        process.stdout.write(
          `${String(height).padStart(7)}  ${mib(m.rss).padStart(8)}  ${mib(m.heap).padStart(8)}  ${openMs.toFixed(0).padStart(7)}  ${rate.toFixed(0).padStart(9)}  ${cpuPer.toFixed(0).padStart(12)}\n`,
        );
        t0 = performance.now();
        c0 = process.cpuUsage();
        mark = height;
      }
    }
    await ledger.close();
  } finally {
    if (mine) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
