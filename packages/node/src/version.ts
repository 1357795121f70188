// What build this is: the package version and the git commit, for `pbft --version`, /status, the
// pbft_build_info metric and the node's start-up log line. The commit comes from dist/build-info.json when a
// build step wrote one (the container image has no .git), else from the repository's .git (read as files: no
// git binary needed), else "unknown".
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface BuildInfo {
  readonly version: string;
  /** Full commit hash, or "unknown". */
  readonly commit: string;
  readonly node: string;
}

/** packages/node (this file is packages/node/{src,dist}/version.{ts,js}). */
const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  cached ??= {
    version: packageVersion(),
    commit: commitFromFile() ?? commitFromGit(PACKAGE_DIR) ?? "unknown",
    node: process.version,
  };
  return cached;
}

/** "0.1.0 (commit 57e2da4, node v20.20.0)". */
export function versionLine(): string {
  const b = buildInfo();
  return `${b.version} (commit ${b.commit === "unknown" ? "unknown" : b.commit.slice(0, 12)}, node ${b.node})`;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return "unknown";
  }
}

function commitFromFile(): string | undefined {
  try {
    const v = JSON.parse(readFileSync(join(PACKAGE_DIR, "dist", "build-info.json"), "utf8")) as {
      commit?: unknown;
    };
    return typeof v.commit === "string" && /^[0-9a-f]{40}$/.test(v.commit) ? v.commit : undefined;
  } catch {
    return undefined;
  }
}

/** HEAD's commit of the repository holding `from`, read from .git (a directory, or a worktree's file). */
export function commitFromGit(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) return readHead(gitDirOf(dotGit));
    if (dirname(dir) === dir) return undefined;
  }
}

function gitDirOf(dotGit: string): string {
  if (statSync(dotGit).isDirectory()) return dotGit;
  const line = readFileSync(dotGit, "utf8").trim();
  const target = line.startsWith("gitdir:") ? line.slice("gitdir:".length).trim() : line;
  return isAbsolute(target) ? target : resolve(dirname(dotGit), target);
}

function readHead(gitDir: string): string | undefined {
  try {
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    // A worktree keeps its HEAD; branches live in the common directory.
    const common = existsSync(join(gitDir, "commondir"))
      ? resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim())
      : gitDir;
    for (const d of [gitDir, common]) {
      const file = join(d, ref);
      if (existsSync(file)) return readFileSync(file, "utf8").trim();
    }
    for (const d of [gitDir, common]) {
      const packed = join(d, "packed-refs");
      if (!existsSync(packed)) continue;
      for (const l of readFileSync(packed, "utf8").split("\n")) {
        const [hash, name] = l.split(" ");
        if (name === ref && hash && /^[0-9a-f]{40}$/.test(hash)) return hash;
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}
