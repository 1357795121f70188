// The suite's report: one row per scenario, as JSON and as a Markdown table.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPORT_DIR } from "./paths.js";

export type Outcome = "passed" | "failed" | "skipped";

export interface ScenarioResult {
  readonly scenario: string;
  readonly faults: string;
  readonly outcome: Outcome;
  /** Why it was skipped, or what failed. */
  readonly reason?: string;
  /** Load proposals submitted / with a receipt / found accepted in the honest ledgers. */
  readonly submitted: number;
  readonly receipted: number;
  readonly committed: number;
  /** Receipted proposals missing from an honest ledger (must be 0). */
  readonly lost: number;
  /** From healing (or, for Byzantine members, from the start of the load) to the first commit of a fresh proposal. */
  readonly recovery_ms?: number;
  /** From healing until every honest node reports the same height. */
  readonly catchup_ms?: number;
  readonly heights?: Record<string, number>;
  readonly duration_ms: number;
  readonly notes: string[];
  readonly problems: string[];
  readonly workdir?: string;
}

const results: ScenarioResult[] = [];
const startedAt = new Date();

/** Adds a row and rewrites the report, so that an interrupted run still leaves one. */
export function record(r: ScenarioResult): void {
  results.push(r);
  writeReport();
}

function ms(v: number | undefined): string {
  return v === undefined ? "–" : `${(v / 1000).toFixed(1)} s`;
}

export function markdown(rows: readonly ScenarioResult[]): string {
  const lines = [
    `# Chaos report (${startedAt.toISOString()})`,
    "",
    "| scenario | faults | outcome | receipted | committed | lost | recovery | catch-up |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const outcome = r.outcome === "skipped" ? `skipped: ${r.reason ?? ""}` : r.outcome;
    const cell = (t: string) => t.replace(/\|/g, "\\|");
    lines.push(
      `| ${r.scenario} | ${cell(r.faults)} | ${cell(outcome)} | ${r.receipted} | ${r.committed} | ${r.lost} | ${ms(r.recovery_ms)} | ${ms(r.catchup_ms)} |`,
    );
  }
  lines.push("");
  for (const r of rows) {
    if (r.problems.length === 0 && r.notes.length === 0) continue;
    lines.push(`## ${r.scenario}`, "");
    for (const n of r.notes) lines.push(`- ${n}`);
    for (const p of r.problems) lines.push(`- PROBLEM: ${p}`);
    lines.push("");
  }
  lines.push(
    "receipted: load proposals with an f+1 receipt; committed: load proposals accepted in the longest honest ledger; lost: receipted but missing from an honest ledger; recovery: healing (Byzantine: load start) to the first commit of a fresh proposal; catch-up: healing to all honest nodes at one height.",
    "",
  );
  return lines.join("\n");
}

/** Writes report.json and report.md; returns the directory. */
export function writeReport(): string {
  const dir = join(REPORT_DIR, startedAt.toISOString().replace(/[:.]/g, "-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "report.json"),
    `${JSON.stringify({ startedAt: startedAt.toISOString(), results }, null, 2)}\n`,
  );
  writeFileSync(join(dir, "report.md"), markdown(results));
  return dir;
}

export function allResults(): readonly ScenarioResult[] {
  return results;
}
