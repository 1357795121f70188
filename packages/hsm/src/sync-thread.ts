// A helper thread that runs fdatasync while the main thread goes on (it signs meanwhile): the guard's
// synchronous path then costs max(sync, sign) per vote instead of their sum. The main thread hands over a
// request through shared memory and blocks in Atomics.wait until the thread reports it done, so the
// caller stays synchronous and nothing is released before the data is durable.
import { Worker } from "node:worker_threads";

// state: [0] requests started (-1: stop), [1] requests done, [2] errno of a failed one (0: none), [3] fd,
// [4] 1 once the thread runs. The source runs as a CommonJS or an ES module script (the worker inherits
// --input-type), hence the dynamic imports.
const SOURCE = `
(async () => {
  const { workerData } = await import("node:worker_threads");
  const { fdatasyncSync } = await import("node:fs");
  const state = new Int32Array(workerData.state);
  Atomics.store(state, 4, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(state, 0, seen);
    const req = Atomics.load(state, 0);
    if (req < 0) break;
    if (req === seen) continue;
    try {
      fdatasyncSync(Atomics.load(state, 3));
    } catch (e) {
      Atomics.store(state, 2, typeof e.errno === "number" ? Math.abs(e.errno) || 5 : 5);
    }
    Atomics.store(state, 1, req);
    Atomics.notify(state, 1);
    seen = req;
  }
})();
`;

export class SyncThread {
  private readonly state = new Int32Array(new SharedArrayBuffer(32));
  private readonly worker: Worker;
  private requested = 0;

  constructor(private readonly timeoutMs: number) {
    this.worker = new Worker(SOURCE, { eval: true, execArgv: [], workerData: { state: this.state.buffer } });
    this.worker.unref();
    this.worker.on("error", () => {
      // reported to the waiter as a timeout: the main thread is blocked while this would run
    });
  }

  /** Whether the thread runs (it starts in the background: until then the caller syncs itself). */
  ready(): boolean {
    return Atomics.load(this.state, 4) === 1;
  }

  /** Starts an fdatasync of `fd` in the thread; every write to `fd` issued before this call is covered. */
  start(fd: number): void {
    this.requested++;
    Atomics.store(this.state, 3, fd);
    Atomics.store(this.state, 0, this.requested);
    Atomics.notify(this.state, 0);
  }

  /** Blocks until the last sync started is done; throws if it failed or did not finish in time. */
  wait(): void {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const done = Atomics.load(this.state, 1);
      if (done >= this.requested) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fdatasync did not complete within ${this.timeoutMs} ms`);
      Atomics.wait(this.state, 1, done, left); // returns at once if `done` moved meanwhile
    }
    const errno = Atomics.load(this.state, 2);
    if (errno !== 0) throw new Error(`fdatasync failed (errno ${errno})`);
  }

  stop(): void {
    Atomics.store(this.state, 0, -1);
    Atomics.notify(this.state, 0);
    void this.worker.terminate();
  }
}
