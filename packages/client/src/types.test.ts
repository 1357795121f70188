// The SDK's types are the OpenAPI document's: src/gen/openapi.ts must be what openapi-typescript makes of
// packages/node/openapi.json today (else: npm run gen -w @pbft/client).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

describe("the SDK's API types", () => {
  it("are generated from the node's OpenAPI document", () => {
    const dir = mkdtempSync(join(tmpdir(), "sdk-types-"));
    try {
      const out = join(dir, "openapi.ts");
      const bin = join(ROOT, "..", "..", "node_modules", "openapi-typescript", "bin", "cli.js");
      execFileSync(process.execPath, [bin, join(ROOT, "..", "node", "openapi.json"), "-o", out], {
        stdio: "pipe",
      });
      expect(readFileSync(join(ROOT, "src", "gen", "openapi.ts"), "utf8")).toBe(readFileSync(out, "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
