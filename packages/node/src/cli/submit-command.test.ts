import { describe, expect, it } from "vitest";
import { CliError, EXIT, formatDuration, parseDuration } from "./common.js";
import { proposalFrom, type SubmitOptions } from "./submit-command.js";

const base: SubmitOptions = { json: false, timeout: 30_000 };
const RECORD_ID = "01JD0000000000000000000000";

function usageError(o: Partial<SubmitOptions>): string {
  try {
    proposalFrom({ ...base, ...o });
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(EXIT.usage);
    return (e as Error).message;
  }
  throw new Error("no error");
}

describe("pbft submit's flags", () => {
  it("an amendment with a record's flags is an error, not silence", () => {
    expect(usageError({ amends: RECORD_ID, reason: "typo", title: "T", type: "decision" })).toBe(
      "--title, --type describe a new record, not an amendment: an amendment (--amends) takes --amendment-type, --reason and --content",
    );
    expect(usageError({ amends: RECORD_ID, reason: "typo", source: "x" })).toMatch(
      /^--source describes a new record/,
    );
  });

  it("a record with an amendment's flags, and --file with any other, are errors", () => {
    expect(usageError({ title: "T", reason: "why" })).toBe(
      "--reason applies only to an amendment: add --amends <record id>",
    );
    expect(usageError({ title: "T", amendmentType: "correction", reason: "r" })).toMatch(
      /^--amendment-type, --reason apply only/,
    );
    expect(usageError({ file: "p.json", title: "T", content: "c" })).toBe(
      "--file holds the whole proposal: drop --title, --content (or drop --file)",
    );
  });

  it("the usual forms still work, with their defaults", () => {
    expect(proposalFrom({ ...base, title: "T" })).toMatchObject({
      type: "decision",
      title: "T",
      source: "pbft-cli",
    });
    expect(proposalFrom({ ...base, amends: RECORD_ID, reason: "typo", content: "x" })).toMatchObject({
      amends: RECORD_ID,
      amendmentType: "clarification",
      reason: "typo",
      content: { text: "x" },
    });
  });
});

describe("durations", () => {
  it("take units; a bare number keeps the option's old unit", () => {
    const ms = parseDuration("--timeout", "ms");
    expect(ms("600ms")).toBe(600);
    expect(ms("5s")).toBe(5000);
    expect(ms("1.5s")).toBe(1500);
    expect(ms("2m")).toBe(120_000);
    expect(ms("5000")).toBe(5000);
    expect(parseDuration("--duration", "s")("20")).toBe(20_000);
    for (const bad of ["", "5x", "-1s", "0", "s", "1e3"]) expect(() => ms(bad), bad).toThrow(CliError);
  });

  it("defaults read as people write them", () => {
    expect([600, 30_000, 60_000, 90_000, 3_600_000].map(formatDuration)).toEqual([
      "600ms",
      "30s",
      "1m",
      "90s",
      "1h",
    ]);
  });
});
