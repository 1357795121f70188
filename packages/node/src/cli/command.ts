// One module per command (commands/*.ts): its typed options, how commander declares them, and a handler.
// program.ts registers them all; the shared options (where cluster.json is, --json) are declared here once.
import { type Command, Option } from "commander";

export interface CliContext {
  /** The script node runs to start nodes (main.js). */
  readonly cliPath: string;
  /** The whole command tree (for `pbft completion`). */
  readonly program: Command;
}

export interface CommandModule<O> {
  /** ["ledger", "verify"]: the parent groups come first. */
  readonly path: readonly string[];
  readonly description: string;
  /** Declares the options and arguments (their parsed values must match O). */
  readonly declare: (c: Command) => Command;
  readonly handler: (o: O, ctx: CliContext, args: readonly string[]) => Promise<void> | void;
}

/** Adds `m` under its parent groups (created on first use with `groups`' descriptions). */
export function register<O>(
  program: Command,
  m: CommandModule<O>,
  ctx: CliContext,
  groups: Readonly<Record<string, string>>,
): void {
  let parent = program;
  for (const name of m.path.slice(0, -1)) {
    parent =
      parent.commands.find((c) => c.name() === name) ??
      parent.command(name).description(groups[name] ?? name);
  }
  const c = m.declare(parent.command(m.path[m.path.length - 1]!).description(m.description));
  // commander hands the positional arguments first, then the options, then the command.
  c.action((...params: unknown[]) => {
    const args = params.slice(0, -2) as string[];
    const opts = params[params.length - 2] as O;
    return m.handler(opts, ctx, args);
  });
}

export const jsonOption = () =>
  new Option("--json", "print JSON (errors too: {error: {code, message, details}})");

export const testnetOption = () =>
  new Option("--testnet <dir>", "testnet directory (default $PBFT_TESTNET or .pbft/testnet)");

/** --cluster, --home, --testnet: the one way every command finds cluster.json (common.ts findCluster). */
export function clusterOptions(c: Command): Command {
  return c
    .addOption(
      new Option(
        "--cluster <file>",
        "cluster.json (default: --home's, else --testnet's, else a --data dir's node's, else the default testnet's)",
      ),
    )
    .addOption(new Option("--home <dir>", "a node's directory: the cluster.json its node.json names"))
    .addOption(testnetOption());
}

export interface ClusterOptions {
  readonly cluster?: string;
  readonly home?: string;
  readonly testnet?: string;
}
