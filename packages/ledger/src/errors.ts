// Typed errors: each has a stable code so callers (node, CLI) can branch on it and print it.
export type LedgerErrorCode =
  | "fork"
  | "gap"
  | "bad-batch"
  | "corrupt"
  | "closed"
  | "import-invalid"
  | "import-target-not-empty"
  | "open-failed"
  | "locked"
  | "io"
  | "format"
  | "bad-proof"
  | "missing-proof";

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly height?: number,
  ) {
    super(message);
    this.name = "LedgerError";
  }
}
