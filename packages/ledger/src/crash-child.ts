// Child process for the SIGKILL crash test: appends synced entries in a loop and prints each height once
// execute() has returned. Bounded in count and time. Usage: crash-child <dir>
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const APPENDS_MAX = 2_000;
const RUN_MS_MAX = 20_000;
const PER_ENTRY = 5;

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: crash-child <dir>");
  const fx = makeFixture("crash-cluster", true);
  const ledger = await Ledger.open(dir, fx.cluster);
  const started = Date.now();
  for (let i = 0; i < APPENDS_MAX && Date.now() - started < RUN_MS_MAX; i++) {
    const h = ledger.head().height + 1;
    // PER_ENTRY new ids, then the previous entry's first id again: refused duplicate-id only if the stored
    // rules' state kept up with the entries through every crash (verify re-executes from the genesis).
    const requests = Array.from({ length: PER_ENTRY + 1 }, (_, k) =>
      fx.request(
        {
          id: `01J${String(k < PER_ENTRY ? h * PER_ENTRY + k : (h - 1) * PER_ENTRY).padStart(23, "0")}`,
          type: "test",
          title: "t",
          content: { h },
          source: "c",
        },
        (h - 1) * (PER_ENTRY + 1) + k + 1,
      ),
    );
    await ledger.execute({ seq: h, view: 0, requests, certificate: fx.certify(0, h, requests) });
    process.stdout.write(`${h}\n`);
  }
  await ledger.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
