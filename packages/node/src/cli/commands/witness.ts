// `pbft witness`: poll the signed heads of a set of nodes, verify them and their consistency with every
// head seen, keep them on disk, expose /metrics, alarm on a fork, a rollback or a bad head (witness/).
import { Option } from "commander";
import { runWitness } from "../../witness/run.js";
import { type ClusterOptions, type CommandModule, clusterOptions } from "../command.js";
import { CliError, EXIT, findCluster, formatDuration, note, parseDuration } from "../common.js";

interface WitnessCliOptions extends ClusterOptions {
  readonly node: readonly string[];
  readonly dir: string;
  readonly interval: number;
  readonly once?: boolean;
  readonly listen?: string;
}

export const witness: CommandModule<WitnessCliOptions> = {
  path: ["witness"],
  description:
    "watch the nodes' signed heads (no HSM, only the genesis): alarm on a fork, a rollback or a head failing verification",
  declare: (c) =>
    clusterOptions(
      c
        .requiredOption(
          "--node <http://host:port...>",
          "a node's HTTP address (repeat, or several after one --node)",
        )
        .requiredOption("--dir <dir>", "where the witness keeps the heads it saw")
        .addOption(
          new Option("--interval <duration>", "time between polls")
            .argParser(parseDuration("--interval", "ms"))
            .default(5000, formatDuration(5000)),
        )
        .option("--once", "poll once; exit 2 (verification failed) on any alarm")
        .option("--listen <host:port>", "serve /metrics here"),
    ),
  handler: async (o) => {
    const cluster = findCluster(o).cluster;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const alarms = await runWitness({
        cluster,
        nodes: o.node,
        dir: o.dir,
        intervalMs: o.interval,
        once: o.once === true,
        ...(o.listen === undefined ? {} : { listen: o.listen }),
        log: (line) => note(line),
        signal: stop.signal,
      });
      if (o.once && alarms.length > 0)
        throw new CliError(
          `${alarms.length} alarm(s): ${alarms.map((a) => `${a.kind} at ${a.node} (height ${a.height}): ${a.message}`).join("; ")}`,
          EXIT["verification-failed"],
          { alarms },
        );
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
