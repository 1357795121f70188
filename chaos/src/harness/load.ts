// A bounded load generator of signed proposals, from the host through the `pbft submit` CLI (the
// contract users have), one sequential worker per proposer key: request numbers are strictly increasing
// per key, so two concurrent submitters must not share one. Every receipt is recorded.
import { join } from "node:path";
import { run } from "./docker.js";
import { CLI } from "./paths.js";

export interface Receipt {
  readonly height: number;
  readonly entryHash: string;
  readonly proposalId: string;
  readonly decision: "accepted" | "rejected";
  readonly reason?: string;
}

export interface Submission {
  readonly worker: number;
  readonly title: string;
  readonly started_ms: number;
  readonly ended_ms: number;
  readonly receipt?: Receipt;
  readonly error?: string;
}

export interface LoadOptions {
  readonly testnet: string;
  /** Proposer key files; one worker each (testnet --proposers K makes proposer.key, proposer-1.key, ...). */
  readonly keys: readonly string[];
  readonly tag: string;
  /** Upper bounds: at most this many submissions in total, and none started after duration_ms. */
  readonly count_max: number;
  readonly duration_ms: number;
  /** Per submission (the CLI's --timeout); the process is killed 15 s after it. */
  readonly submit_timeout_ms?: number;
}

export function proposerKeys(testnet: string, k: number): string[] {
  return Array.from({ length: k }, (_, i) => join(testnet, i === 0 ? "proposer.key" : `proposer-${i}.key`));
}

/** One submission through the CLI; never throws. */
export async function submitOnce(
  testnet: string,
  key: string,
  title: string,
  timeout_ms: number,
): Promise<{ receipt?: Receipt; error?: string }> {
  const r = await run(
    process.execPath,
    [
      CLI,
      "submit",
      "--testnet",
      testnet,
      "--key",
      key,
      "--type",
      "decision",
      "--title",
      title,
      "--content",
      JSON.stringify({ text: `chaos proposal ${title}` }),
      "--source",
      "chaos",
      "--timeout",
      String(timeout_ms),
      "--json",
    ],
    { timeout_ms: timeout_ms + 15_000 },
  );
  if (r.code !== 0) {
    return { error: (r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`).split("\n").slice(-1)[0] };
  }
  try {
    const j = JSON.parse(r.stdout) as Receipt;
    if (typeof j.height !== "number" || typeof j.proposalId !== "string")
      return { error: `bad receipt: ${r.stdout.slice(0, 200)}` };
    return { receipt: j };
  } catch {
    return { error: `unparsable receipt: ${r.stdout.slice(0, 200)}` };
  }
}

export class LoadGenerator {
  readonly submissions: Submission[] = [];
  private stopped = false;
  private running?: Promise<void>;
  private issued = 0;

  constructor(private readonly o: LoadOptions) {}

  start(): this {
    const t0 = Date.now();
    const worker = async (w: number) => {
      const key = this.o.keys[w] as string;
      for (;;) {
        if (this.stopped || this.issued >= this.o.count_max || Date.now() - t0 >= this.o.duration_ms) return;
        const k = this.issued++;
        const title = `${this.o.tag}-${String(k).padStart(4, "0")}`;
        const started_ms = Date.now();
        const res = await submitOnce(this.o.testnet, key, title, this.o.submit_timeout_ms ?? 20_000);
        this.submissions.push({ worker: w, title, started_ms, ended_ms: Date.now(), ...res });
      }
    };
    this.running = Promise.all(this.o.keys.map((_, w) => worker(w))).then(() => undefined);
    return this;
  }

  /** Stops issuing and waits for the submissions in flight (each bounded by its timeout). */
  async finish(): Promise<Submission[]> {
    this.stopped = true;
    await this.running;
    return this.submissions;
  }

  /** Waits until the bounds end the load on their own. */
  async done(): Promise<Submission[]> {
    await this.running;
    return this.submissions;
  }

  get receipted(): Submission[] {
    return this.submissions.filter((s) => s.receipt !== undefined);
  }
}
