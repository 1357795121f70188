// The one log line of a node that stops because it cannot go on safely. The process then exits non-zero
// (the CLI's `node start`) and its supervisor restarts it from disk: a node never runs on in a state
// nobody checked.
import { CoreInvariantError } from "@pbft/consensus";
import type { Logger } from "pino";

/** Logs `error` once at level fatal, with its stack; a core fault (a bug, never a peer's doing) says so. */
export function logFatal(logger: Logger, error: Error): void {
  if (error instanceof CoreInvariantError)
    logger.fatal({ err: error }, `consensus core fault: ${error.message}; stopping (restart from disk)`);
  else logger.fatal({ err: error }, "node cannot go on safely; stopping");
}
