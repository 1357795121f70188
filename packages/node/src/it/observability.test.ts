// Integration: the Prometheus and Grafana files of deploy/ against a live node. promtool (Debian's
// `prometheus` package) checks the scrape configs and alert rules, runs the rules' unit tests, lints a real
// node's /metrics and parses every dashboard query; every metric named by a dashboard query or an alert
// rule must be one the node exports, and every pbft_* metric the node exports must be on the dashboard.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { REJECT_REASONS } from "@pbft/consensus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordProposal } from "../client/proposal.js";
import { CLIENT_ERROR_CODES } from "../daemon/client-gateway.js";
import { FRAME_DROP_REASONS } from "../daemon/metrics.js";
import { LocalCluster } from "../testing/local-cluster.js";

const REPO = resolve(fileURLToPath(new URL("../../../..", import.meta.url)));
const PROMETHEUS_DIR = join(REPO, "deploy", "prometheus");
const DASHBOARD = join(REPO, "deploy", "grafana", "dashboard.json");
const ALERTS = join(PROMETHEUS_DIR, "alerts.yml");
const DS_VARIABLE = ["$", "{DS_PROMETHEUS}"].join("");
const INSTALL_HINT =
  "promtool is missing: install Debian's prometheus package (as root: apt-get update && apt-get install -y prometheus; scripts/setup.sh does it)";

/** Runs promtool; a missing binary fails the test with the install command, never skips it. */
function promtool(args: readonly string[], input?: string): { code: number; output: string } {
  const r = spawnSync("promtool", args, { cwd: PROMETHEUS_DIR, input, encoding: "utf8", timeout: 30_000 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(INSTALL_HINT);
    throw r.error;
  }
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}`.trim() };
}

function expectPromtoolOk(args: readonly string[], input?: string): string {
  const { code, output } = promtool(args, input);
  expect(code, `promtool ${args.join(" ")} exited ${code}:\n${output}`).toBe(0);
  return output;
}

// --- PromQL: metric names and label matchers used by an expression ----------------------------------

const PROMQL_KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "inf", "nan"]);

interface Selector {
  readonly metric: string;
  readonly matchers: ReadonlyArray<{ readonly label: string; readonly op: string; readonly value: string }>;
}

/** Every metric selector of a PromQL expression (Grafana variables allowed): names and their matchers. */
function selectors(expr: string): Selector[] {
  const out: Selector[] = [];
  // ${var} first (its braces are not a selector's); $var stays inside matcher values until they are read.
  let s = expr.replace(/\$\{[^}]*\}/g, " ");
  // name{matchers}: record, then blank out the braces (their strings may hold anything).
  s = s.replace(/([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g, (_all, name: string | undefined, body: string) => {
    const matchers = [...body.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => ({
      label: m[1]!,
      op: m[2]!,
      value: m[3]!,
    }));
    if (name) out.push({ metric: name, matchers });
    return " ";
  });
  s = s
    .replace(/"(?:[^"\\]|\\.)*"/g, " ") // string arguments (label_replace, ...)
    .replace(/\$\w+/g, " ") // Grafana variables ($__rate_interval, ...)
    .replace(/\b\d+(\.\d+)?([eE][+-]?\d+)?\b/g, " ") // numbers (1e3 would look like an identifier)
    .replace(/\[[^\]]*\]/g, " ") // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ") // label lists
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\b/g, " ")
    .replace(/\boffset\s+-?\w+/g, " ")
    .replace(/\b[a-zA-Z_]\w*\s*\(/g, "("); // function and aggregation calls
  for (const m of s.matchAll(/[a-zA-Z_:][\w:]*/g))
    if (!PROMQL_KEYWORDS.has(m[0].toLowerCase())) out.push({ metric: m[0], matchers: [] });
  return out;
}

// --- the files under test --------------------------------------------------------------------------

interface DashboardQuery {
  readonly where: string;
  readonly expr: string;
}

function dashboardQueries(dash: Record<string, unknown>): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  const walk = (panels: unknown[]): void => {
    for (const p of panels as Array<Record<string, unknown>>) {
      for (const t of (p.targets as Array<Record<string, unknown>> | undefined) ?? [])
        if (typeof t.expr === "string") out.push({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr });
      if (Array.isArray(p.panels)) walk(p.panels);
    }
  };
  walk(dash.panels as unknown[]);
  return out;
}

/** `label_values(selector, label)` of the dashboard's query variables, as PromQL selectors. */
function variableSelectors(dash: Record<string, unknown>): DashboardQuery[] {
  const vars = (dash.templating as { list: Array<Record<string, unknown>> }).list;
  return vars
    .filter((v) => v.type === "query")
    .map((v) => {
      const q = typeof v.query === "string" ? v.query : (v.query as { query: string }).query;
      const m = /^label_values\((.*),\s*\w+\)$/.exec(q);
      if (!m) throw new Error(`variable ${v.name}: unexpected query ${q}`);
      return { where: `variable ${v.name}`, expr: m[1]! };
    });
}

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly block: string;
}

/**
 * The alert rules of alerts.yml, read line by line (the workspace has no YAML parser of its own): each
 * `- alert:` block and its `expr:` (one line, or a `|` block). The count is checked against promtool's.
 */
function alertRules(text: string): AlertRule[] {
  const lines = text.split("\n");
  const rules: AlertRule[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)- alert:\s*(\S+)/.exec(lines[i]!);
    if (!head) continue;
    const indent = head[1]!.length;
    let end = i + 1;
    while (end < lines.length) {
      const l = lines[end]!;
      if (l.trim() !== "" && l.search(/\S/) <= indent) break;
      end++;
    }
    const block = lines.slice(i, end);
    const at = block.findIndex((l) => /^\s*expr:/.test(l));
    if (at < 0) throw new Error(`alert ${head[2]} has no expr`);
    const line = block[at]!;
    const rest = line.slice(line.indexOf("expr:") + 5).trim();
    let expr: string;
    if (/^[|>][-+]?$/.test(rest)) {
      const keyIndent = line.search(/\S/);
      const body: string[] = [];
      for (const l of block.slice(at + 1)) {
        if (l.trim() !== "" && l.search(/\S/) <= keyIndent) break;
        body.push(l);
      }
      expr = body.join("\n").trim();
    } else expr = rest.replace(/^'(.*)'$/, "$1").replace(/^"(.*)"$/, "$1");
    rules.push({ alert: head[2]!, expr, block: block.join("\n") });
  }
  return rules;
}

// --- what a live node exports ----------------------------------------------------------------------

interface Exported {
  /** Sample names a query may use (histograms: _bucket, _sum, _count) -> their family's TYPE. */
  readonly names: Map<string, string>;
  /** Label names and values seen on each sample name. */
  readonly labels: Map<string, Map<string, Set<string>>>;
}

function parseExposition(text: string): Exported {
  const names = new Map<string, string>();
  const labels = new Map<string, Map<string, Set<string>>>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      const [, family, kind] = type;
      names.set(family!, kind!);
      if (kind === "histogram")
        for (const sfx of ["_bucket", "_sum", "_count"]) names.set(family! + sfx, kind);
      if (kind === "summary") for (const sfx of ["_sum", "_count"]) names.set(family! + sfx, kind);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? \S+/.exec(line);
    if (!sample) continue;
    const byLabel = labels.get(sample[1]!) ?? new Map<string, Set<string>>();
    labels.set(sample[1]!, byLabel);
    for (const m of (sample[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      const values = byLabel.get(m[1]!) ?? new Set<string>();
      values.add(m[2]!);
      byLabel.set(m[1]!, values);
    }
  }
  return { names, labels };
}

/** Prometheus's own series and the labels it attaches to every scraped sample. */
const PROMETHEUS_SERIES = new Set(["up"]);
const TARGET_LABELS = new Set(["job", "instance"]);

function problemsOf(queries: readonly DashboardQuery[], exported: Exported): string[] {
  const problems: string[] = [];
  for (const q of queries) {
    const sels = selectors(q.expr);
    if (sels.length === 0) problems.push(`${q.where}: no metric found in ${q.expr}`);
    for (const sel of sels) {
      if (PROMETHEUS_SERIES.has(sel.metric)) continue;
      if (!exported.names.has(sel.metric)) {
        problems.push(`${q.where}: ${sel.metric} is not exported by the node`);
        continue;
      }
      const seen = exported.labels.get(sel.metric);
      if (!seen) continue; // a labelled counter with no sample yet: its label names are not visible
      for (const m of sel.matchers) {
        if (TARGET_LABELS.has(m.label)) continue;
        if (!seen.has(m.label)) problems.push(`${q.where}: ${sel.metric} has no label ${m.label}`);
        else if (m.op === "=" && !m.value.includes("$") && !seen.get(m.label)!.has(m.value))
          problems.push(`${q.where}: ${sel.metric}{${m.label}="${m.value}"} has no such sample`);
      }
    }
  }
  return problems;
}

// --- tests ----------------------------------------------------------------------------------------

describe("selectors (the PromQL metric-name extractor these tests rely on)", () => {
  it("finds names with and without matchers, and skips functions, labels, variables and numbers", () => {
    const names = selectors(
      'histogram_quantile(0.99, sum by (le, node) (rate(a_bucket{job=~"$job",x="y"}[$__rate_interval]))) > 1e3 ' +
        "and on (job) max(b) - c offset 5m or vector(0) unless d:rec",
    ).map((s) => s.metric);
    expect(names).toEqual(["a_bucket", "b", "c", "d:rec"]);
    expect(selectors('x{a="1",b=~"p|q"}')[0]!.matchers).toEqual([
      { label: "a", op: "=", value: "1" },
      { label: "b", op: "=~", value: "p|q" },
    ]);
  });
});

describe("Prometheus configs and alert rules (promtool)", () => {
  it("promtool check config accepts both scrape configs (and the rule file they load)", () => {
    for (const file of ["prometheus.yml", "prometheus-host.yml"]) {
      const out = expectPromtoolOk(["check", "config", file]);
      expect(out).toContain("SUCCESS");
    }
  });

  it("promtool check rules accepts alerts.yml; every rule has for, severity, summary, description", () => {
    const out = expectPromtoolOk(["check", "rules", "alerts.yml"]);
    const count = Number(/SUCCESS: (\d+) rules found/.exec(out)?.[1]);
    const rules = alertRules(readFileSync(ALERTS, "utf8"));
    expect(rules.length, "alert rules read from alerts.yml vs promtool's count").toBe(count);
    for (const r of rules) {
      expect(r.block, `${r.alert}: for`).toMatch(/^\s+for: \d+[smh]$/m);
      expect(r.block, `${r.alert}: severity`).toMatch(/^\s+severity: (critical|warning)$/m);
      expect(r.block, `${r.alert}: summary`).toMatch(/^\s+summary: \S/m);
      expect(r.block, `${r.alert}: description`).toMatch(/^\s+description: \S/m);
    }
  });

  it("promtool test rules: every alert fires in its scenario and stays silent in the others", () => {
    const out = expectPromtoolOk(["test", "rules", "alerts.test.yml"]);
    expect(out).toContain("SUCCESS");
    // each alert of alerts.yml has a case where it fires and one where it must not
    const tests = readFileSync(join(PROMETHEUS_DIR, "alerts.test.yml"), "utf8");
    for (const r of alertRules(readFileSync(ALERTS, "utf8"))) {
      const cases = [...tests.matchAll(new RegExp(`alertname: ${r.alert}\\n\\s+exp_alerts:( \\[\\])?`, "g"))];
      expect(
        cases.some((c) => c[1] === undefined),
        `${r.alert}: a case where it fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c[1] !== undefined),
        `${r.alert}: a case where it must not fire`,
      ).toBe(true);
    }
  });

  it("every dashboard query is valid PromQL (promtool check rules on them as recording rules)", () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, "utf8")) as Record<string, unknown>;
    const queries = [...dashboardQueries(dash), ...variableSelectors(dash)];
    // Grafana's variables as Grafana would expand them
    const expand = (e: string) =>
      e
        .replaceAll("$__rate_interval", "1m")
        .replaceAll("$__range", "30m")
        .replaceAll("$job", "pbft")
        .replace(/\$(cluster|node)\b/g, ".*");
    const dir = mkdtempSync(join(tmpdir(), "pbft-dashboard-rules-"));
    try {
      const file = join(dir, "dashboard-rules.yml");
      const rules = queries
        .map(
          (q, i) =>
            `      - record: pbft_dashboard:query_${i}\n        expr: ${JSON.stringify(expand(q.expr))}`,
        )
        .join("\n");
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const out = expectPromtoolOk(["check", "rules", file]);
      expect(out).toContain(`SUCCESS: ${queries.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the dashboard: a current schema, a data source variable every panel uses, unique panel ids", () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, "utf8")) as Record<string, unknown>;
    expect(dash.schemaVersion as number).toBeGreaterThanOrEqual(36);
    const vars = (dash.templating as { list: Array<Record<string, unknown>> }).list;
    expect(vars.find((v) => v.name === "DS_PROMETHEUS")).toMatchObject({
      type: "datasource",
      query: "prometheus",
    });
    const panels = dash.panels as Array<Record<string, unknown>>;
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels.filter((p) => p.type !== "row")) {
      expect(p.datasource, `panel ${p.title}`).toEqual({ type: "prometheus", uid: DS_VARIABLE });
      expect((p.targets as unknown[]).length, `panel ${p.title} has queries`).toBeGreaterThan(0);
    }
  });
});

describe("a live node's /metrics", () => {
  let lc: LocalCluster;
  let exposition: string;
  let exported: Exported;

  beforeAll(async () => {
    lc = await LocalCluster.create({ proposers: 1 });
    await lc.startAll();
    // a few commits, so the histograms have observations and the labelled counters some samples
    const c = await lc.client(0);
    await c.ready(15_000);
    for (let i = 0; i < 3; i++)
      await c.submit(
        recordProposal({ type: "test", title: `metrics ${i}`, content: {}, source: "it" }),
        30_000,
      );
    exposition = await lc.metrics(0);
    exported = parseExposition(exposition);
  }, 90_000);

  afterAll(async () => {
    await lc?.destroy();
  });

  it("passes promtool check metrics with no problem reported (every node)", async () => {
    for (const id of lc.running()) {
      const text = id === 0 ? exposition : await lc.metrics(id);
      const { code, output } = promtool(["check", "metrics"], text);
      expect({ node: id, code, output }).toEqual({ node: id, code: 0, output: "" });
    }
  });

  it("exports every metric that a dashboard query or an alert rule names, with the labels they match on", () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, "utf8")) as Record<string, unknown>;
    const queries = [
      ...dashboardQueries(dash),
      ...variableSelectors(dash),
      ...alertRules(readFileSync(ALERTS, "utf8")).map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ];
    expect(queries.length).toBeGreaterThan(40);
    expect(problemsOf(queries, exported)).toEqual([]);
  });

  it("counts every rejection reason, frame drop reason and client error code from zero (rate() then sees the first one)", () => {
    for (const reason of REJECT_REASONS)
      expect(exposition).toMatch(
        new RegExp(`^pbft_rejections_total\\{reason="${reason}",[^}]*\\} \\d+$`, "m"),
      );
    for (const reason of FRAME_DROP_REASONS)
      expect(exposition).toMatch(
        new RegExp(`^pbft_frames_dropped_total\\{reason="${reason}",[^}]*\\} \\d+$`, "m"),
      );
    for (const code of CLIENT_ERROR_CODES)
      expect(exposition).toMatch(
        new RegExp(`^pbft_client_rejections_total\\{code="${code}",[^}]*\\} \\d+$`, "m"),
      );
  });

  it("has a dashboard panel for every pbft_* metric the node exports (process and Node.js metrics aside)", () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, "utf8")) as Record<string, unknown>;
    const used = new Set(dashboardQueries(dash).flatMap((q) => selectors(q.expr).map((s) => s.metric)));
    const families = [...exposition.matchAll(/^# TYPE (pbft_\w+) (\w+)$/gm)]
      .map((m) => ({ family: m[1]!, kind: m[2]! }))
      .filter((f) => !f.family.startsWith("pbft_process_") && !f.family.startsWith("pbft_nodejs_"));
    expect(families.length).toBeGreaterThan(15);
    const missing = families
      .filter(({ family, kind }) =>
        kind === "histogram"
          ? !["_bucket", "_sum", "_count"].some((sfx) => used.has(family + sfx))
          : !used.has(family),
      )
      .map((f) => f.family);
    expect(missing).toEqual([]);
    for (const m of ["pbft_process_cpu_seconds_total", "pbft_process_resident_memory_bytes"])
      expect(used.has(m), m).toBe(true);
  });
});
