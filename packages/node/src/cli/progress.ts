// Progress bars for long ledger commands (verify, export, import: 100,000 proposals take ~20 s) and for a
// foreground node's state transfer. On stderr, and only for a person watching: never with --json, never when
// stderr is not a terminal (a pipe, a file, CI logs), never with PBFT_NO_PROGRESS=1.
import { createReadStream } from "node:fs";
import type { LedgerProgress, ProgressOptions } from "@pbft/ledger";
import cliProgress from "cli-progress";
import type { TransferBar } from "../daemon/state-transfer-watch.js";

export interface Progress {
  /** `n` more items done (the total grows when more turn up than expected: a ledger still growing). */
  tick(n?: number): void;
  /** `value` items done in all, of `total` when it is (newly) known. */
  update(value: number, total?: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { tick: () => undefined, update: () => undefined, stop: () => undefined };

export interface ProgressTarget {
  readonly isTTY?: boolean;
  write(s: string): boolean;
}

export function progressWanted(json: boolean, stream: ProgressTarget = process.stderr): boolean {
  return !json && stream.isTTY === true && process.env.PBFT_NO_PROGRESS !== "1";
}

/** A bar "label |████░░| done/total unit | rate/s | ETA", or nothing when not wanted. */
export function startProgress(
  label: string,
  total: number,
  unit: string,
  o: { json: boolean; stream?: ProgressTarget },
): Progress {
  const stream = o.stream ?? process.stderr;
  if (!progressWanted(o.json, stream)) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(8)} |{bar}| {value}/{total} ${unit} | {speed}/s | ETA {eta_formatted}`,
      stream: stream as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let value = 0;
  let max = Math.max(total, 1);
  bar.start(max, 0, { speed: 0 });
  const update = (done: number, total?: number) => {
    value = done;
    const newMax = Math.max(total ?? max, value, 1);
    if (newMax !== max) {
      max = newMax;
      bar.setTotal(max);
    }
    bar.update(value, { speed: Math.round(value / Math.max((performance.now() - started) / 1000, 0.001)) });
  };
  return {
    tick: (n = 1) => update(value + n),
    update,
    stop() {
      bar.stop();
    },
  };
}

/**
 * The progress hook of @pbft/ledger's verifyLedger and importLedger drawn as bars, one per phase (`verify`,
 * then `import`). `total`: the entries expected when the library cannot know them yet (an export's lines).
 */
export function ledgerProgress(o: { json: boolean; total?: number; stream?: ProgressTarget }): {
  readonly options: ProgressOptions;
  stop(): void;
} {
  let phase: LedgerProgress["phase"] | undefined;
  let bar: Progress = NO_PROGRESS;
  return {
    options: {
      onProgress: (p) => {
        if (p.phase !== phase) {
          bar.stop();
          phase = p.phase;
          bar = startProgress(p.phase, p.total ?? o.total ?? 0, "entries", {
            json: o.json,
            ...(o.stream ? { stream: o.stream } : {}),
          });
        }
        bar.update(p.height, p.total);
      },
    },
    stop: () => bar.stop(),
  };
}

/**
 * A foreground node's state transfer bar (`pbft node start` on a terminal), counting the entries fetched
 * since the transfer began; the caller decides whether one is wanted (progressWanted).
 */
export function transferBar(fromHeight: number, targetHeight: number, stream?: ProgressTarget): TransferBar {
  const p = startProgress("catch-up", targetHeight - fromHeight, "entries", {
    json: false,
    ...(stream ? { stream } : {}),
  });
  return {
    update: (height, target) => p.update(height - fromHeight, target - fromHeight),
    stop: () => p.stop(),
  };
}

/** Lines of a file (the entries of an export are its lines but the first and the last). */
export async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>)
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) n++;
  return n;
}
