// The core is sans-IO: no file or network I/O, no timers, no clock, no randomness, no promises. This test
// scans the package's production sources (everything in src/ except the simulator, the benchmark, the
// test harness, generated code and tests) and fails on any import or use that would break that.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL(".", import.meta.url).pathname;
const EXCLUDED_DIRS = new Set(["sim", "bench", "testing", "gen", "demo"]);

/** Modules the core may import: its own files, protobufjs, and node:crypto for hashing only. */
const ALLOWED_IMPORTS = [/^\.\.?\//, /^protobufjs(\/minimal(\.js)?)?$/, /^node:crypto$/];

const BANNED_USES: readonly [RegExp, string][] = [
  [/\bDate\b/, "Date (clock)"],
  [/\bperformance\s*\./, "performance (clock)"],
  [/\bprocess\b/, "process"],
  [/\bMath\s*\.\s*random\b/, "Math.random"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask|clearTimeout|clearInterval)\b/, "timers"],
  [
    /\b(randomBytes|randomUUID|randomInt|randomFill\w*|getRandomValues|generateKey\w*)\b/,
    "crypto randomness",
  ],
  [/\bPromise\b|\basync\b|\bawait\b/, "promises"],
  // CommonJS require of a module (a method named require, e.g. OutputGate.require(), is fine).
  [/(?<![.\w$])require\s*\(\s*["'`]/, "require"],
  [/\bimport\s*\(/, "dynamic import"],
  [/\bfetch\s*\(/, "fetch"],
  [/\bglobalThis\b/, "globalThis"],
];

/** node:crypto may be used for hashing, nothing else. */
const ALLOWED_CRYPTO_MEMBERS = new Set(["createHash", "hash"]);

export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

export function violations(file: string, source: string): string[] {
  const out: string[] = [];
  const code = stripComments(source);
  for (const m of code.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s+["']([^"']+)["']/g)) {
    const spec = m[1] ?? m[2] ?? "";
    if (!ALLOWED_IMPORTS.some((re) => re.test(spec))) out.push(`${file}: imports ${spec}`);
  }
  for (const [re, what] of BANNED_USES) if (re.test(code)) out.push(`${file}: uses ${what}`);
  for (const m of code.matchAll(/\b(?:nodeCrypto|crypto)\s*\.\s*(\w+)/g))
    if (!ALLOWED_CRYPTO_MEMBERS.has(m[1]!)) out.push(`${file}: uses crypto.${m[1]}`);
  for (const m of code.matchAll(/import\s*{([^}]*)}\s*from\s*["']node:crypto["']/g))
    for (const name of m[1]!.split(",").map((s) => s.trim().split(/\s+as\s+/)[0]!))
      if (name && !ALLOWED_CRYPTO_MEMBERS.has(name)) out.push(`${file}: imports ${name} from node:crypto`);
  return out;
}

function productionSources(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!EXCLUDED_DIRS.has(name)) files.push(...productionSources(path));
    } else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts"))
      files.push(path);
  }
  return files;
}

describe("the core is pure", () => {
  it("production sources import no I/O, timer, clock or randomness and use no promises", () => {
    const files = productionSources(SRC);
    const names = files.map((f) => relative(SRC, f));
    for (const name of ["replica.ts", "replica/core.ts", "replica/view-change.ts", "gate.ts"])
      expect(names).toContain(name);
    const found = files.flatMap((f) => violations(relative(SRC, f), readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });

  it("the scan catches what it bans (checked on synthetic sources)", () => {
    const bad = [
      'import { readFileSync } from "node:fs";',
      'import { setTimeout } from "node:timers";',
      "const t = Date.now();",
      "const r = Math.random();",
      "setTimeout(() => {}, 1);",
      'import { randomBytes } from "node:crypto";',
      'import { createHash, randomFillSync } from "node:crypto";',
      'import { webcrypto } from "node:crypto";',
      "const b = crypto.randomBytes(4);",
      "const k = nodeCrypto.createPrivateKey(pem);",
      "async function f() { await g(); }",
      "if (process.env.X) {}",
      'const fs = require("node:fs");',
    ];
    for (const line of bad) expect(violations("x.ts", line), line).not.toEqual([]);
    expect(
      violations("x.ts", 'import { createHash } from "node:crypto";\n// Date.now() in a comment is fine'),
    ).toEqual([]);
    expect(violations("x.ts", "class G { require(): number { return 1; } }\nnew G().require();")).toEqual([]);
    // Hashing is what node:crypto is for here (hashing.ts).
    expect(
      violations(
        "x.ts",
        'import { createHash, hash } from "node:crypto";\nconst d = hash("sha256", b, "buffer");',
      ),
    ).toEqual([]);
  });
});
