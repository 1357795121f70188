// A fault of the core itself. PBFT tolerates faulty peers, not a faulty self: once the core has thrown
// mid-step its state is one nobody checked, so the replica refuses every later step and the node must stop
// and restart from what it persisted (hostile input never gets here: it is refused with a reason).

/**
 * Thrown by `Replica.start()` / `step()` on a bug in the core, or on an input only a buggy node produces
 * (an `executed` for a seq it was not asked to execute, an unknown event or timer kind). The message names
 * the event kind; the stack ends with the original error's.
 */
export class CoreInvariantError extends Error {
  override readonly name = "CoreInvariantError";

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    if (cause instanceof Error && cause.stack !== undefined)
      this.stack = `${this.stack}\nCaused by: ${cause.stack}`;
  }
}
