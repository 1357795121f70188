import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ClusterConfigError, LedgerError } from "@pbft/ledger";
import { describe, expect, it } from "vitest";
import { asCliError, CliError, EXIT, EXIT_CODES, errorJson, exitCodeHelp } from "./common.js";

const README = resolve(fileURLToPath(new URL("../../../..", import.meta.url)), "README.md");

describe("exit codes", () => {
  it("one distinct code per kind of failure, 0 for success", () => {
    expect(new Set(EXIT_CODES.map((e) => e.code)).size).toBe(EXIT_CODES.length);
    expect(EXIT_CODES.map((e) => e.name)).toEqual([
      "ok",
      "internal",
      "verification-failed",
      "unreachable",
      "refused",
      "not-found",
      "usage",
    ]);
    expect(exitCodeHelp().split("\n")).toHaveLength(EXIT_CODES.length + 1);
  });

  it("the README's table is this table", () => {
    const text = readFileSync(README, "utf8");
    const section = text.slice(text.indexOf("### Exit codes"));
    const rows = [...section.matchAll(/^\| (\d+) \| `([a-z-]+)` \| (.+) \|$/gm)].map((m) => ({
      code: Number(m[1]),
      name: m[2],
      meaning: m[3],
    }));
    expect(rows).toEqual(EXIT_CODES.map((e) => ({ code: e.code, name: e.name, meaning: e.meaning })));
  });

  it("maps the libraries' errors and file-system errors to their kind", () => {
    expect(asCliError(new LedgerError("locked", "in use")).exitCode).toBe(EXIT["not-found"]);
    expect(asCliError(new LedgerError("import-invalid", "bad", 3)).exitCode).toBe(
      EXIT["verification-failed"],
    );
    expect(asCliError(new LedgerError("import-invalid", "bad", 3)).details).toEqual({
      reason: "import-invalid",
      height: 3,
    });
    expect(asCliError(new LedgerError("import-target-not-empty", "x")).exitCode).toBe(EXIT.usage);
    expect(asCliError(new ClusterConfigError("/x", ["cannot be read: ENOENT"])).exitCode).toBe(
      EXIT["not-found"],
    );
    expect(asCliError(new ClusterConfigError("/x", ["not JSON: oops"])).exitCode).toBe(EXIT.usage);
    expect(asCliError(Object.assign(new Error("nope"), { code: "ENOENT" })).exitCode).toBe(EXIT["not-found"]);
    expect(asCliError(new TypeError("a bug")).exitCode).toBe(EXIT.internal);
    const e = new CliError("gone", EXIT.unreachable, { node: "node1" });
    expect(asCliError(e)).toBe(e);
    expect(errorJson(e)).toEqual({
      error: { code: "unreachable", message: "gone", details: { node: "node1" } },
    });
  });
});
