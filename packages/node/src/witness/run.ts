// The witness process: polls every interval (or once), logs each alarm as one JSON line, counts alarms in
// /metrics, and keeps what it saw on disk (witness.ts).
import { createServer, type Server } from "node:http";
import { Counter, Gauge, Registry } from "prom-client";
import type { Alarm, WitnessOptions } from "./witness.js";
import { Witness } from "./witness.js";

export interface RunWitnessOptions extends WitnessOptions {
  readonly intervalMs: number;
  /** Poll once and return (the CLI exits non-zero on an alarm). */
  readonly once: boolean;
  /** host:port for /metrics (none: no server). */
  readonly listen?: string;
  /** One line per event (alarms and polls), JSON. */
  readonly log: (line: string) => void;
  /** Stops a long-running witness. */
  readonly signal?: AbortSignal;
}

export function witnessMetrics() {
  const registry = new Registry();
  const r = { registers: [registry] };
  return {
    registry,
    polls: new Counter({ name: "pbft_witness_polls_total", help: "Polls of every node", ...r }),
    alarms: new Counter({
      name: "pbft_witness_alarms_total",
      help: "Alarms raised: a fork, a rollback or a head failing verification",
      labelNames: ["kind"] as const,
      ...r,
    }),
    height: new Gauge({
      name: "pbft_witness_head_height",
      help: "Height of the latest verified head a node served (-1: unreachable)",
      labelNames: ["node"] as const,
      ...r,
    }),
    held: new Gauge({ name: "pbft_witness_heads_held", help: "Verified heads the witness holds", ...r }),
  };
}

/** Runs the witness; resolves with every alarm raised (once, or when the signal aborts). */
export async function runWitness(o: RunWitnessOptions): Promise<Alarm[]> {
  const witness = new Witness(o);
  const m = witnessMetrics();
  for (const kind of ["bad-head", "rollback", "fork"] as const) m.alarms.inc({ kind }, 0);
  let server: Server | undefined;
  if (o.listen !== undefined) server = await serveMetrics(o.listen, m.registry);
  const all: Alarm[] = [];
  try {
    for (;;) {
      const report = await witness.pollOnce();
      m.polls.inc();
      m.held.set(witness.heads().length);
      for (const [node, h] of report.heights) m.height.set({ node }, h ?? -1);
      for (const a of report.alarms) {
        m.alarms.inc({ kind: a.kind });
        o.log(
          JSON.stringify({ level: "error", alarm: a.kind, node: a.node, height: a.height, msg: a.message }),
        );
      }
      all.push(...report.alarms);
      o.log(
        JSON.stringify({
          level: "info",
          msg: "poll",
          heads: Object.fromEntries(report.heights),
          held: witness.heads().length,
          alarms: report.alarms.length,
        }),
      );
      if (o.once || o.signal?.aborted) return all;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, o.intervalMs);
        o.signal?.addEventListener("abort", () => {
          clearTimeout(t);
          resolve();
        });
      });
      if (o.signal?.aborted) return all;
    }
  } finally {
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

async function serveMetrics(address: string, registry: Registry): Promise<Server> {
  const i = address.lastIndexOf(":");
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end("try /metrics\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(address.slice(i + 1)), address.slice(0, i), () => resolve());
  });
  return server;
}
