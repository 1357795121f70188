// The HTTPS API's numbers on a local 4-node cluster: requests/s for reads and for submits (each submit a
// full PBFT decision with its receipt), and the flood experiment: one API key flooding submissions (from
// an address of its own) must not slow the other keys' proposals below half of their rate without it.
//   node packages/node/dist/bench/api-bench.js [--seconds 8] [--clients 4] [--flood 64]
// Loops are bounded in time; traffic stays on loopback.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sha256Hex } from "../api/auth.js";
import { API_FILES } from "../api/testnet-api.js";
import { nextRequestNumber, recordProposal, signRequest } from "../client/proposal.js";
import type { NodeConfigFile } from "../config.js";
import { loadProposerKey, type ProposerKey } from "../proposer-key.js";
import { httpsAgent, rawRequest } from "../testing/https-fetch.js";
import { LocalCluster } from "../testing/local-cluster.js";
import { proposerKeyFile } from "../testnet.js";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
    clients: { type: "string", default: "4" },
    flood: { type: "string", default: "64" },
    "read-concurrency": { type: "string", default: "32" },
    out: { type: "string" },
    keep: { type: "boolean", default: false },
    // Longer than the default 600 ms: on a VM shared with other work, CPU starvation otherwise sets off
    // view changes that dominate every number (seen in the nodes' logs: eight views in 20 s at load 16).
    "request-timeout-ms": { type: "string", default: "3000" },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const FLOOD = Number(args.flood);
const ROUNDS = Number(args.rounds);
const READ_CONCURRENCY = Number(args["read-concurrency"]);

interface Loop {
  ok: number;
  refused: Map<number, number>;
  latencies: number[];
}

/** Runs `workers` closed loops of `once` for `seconds`; counts 2xx and refusals by status. */
async function closedLoop(
  workers: number,
  seconds: number,
  once: (w: number) => Promise<number>,
): Promise<Loop> {
  const out: Loop = { ok: 0, refused: new Map(), latencies: [] };
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await once(w).catch(() => 0);
        if (status >= 200 && status < 300) {
          out.ok++;
          out.latencies.push(performance.now() - t0);
        } else out.refused.set(status, (out.refused.get(status) ?? 0) + 1);
      }
    }),
  );
  return out;
}

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 10) / 10;
};
const rate = (l: Loop, seconds: number) => Math.round((l.ok / seconds) * 10) / 10;

async function main(): Promise<void> {
  // Keys: proposer 0 for setup, one per normal client, FLOOD for the flooding key's concurrent loops.
  const proposers = 1 + CLIENTS + FLOOD;
  const requestTimeoutMs = Number(args["request-timeout-ms"]);
  const c = await LocalCluster.create({
    tmpPrefix: "pbft-api-bench-",
    proposers,
    parameters: { requestTimeoutMs, viewChangeTimeoutMs: requestTimeoutMs },
  });
  try {
    const dir = c.testnet.dir;
    // API keys of their own for every normal client and for the flooder (limits: the testnet's defaults).
    // (at least one per reader too: the per-key limit, 200/s, is not what the read numbers should measure)
    const tokens = Array.from({ length: Math.max(CLIENTS + 1, READ_CONCURRENCY) }, () =>
      randomBytes(24).toString("base64url"),
    );
    for (let id = 0; id < 4; id++) {
      const file = join(c.home(id), "node.json");
      const cfg = JSON.parse(readFileSync(file, "utf8")) as NodeConfigFile;
      cfg.api!.keys = [
        ...cfg.api!.keys,
        ...tokens.map((t, i) => ({
          name: `bench-${i}`,
          sha256: sha256Hex(t),
          rights: ["read" as const, "submit" as const],
        })),
      ];
      writeFileSync(file, JSON.stringify(cfg));
    }
    await c.startAll();
    const url = (JSON.parse(readFileSync(join(dir, API_FILES.urls), "utf8")) as { nodes: string[] })
      .nodes[0]!;
    const ca = readFileSync(join(dir, API_FILES.ca));
    const agent = httpsAgent({ ca });
    const floodAgent = httpsAgent({ ca, localAddress: "127.0.0.2" });
    const keys: ProposerKey[] = Array.from({ length: proposers }, (_, i) =>
      loadProposerKey(proposerKeyFile(dir, i)),
    );
    const submit = (via: typeof agent, token: string, key: ProposerKey) => async () => {
      const proposal = recordProposal({
        type: "test",
        title: "api bench",
        content: { n: 1 },
        source: "api-bench",
      });
      const req = signRequest(
        c.cluster.clusterId,
        key,
        new TextEncoder().encode(JSON.stringify(proposal)),
        nextRequestNumber(),
      );
      const body = JSON.stringify({
        body: Buffer.from(req.body).toString("base64"),
        signature: Buffer.from(req.signature).toString("base64"),
      });
      const r = await rawRequest(via, `${url}/v1/proposals`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
      return r.status;
    };
    // Readers from eight loopback addresses of their own: the per-address limit (1000/s) is not what is measured.
    const readAgents = Array.from({ length: 8 }, (_, i) =>
      httpsAgent({ ca, localAddress: `127.0.1.${i + 1}` }),
    );
    const get = (path: string, token: string, w: number) => async () =>
      (
        await rawRequest(readAgents[w % readAgents.length]!, `${url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;

    // Some records to read.
    for (let i = 0; i < 20; i++) await submit(agent, tokens[0]!, keys[0]!)();

    const reads: Record<string, unknown> = {};
    for (const [name, path] of [
      ["status", "/v1/status"],
      ["records", "/v1/records?limit=20"],
      ["entry", "/v1/entries/5"],
    ] as const) {
      // Each reader its own key: the per-key limit (200/s) would otherwise be what is measured.
      const l = await closedLoop(READ_CONCURRENCY, SECONDS / 2, (w) =>
        get(path, tokens[w % tokens.length]!, w)(),
      );
      reads[name] = {
        perSecond: rate(l, SECONDS / 2),
        p50Ms: p(l.latencies, 0.5),
        refused: Object.fromEntries(l.refused),
      };
    }

    // Submits: CLIENTS closed-loop clients, each its own API key and proposer key.
    const normal = (w: number) => submit(agent, tokens[w]!, keys[1 + w]!)();
    // Alternating rounds (alone, flooded, alone, flooded) so that drift in the machine's load (shared with
    // other work) hits both sides alike; a short warm-up first.
    await closedLoop(CLIENTS, 2, normal);
    const floodToken = tokens[CLIENTS]!;
    const merged = (): Loop => ({ ok: 0, refused: new Map(), latencies: [] });
    const add = (into: Loop, l: Loop) => {
      into.ok += l.ok;
      into.latencies.push(...l.latencies);
      for (const [k, v] of l.refused) into.refused.set(k, (into.refused.get(k) ?? 0) + v);
    };
    const alone = merged();
    const withFlood = merged();
    const flood = merged();
    for (let round = 0; round < ROUNDS; round++) {
      add(alone, await closedLoop(CLIENTS, SECONDS, normal));
      const [o, f] = await Promise.all([
        closedLoop(CLIENTS, SECONDS, normal),
        closedLoop(FLOOD, SECONDS, (w) => submit(floodAgent, floodToken, keys[1 + CLIENTS + w]!)()),
      ]);
      add(withFlood, o);
      add(flood, f);
    }
    const measured = SECONDS * ROUNDS;
    const result = {
      nodes: 4,
      seconds: SECONDS,
      rounds: ROUNDS,
      requestTimeoutMs,
      loadAverage: (await import("node:os")).loadavg().map((x) => Math.round(x * 10) / 10),
      reads,
      submits: {
        clients: CLIENTS,
        perSecond: rate(alone, measured),
        perClientPerSecond: Math.round((alone.ok / measured / CLIENTS) * 10) / 10,
        p50Ms: p(alone.latencies, 0.5),
        p99Ms: p(alone.latencies, 0.99),
        refused: Object.fromEntries(alone.refused),
      },
      flood: {
        floodConcurrency: FLOOD,
        othersPerSecond: rate(withFlood, measured),
        othersP50Ms: p(withFlood.latencies, 0.5),
        othersRefused: Object.fromEntries(withFlood.refused),
        ratioToAlone: Math.round((withFlood.ok / Math.max(1, alone.ok)) * 100) / 100,
        flooderAcceptedPerSecond: rate(flood, measured),
        flooderRefused: Object.fromEntries(flood.refused),
      },
    };
    const text = `${JSON.stringify(result, null, 2)}\n`;
    process.stdout.write(text);
    if (args.out) writeFileSync(args.out, text);
    for (const a of [agent, floodAgent, ...readAgents]) a.destroy();
  } finally {
    if (args.keep) console.error(`the cluster's files (logs) are kept in ${c.dir}`);
    await c.destroy(args.keep);
  }
}

await main();
