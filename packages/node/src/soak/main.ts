#!/usr/bin/env node
// `npm run soak -- --minutes N [--nodes 4] [--clients K] [--kill-every 3m] [--out FILE.json]`.
// The polyfill comes first: libp2p 3 needs Promise.withResolvers (Node 22+).
import "../polyfill.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { parseIntOption } from "../cli/common.js";
import { reportLines, runSoak, type SoakOutput } from "./soak.js";

const UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** "3m", "90s", "500ms", "1h", a bare number of seconds, or "off" (0). */
export function parseDurationMs(text: string): number {
  if (text === "off") return 0;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not a duration such as 3m, 90s, 500ms or off`);
  return Math.round(Number(m[1]) * UNITS_MS[m[2] ?? "s"]!);
}

function positiveNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${text}" is not a positive number`);
  return n;
}

/** A terminal redraws the progress line in place; a log (no TTY) gets it every 30 s. */
function output(): SoakOutput {
  const tty = process.stdout.isTTY === true;
  let shown = false;
  let lastPrinted = 0;
  return {
    line(text) {
      if (tty && shown) process.stdout.write("\r\x1b[K");
      shown = false;
      process.stdout.write(`${text}\n`);
    },
    progress(text) {
      if (tty) {
        process.stdout.write(`\r\x1b[K${text}`);
        shown = true;
      } else if (Date.now() - lastPrinted >= 30_000) {
        lastPrinted = Date.now();
        process.stdout.write(`${text}\n`);
      }
    },
  };
}

/** An option taking a duration, its default written as a user would write it. */
function duration(flags: string, description: string, byDefault: string): Option {
  return new Option(flags, description)
    .argParser(parseDurationMs)
    .default(parseDurationMs(byDefault), byDefault);
}

const program = new Command()
  .name("soak")
  .description(
    "a local cluster of real nodes under steady load for N minutes, one node killed with SIGKILL and restarted every few minutes: memory per node over time, and every receipted proposal and every height checked in every ledger",
  )
  .requiredOption("--minutes <n>", "length of the load", positiveNumber)
  .option("--nodes <n>", "nodes", parseIntOption("--nodes"), 4)
  .option(
    "--clients <n>",
    "closed-loop clients, each with its own proposer key",
    parseIntOption("--clients"),
    20,
  )
  .addOption(duration("--kill-every <duration>", "SIGKILL one random node this often (3m, 90s, off)", "3m"))
  .addOption(duration("--down <duration>", "how long a killed node stays down before its restart", "5s"))
  .addOption(duration("--sample-every <duration>", "read every node's /metrics this often", "10s"))
  .option(
    "--max-proposals <n>",
    "stop the load after this many receipts even when time is left",
    parseIntOption("--max-proposals"),
  )
  .addOption(
    duration(
      "--settle <duration>",
      "how long the nodes may take to reach the same height after the load",
      "2m",
    ),
  )
  .option("--out <file>", "write the figures and every memory sample as JSON")
  .action(async (o) => {
    const minutes = o.minutes as number;
    const result = await runSoak(
      {
        minutes,
        nodes: o.nodes,
        clients: o.clients,
        killEveryMs: o.killEvery,
        downMs: o.down,
        sampleEveryMs: Math.max(1_000, o.sampleEvery),
        printEveryMs: 60_000,
        // A bound on the count as well as on time: far above what a loopback cluster commits (~300/s).
        proposalsMax: o.maxProposals ?? Math.ceil(minutes * 60 * 5_000),
        settleTimeoutMs: o.settle,
      },
      output(),
    );
    for (const line of reportLines(result)) process.stdout.write(`${line}\n`);
    if (o.out) {
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(
        o.out,
        `${JSON.stringify({ node: process.version, at: new Date().toISOString(), ...result }, null, 2)}\n`,
      );
      process.stdout.write(`results written to ${o.out}\n`);
    }
    // Exit now: a libp2p dial to a node killed near the end can keep a retry timer alive for a while.
    process.exit(result.ok ? 0 : 1);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`soak: ${(e as Error).message ?? String(e)}\n`);
  process.exit(1);
});
