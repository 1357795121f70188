// `pbft bench`: local clusters under load; handler in bench-command.ts.
import { STANDARD_SCENARIOS } from "../../bench/cluster-bench.js";
import { type BenchOptions, benchCommand } from "../bench-command.js";
import { type CommandModule, jsonOption } from "../command.js";
import { parseDuration, parseIntOption, parseParams } from "../common.js";

type BenchCliOptions = Omit<BenchOptions, "parameters"> & { readonly param?: readonly string[] };

export const bench: CommandModule<BenchCliOptions> = {
  path: ["bench"],
  description:
    "benchmark local clusters (real libp2p, SoftHSM, synced LevelDB): throughput, latency quantiles, CPU and RSS per node, recovery after killing the primary, state transfer to a wiped node",
  declare: (c) =>
    c
      .option(
        "--scenario <names>",
        `comma-separated, or "all": ${STANDARD_SCENARIOS.map((x) => x.name).join(", ")}, custom`,
        "all",
      )
      .option("--nodes <n>", "custom scenario: nodes", parseIntOption("--nodes"), 4)
      .option(
        "--clients <n>",
        "custom scenario: closed-loop clients, each with its own proposer key",
        parseIntOption("--clients"),
        10,
      )
      .option(
        "--payload <bytes>",
        "custom scenario: padding in each proposal's content",
        parseIntOption("--payload"),
        0,
      )
      .option(
        "--duration <duration>",
        "override every load scenario's duration (20s, 2m, 1500ms; a bare number is seconds)",
        parseDuration("--duration", "s"),
      )
      .option(
        "--entries <n>",
        "state-transfer scenario: ledger entries the wiped node fetches",
        parseIntOption("--entries"),
      )
      .option("--out <file>", "JSON results (default bench-results/bench-<time>.json)")
      .option(
        "--param <name=value...>",
        "protocol parameter for every scenario's cluster, e.g. pipelineMax=4",
      )
      .option(
        "--profile",
        "run the nodes with --cpu-prof and print where their main threads spent the measured window, by category (profiles kept next to --out)",
        false,
      )
      .addOption(jsonOption().default(false)),
  handler: async (o) => {
    await benchCommand(benchOptionsOf(o));
    // Everything is measured and written. After a run whose submits all timed out (n = 7 on a machine at
    // load 25) some handle of the failed requests kept the process alive for minutes after its clusters
    // were gone, which stalled scripts/bench-vs-bftsmart.sh; the bench ends here instead.
    process.exit(0);
  },
};

/** The options commander parsed, as the bench takes them. */
export function benchOptionsOf(o: BenchCliOptions): BenchOptions {
  const { param, duration, ...rest } = o;
  return {
    ...rest,
    // parseDuration gives milliseconds; the scenarios count seconds.
    ...(duration === undefined ? {} : { duration: duration / 1000 }),
    parameters: parseParams(param),
  };
}
