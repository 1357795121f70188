// The progress hook of verify and import: throttled by entries (time is set out of reach here, so the calls
// are deterministic), increasing heights, and a last call at the head with the head as its total.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "ulid";
import { afterEach, describe, expect, it } from "vitest";
import { exportLedgerToFile, importLedger, readExport } from "./export.js";
import type { LedgerProgress, ProgressOptions } from "./progress.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { type RawItem, verifyLedger, verifyStream } from "./verify.js";

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "ledger-progress-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fx = makeFixture();
const ENTRIES = 10;

/** A data dir of ENTRIES entries of one request each, and its export. */
async function ledgerAndExport(): Promise<{ dir: string; file: string }> {
  const dir = tmp();
  const ledger = await Ledger.open(dir, fx.cluster);
  for (let h = 1; h <= ENTRIES; h++) {
    const requests = [
      fx.request({ id: ulid(), type: "decision", title: `t${h}`, content: {}, source: "test" }, h),
    ];
    await ledger.execute({ seq: h, view: 0, requests, certificate: fx.certify(0, h, requests) });
  }
  const file = join(tmp(), "export.ndjson");
  await exportLedgerToFile(ledger, file);
  await ledger.close();
  return { dir, file };
}

/** Every third entry, never by time. */
function every3(): { seen: LedgerProgress[]; options: ProgressOptions } {
  const seen: LedgerProgress[] = [];
  return {
    seen,
    options: {
      onProgress: (p) => seen.push(p),
      progressEveryEntries: 3,
      progressEveryMs: Number.POSITIVE_INFINITY,
    },
  };
}

describe("ledger progress hook", () => {
  it("verify of a data dir: increasing heights, throttled, the stored head as total, ending at the head", async () => {
    const { dir } = await ledgerAndExport();
    const { seen, options } = every3();
    expect(await verifyLedger(dir, fx.cluster, options)).toMatchObject({ ok: true, height: ENTRIES });
    // The first entry reports at once (a bar appears), then every third, then the end.
    expect(seen.map((p) => p.height)).toEqual([1, 4, 7, 10]);
    expect(seen.every((p) => p.phase === "verify" && p.total === ENTRIES)).toBe(true);
  });

  it("verify of an export: no total until its end line is read, then the head", async () => {
    const { file } = await ledgerAndExport();
    const { seen, options } = every3();
    expect(await verifyLedger(file, fx.cluster, options)).toMatchObject({ ok: true, height: ENTRIES });
    expect(seen.map((p) => [p.height, p.total])).toEqual([
      [1, undefined],
      [4, undefined],
      [7, undefined],
      [10, undefined],
      [10, ENTRIES],
    ]);
  });

  it("import: the verify phase, then the import phase with the verified height as total", async () => {
    const { file } = await ledgerAndExport();
    const { seen, options } = every3();
    expect(await importLedger(file, join(tmp(), "imported"), fx.cluster, options)).toBe(ENTRIES);
    expect(seen.map((p) => `${p.phase} ${p.height}/${p.total ?? "?"}`)).toEqual([
      "verify 1/?",
      "verify 4/?",
      "verify 7/?",
      "verify 10/?",
      "verify 10/10",
      "import 1/10",
      "import 4/10",
      "import 7/10",
      "import 10/10",
    ]);
  });

  it("a verification that fails reports what it verified before, and no end", async () => {
    const { file } = await ledgerAndExport();
    const { seen, options } = every3();
    async function* brokenAt6(): AsyncGenerator<RawItem> {
      for await (const item of readExport(file, fx.cluster.clusterId))
        yield item.height === 6 ? { height: 6, error: "unreadable" } : item;
    }
    expect(await verifyStream(brokenAt6(), fx.cluster, options)).toMatchObject({ ok: false, badHeight: 6 });
    expect(seen.map((p) => p.height)).toEqual([1, 4]);
  });
});
