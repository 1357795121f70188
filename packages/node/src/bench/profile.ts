// `pbft bench --profile`: where a node's main thread spends its time, from the V8 CPU profiles the nodes write
// with --cpu-prof. Each sample is charged to one category by its leaf frame; a frame that names no category
// (a native builtin such as `writeBuffer` or `verifyOneShot`, Node's own timers and events, small utility
// packages) passes the sample up to its caller, so the time lands where the work was asked for.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The shape of a .cpuprofile (V8's Profiler.Profile), as far as the breakdown reads it. */
export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  /** Microseconds on the monotonic clock (the one process.hrtime reads on Linux). */
  readonly startTime: number;
  readonly endTime: number;
  /** Node id of each sample's leaf. */
  readonly samples: readonly number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  readonly timeDeltas: readonly number[];
}

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

export const CATEGORIES = [
  "verify",
  "hsm",
  "encoding",
  "libp2p",
  "leveldb",
  "ledger",
  "consensus",
  "daemon",
  "gc",
  "other",
  "idle",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  verify: "signature verification (node:crypto)",
  hsm: "HSM signing (pkcs11js, packages/hsm)",
  encoding: "encoding (protobuf, codec, JSON, schemas)",
  libp2p: "libp2p and streams (noise, yamux, it-*, net)",
  leveldb: "LevelDB (classic-level, abstract-level)",
  ledger: "rules and ledger (packages/ledger)",
  consensus: "consensus core (packages/consensus)",
  daemon: "node daemon (packages/node)",
  gc: "GC",
  other: "everything else",
  idle: "idle",
};

const ENCODING_PACKAGES = new Set(["protobufjs", "long", "zod", "ajv", "ajv-formats", "fast-json-stringify"]);
const LIBP2P_PACKAGES = new Set([
  "libp2p",
  "multiformats",
  "uint8arraylist",
  "@noble/ciphers",
  "p-queue",
  "p-event",
  "p-defer",
  "race-signal",
  "race-event",
  "main-event",
  "any-signal",
  "abortable-iterator",
  "progress-events",
  "protons-runtime",
  "eventemitter3",
]);
const LIBP2P_SCOPES = ["@libp2p/", "@chainsafe/", "@multiformats/", "@achingbrain/"];
const LEVEL_PACKAGES = new Set([
  "classic-level",
  "abstract-level",
  "level",
  "level-transcoder",
  "level-supports",
  "module-error",
  "maybe-combine-errors",
]);
/** Helpers whose time belongs to whoever called them (hashing, byte conversions). */
const TRANSPARENT_PACKAGES = new Set(["uint8arrays", "@noble/hashes", "@noble/curves"]);
const NODE_STREAM_MODULES = [
  "node:net",
  "node:internal/net",
  "node:internal/stream_base_commons",
  "node:internal/streams/",
  "node:stream",
];

/** The package a node_modules path belongs to ("@libp2p/tcp", "it-pipe"), if any. */
function packageOf(url: string): string | undefined {
  const i = url.lastIndexOf("/node_modules/");
  if (i < 0) return undefined;
  const parts = url.slice(i + "/node_modules/".length).split("/");
  return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The category one frame names, or undefined when the sample should go to its caller. */
export function frameCategory(functionName: string, url: string): Category | undefined {
  switch (functionName) {
    case "(garbage collector)":
      return "gc";
    case "(idle)":
      return "idle";
    case "(program)":
    case "(root)":
      return "other";
  }
  if (url === "") return functionName === "parse" || functionName === "stringify" ? "encoding" : undefined;
  if (url.startsWith("node:")) {
    // Verification only: a signature made in a node process (libp2p's Noise handshake) is its caller's, and
    // key objects (node:internal/crypto/keys) are made by verifiers and libp2p alike.
    if (url === "node:internal/crypto/sig" && /verify/i.test(functionName)) return "verify";
    if (NODE_STREAM_MODULES.some((m) => url.startsWith(m))) return "libp2p";
    return undefined; // timers, events, hashing, fs: the caller's
  }
  const pkg = packageOf(url);
  if (pkg !== undefined) {
    if (pkg.startsWith("@pbft/"))
      return workspaceCategory(url.slice(url.lastIndexOf(pkg) + pkg.length + 1), pkg.slice("@pbft/".length));
    if (pkg === "pkcs11js") return "hsm";
    if (ENCODING_PACKAGES.has(pkg) || pkg.startsWith("@protobufjs/")) return "encoding";
    if (LIBP2P_PACKAGES.has(pkg) || pkg.startsWith("it-") || LIBP2P_SCOPES.some((s) => pkg.startsWith(s)))
      return "libp2p";
    if (LEVEL_PACKAGES.has(pkg)) return "leveldb";
    if (TRANSPARENT_PACKAGES.has(pkg)) return undefined;
    return "other";
  }
  const m = /\/packages\/([a-z-]+)\/(.*)$/.exec(url);
  if (m) return workspaceCategory(m[2]!, m[1]!);
  return "other";
}

/** A file of this repository's own packages; `rest` is its path inside the package. */
function workspaceCategory(rest: string, pkg: string): Category {
  switch (pkg) {
    case "consensus":
      // The generated protobuf code and its wrapper are encoding, not protocol logic.
      return /(^|\/)(gen\/|codec\.[jt]s$)/.test(rest) ? "encoding" : "consensus";
    case "ledger":
      return "ledger";
    case "hsm":
      // packages/hsm also holds the Ed25519 verifier (verify.ts), which is verification, not signing.
      return /(^|\/)verify\.[jt]s$/.test(rest) ? "verify" : "hsm";
    case "node":
      return "daemon";
    default:
      return "other";
  }
}

/** One profile's samples per category, counting only those taken inside [fromUs, toUs]. */
export interface ProfileTimes {
  /** Samples per category. */
  readonly samples: Record<Category, number>;
  /**
   * Sampled wall time (µs) per category: each sample stands for the time to the next. On a loaded machine a
   * descheduled thread's samples collapse into one long one (its profiler signals coalesce), so wall time
   * overstates CPU while the sample count tracks running time; the breakdown uses the counts.
   */
  readonly us: Record<Category, number>;
  /** Whether the window lay inside the profile (else nothing was counted). */
  readonly covered: boolean;
}

export function emptyTimes(): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
}

export function classifyProfile(p: CpuProfile, window?: { fromUs: number; toUs: number }): ProfileTimes {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, Category>();
  const categoryOf = (id: number): Category => {
    const known = memo.get(id);
    if (known) return known;
    const path: number[] = [];
    let cur: number | undefined = id;
    let found: Category = "other";
    while (cur !== undefined) {
      const hit = memo.get(cur);
      if (hit) {
        found = hit;
        break;
      }
      path.push(cur);
      const node = byId.get(cur);
      const c = node ? frameCategory(node.callFrame.functionName, node.callFrame.url) : undefined;
      if (c) {
        found = c;
        break;
      }
      cur = parent.get(cur);
    }
    for (const n of path) memo.set(n, found);
    return found;
  };
  const us = emptyTimes();
  const samples = emptyTimes();
  const from = window?.fromUs ?? Number.NEGATIVE_INFINITY;
  const to = window?.toUs ?? Number.POSITIVE_INFINITY;
  const covered = !window || (p.startTime <= window.fromUs && p.endTime >= window.toUs);
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    // A sample stands for the time until the next one.
    const next = i + 1 < p.samples.length ? t + (p.timeDeltas[i + 1] ?? 0) : p.endTime;
    const c = categoryOf(p.samples[i]!);
    us[c] += Math.max(0, Math.min(next, to) - t);
    samples[c]++;
  }
  return { samples, us, covered };
}

export interface ProfileRow {
  readonly category: Category | "threads" | "profiler";
  readonly label: string;
  /** CPU per committed proposal, mean over the nodes (idle: sampled wall time). */
  readonly usPerProposal: number;
  /** Of the nodes' CPU (idle: of the main threads' sampled time). */
  readonly percent: number;
}

export interface ProfileBreakdown {
  readonly profiles: number;
  /** Profiles whose samples covered the measured window. */
  readonly covered: number;
  /**
   * The nodes' CPU per proposal per node (all threads, from /proc), which the rows but idle add up to; it
   * includes the profiler's own thread (its row), so it is above an unprofiled run's.
   */
  readonly cpuUsPerProposal: number;
  readonly rows: readonly ProfileRow[];
  readonly dir: string;
  /** The measured window on the profiles' clock (µs), to look at the same samples in another tool. */
  readonly windowUs?: { readonly fromUs: number; readonly toUs: number };
}

/** One node's profile over the window, with the CPU its process and its main thread used in the window. */
export interface NodeProfile {
  readonly times: ProfileTimes;
  readonly mainThreadCpuUs: number;
  readonly processCpuUs: number;
  /** V8's sampling thread (v8:ProfEvntProc): the profiler's own cost, not the node's. */
  readonly profilerCpuUs?: number;
}

const OTHER_THREADS_LABEL = "other threads (LevelDB writes and fsync, GC helpers)";

/**
 * Per proposal per node: each node's main-thread CPU (from /proc) is shared out over the categories in
 * proportion to its busy samples; what the process used on its other threads is one more row.
 */
export function breakdown(nodes: readonly NodeProfile[], committed: number, dir: string): ProfileBreakdown {
  const cpu = emptyTimes();
  let threads = 0;
  let profiler = 0;
  let idleUs = 0;
  let sampledUs = 0;
  for (const n of nodes) {
    const busy = CATEGORIES.filter((c) => c !== "idle").reduce((a, c) => a + n.times.samples[c], 0);
    for (const c of CATEGORIES)
      if (c !== "idle" && busy > 0) cpu[c] += (n.times.samples[c] / busy) * n.mainThreadCpuUs;
    profiler += n.profilerCpuUs ?? 0;
    threads += Math.max(0, n.processCpuUs - n.mainThreadCpuUs - (n.profilerCpuUs ?? 0));
    idleUs += n.times.us.idle;
    sampledUs += CATEGORIES.reduce((a, c) => a + n.times.us[c], 0);
  }
  const count = Math.max(1, nodes.length);
  const per = (us: number) => (committed > 0 ? us / count / committed : 0);
  const total = CATEGORIES.reduce((a, c) => a + cpu[c], 0) + threads + profiler;
  return {
    profiles: nodes.length,
    covered: nodes.filter((n) => n.times.covered).length,
    cpuUsPerProposal: round1(per(total)),
    rows: [
      ...CATEGORIES.filter((c) => c !== "idle").map((c) => ({
        category: c,
        label: CATEGORY_LABELS[c],
        usPerProposal: round1(per(cpu[c])),
        percent: round1(pct(cpu[c], total)),
      })),
      {
        category: "threads" as const,
        label: OTHER_THREADS_LABEL,
        usPerProposal: round1(per(threads)),
        percent: round1(pct(threads, total)),
      },
      {
        category: "profiler" as const,
        label: "the profiler's sampling thread (absent unprofiled)",
        usPerProposal: round1(per(profiler)),
        percent: round1(pct(profiler, total)),
      },
      {
        category: "idle" as const,
        label: CATEGORY_LABELS.idle,
        usPerProposal: round1(per(idleUs)),
        percent: round1(pct(idleUs, sampledUs)),
      },
    ],
    dir,
  };
}

/**
 * Every .cpuprofile in `dir` (Node names them CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile), classified
 * over the window, by the process id that wrote it.
 */
export function readProfiles(
  dir: string,
  window: { fromUs: number; toUs: number },
): Map<number, ProfileTimes> {
  const out = new Map<number, ProfileTimes>();
  for (const f of readdirSync(dir).sort()) {
    const m = /^CPU\.\d+\.\d+\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(f);
    if (!m) continue;
    out.set(
      Number(m[1]),
      classifyProfile(JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile, window),
    );
  }
  return out;
}

/** The breakdown as a table, one row per category. */
export function formatBreakdown(b: ProfileBreakdown): string {
  const lines = [
    `  profile (${b.covered}/${b.profiles} nodes' profiles cover the window; ${b.dir}): CPU µs per proposal per node`,
    ...b.rows.map(
      (r) =>
        `    ${r.label.padEnd(52)} ${r.usPerProposal.toFixed(1).padStart(9)} µs  ${r.percent.toFixed(1).padStart(5)} %${r.category === "idle" ? " of the main thread's time (not CPU)" : ""}`,
    ),
    `    ${"total CPU (all but idle)".padEnd(52)} ${b.cpuUsPerProposal.toFixed(1).padStart(9)} µs`,
  ];
  return lines.join("\n");
}

function pct(x: number, of: number): number {
  return of > 0 ? (x / of) * 100 : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
