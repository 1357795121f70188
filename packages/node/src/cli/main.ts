#!/usr/bin/env node
// The `pbft` command line. The polyfill comes first: libp2p 3 needs Promise.withResolvers (Node 22+).
import "../polyfill.js";
import { fileURLToPath } from "node:url";
import { CommanderError } from "commander";
import { buildInfo } from "../version.js";
import { asCliError, CliError, EXIT, errorJson, printJson } from "./common.js";
import { buildProgram, commandPath } from "./program.js";

const CLI_PATH = fileURLToPath(import.meta.url);

// Output piped into `head` and the like: a closed pipe ends the command quietly.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(EXIT.ok);
  throw e;
});

const args = process.argv.slice(2);
const program = buildProgram(CLI_PATH);
// Errors are JSON whenever the command line asks for JSON, parser errors included.
const json =
  args.includes("--json") || (args.includes("--format") && args[args.indexOf("--format") + 1] === "json");

if (json && (args.includes("--version") || args.includes("-V")) && args.length === 2) {
  printJson(buildInfo());
  process.exit(EXIT.ok);
}

program.parseAsync(process.argv).catch((e: unknown) => {
  let err: CliError;
  if (e instanceof CommanderError) {
    // --help and --version end here too, with exit code 0; a missing subcommand printed its help already.
    if (e.exitCode === 0) process.exit(EXIT.ok);
    if (e.code === "commander.help" || e.code === "commander.executeSubCommandAsync")
      process.exit(EXIT.usage);
    err = new CliError(e.message.replace(/^error: /, ""), EXIT.usage, {
      reason: e.code.replace(/^commander\./, ""),
    });
  } else err = asCliError(e);
  // With --json a script reads the error from stdout (one line); the person running it still sees the line
  // on stderr.
  if (json && !err.reported) process.stdout.write(`${JSON.stringify(errorJson(err))}\n`);
  process.stderr.write(`pbft: ${err.message}\n`);
  if (err.exitCode === EXIT.usage)
    process.stderr.write(`(see 'pbft ${[...commandPath(program, args), "--help"].join(" ")}')\n`);
  process.exit(err.exitCode);
});
