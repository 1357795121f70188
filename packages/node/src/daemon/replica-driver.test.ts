// The driver between the pure core and the node's I/O, with fakes for the core, the disk and the network:
// a core fault stops it; its output gate holds every send until what it depends on is durable.
import {
  CoreInvariantError,
  type DurableState,
  type Effect,
  type Event,
  pbft,
  type Replica,
  type ReplicaId,
} from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { DurableStateWriter } from "./durable-state.js";
import { createMetrics } from "./metrics.js";
import { ReplicaDriver } from "./replica-driver.js";

/** A promise with its resolve and reject at hand. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const STATE: DurableState = {
  view: 0,
  viewChanging: false,
  stableSeq: 0,
  stableDigest: new Uint8Array(32),
  checkpointProof: [],
  prepared: [],
};

function frame(tag: number): pbft.ReplicaFrame {
  return pbft.ReplicaFrame.create({ forwardedRequest: { body: new Uint8Array([tag]) } });
}

/** The tag of a frame sent by the driver (see `frame`). */
function tagOf(bytes: Uint8Array): number {
  return pbft.ReplicaFrame.decode(bytes).forwardedRequest?.body?.[0] ?? -1;
}

interface Rig {
  readonly driver: ReplicaDriver;
  /** Frames that left the node, by tag, in order. */
  readonly sent: number[];
  /** Persist writes started and not finished, oldest first. */
  readonly writes: ReturnType<typeof deferred<void>>[];
  /** Resolves with the error of the first onFatal call. */
  readonly fatal: Promise<Error>;
  /** Events the fake core was stepped with. */
  readonly stepped: Event[];
  /** Resolves when the fake core has been stepped `n` times in all. */
  steppedTimes(n: number): Promise<void>;
  /** Resolves when `n` frames in all have left the node. */
  sentTimes(n: number): Promise<void>;
  /** Resolves when `n` persist writes in all have started. */
  writesStarted(n: number): Promise<void>;
}

/** A driver over a fake core that answers each event with `script(event)` (or throws). */
function rig(
  script: (event: Event) => Effect[],
  votes?: { readonly pending: () => number; readonly commit: () => Promise<void> },
): Rig {
  const sent: number[] = [];
  const writes: ReturnType<typeof deferred<void>>[] = [];
  const stepped: Event[] = [];
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };
  const until = (cond: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (cond() ? resolve() : waiters.push(check));
      check();
    });
  const fatal = deferred<Error>();
  const replica = {
    start: (): Effect[] => [],
    step: (event: Event): Effect[] => {
      stepped.push(event);
      notify();
      return script(event);
    },
    status: () => ({ id: 0 }),
  } as unknown as Replica;
  const stateWriter = {
    write: (_state: DurableState) => {
      const d = deferred();
      writes.push(d);
      notify();
      return d.promise;
    },
  } as unknown as DurableStateWriter;
  const record = (bytes: Uint8Array) => {
    sent.push(tagOf(bytes));
    notify();
  };
  const driver = new ReplicaDriver({
    replica,
    ledger: {} as Ledger,
    stateWriter,
    net: { send: (_to: ReplicaId, bytes) => record(bytes), broadcast: (bytes) => record(bytes) },
    clients: () => undefined,
    metrics: createMetrics({ node: "n0", cluster: "c" }),
    logger: pino({ level: "silent" }),
    eventQueueMax: 100,
    ...(votes ? { votes } : {}),
    onFatal: (e) => fatal.resolve(e),
  });
  driver.start();
  return {
    driver,
    sent,
    writes,
    fatal: fatal.promise,
    stepped,
    steppedTimes: (n) => until(() => stepped.length >= n),
    sentTimes: (n) => until(() => sent.length >= n),
    writesStarted: (n) => until(() => writes.length >= n),
  };
}

const tick: Event = { kind: "timer", timer: { kind: "state-transfer" } };

describe("replica driver: a core fault", () => {
  it("stops the driver and calls onFatal once with the core's error; nothing more is stepped or sent", async () => {
    const r = rig((event) => {
      if (event.kind === "timer")
        throw new CoreInvariantError("replica 0, handling timer state-transfer: bug");
      return [{ kind: "broadcast", frame: frame(1) }];
    });
    expect(r.driver.offer(tick)).toBe(true);
    const error = await r.fatal;
    expect(error).toBeInstanceOf(CoreInvariantError);
    expect(error.message).toMatch(/handling timer state-transfer: bug/);
    // Stopped: new input is refused and never reaches the core.
    expect(
      r.driver.offer({ kind: "client-request", from: "client", request: {} as pbft.ClientRequest }),
    ).toBe(false);
    await r.driver.stop();
    expect(r.stepped).toHaveLength(1);
    expect(r.sent).toEqual([]);
  });
});

const persist: Effect = { kind: "persist", state: STATE };
const broadcast = (tag: number): Effect => ({ kind: "broadcast", frame: frame(tag) });
const send = (tag: number): Effect => ({ kind: "send", to: 1, frame: frame(tag) });
/** Events numbered by their timer's view, so a script can answer each differently. */
const ev = (n: number): Event => ({ kind: "timer", timer: { kind: "view-change", view: n } });
const numberOf = (e: Event): number =>
  e.kind === "timer" && e.timer.kind === "view-change" ? e.timer.view : -1;

describe("replica driver: the output gate", () => {
  it("sends at once what depends on nothing unwritten", async () => {
    const r = rig(() => [broadcast(1), send(2)]);
    r.driver.offer(ev(1));
    await r.sentTimes(2);
    expect(r.sent).toEqual([1, 2]);
    expect(r.writes).toHaveLength(0);
    await r.driver.stop();
  });

  it("a persist that has not resolved holds the broadcast after it; resolving releases it", async () => {
    const r = rig(() => [persist, broadcast(1)]);
    r.driver.offer(ev(1));
    await r.writesStarted(1);
    await r.steppedTimes(1);
    expect(r.sent).toEqual([]);
    r.writes[0]!.resolve();
    await r.sentTimes(1);
    expect(r.sent).toEqual([1]);
    await r.driver.stop();
  });

  it("a later step's outputs wait for an earlier step's persist too, and leave in order", async () => {
    const r = rig((e) => (numberOf(e) === 1 ? [persist, broadcast(1)] : [send(2), broadcast(3)]));
    r.driver.offer(ev(1));
    r.driver.offer(ev(2));
    await r.steppedTimes(2);
    await r.writesStarted(1);
    expect(r.sent).toEqual([]);
    r.writes[0]!.resolve();
    await r.sentTimes(3);
    expect(r.sent).toEqual([1, 2, 3]);
    await r.driver.stop();
  });

  it("a persist made while a write runs is written next; its outputs wait for that second write", async () => {
    const r = rig((e) => [persist, broadcast(numberOf(e))]);
    r.driver.offer(ev(1));
    await r.writesStarted(1);
    r.driver.offer(ev(2));
    r.driver.offer(ev(3));
    await r.steppedTimes(3);
    r.writes[0]!.resolve();
    await r.sentTimes(1);
    await r.writesStarted(2); // steps 2 and 3 coalesced into one write
    expect(r.sent).toEqual([1]);
    r.writes[1]!.resolve();
    await r.sentTimes(3);
    expect(r.sent).toEqual([1, 2, 3]);
    expect(r.writes).toHaveLength(2);
    await r.driver.stop();
  });

  it("a signed vote waits for the double-sign guard's record of it, without any persist", async () => {
    let unsynced = 0;
    const commits: ReturnType<typeof deferred<void>>[] = [];
    const r = rig(
      () => {
        unsynced = 1; // the core signed a vote in this step
        return [broadcast(7)];
      },
      {
        pending: () => unsynced,
        commit: () => {
          const d = deferred<void>();
          commits.push(d);
          return d.promise.then(() => {
            unsynced = 0;
          });
        },
      },
    );
    r.driver.offer(ev(1));
    await r.steppedTimes(1);
    expect(commits).toHaveLength(1);
    expect(r.sent).toEqual([]);
    commits[0]!.resolve();
    await r.sentTimes(1);
    expect(r.sent).toEqual([7]);
    await r.driver.stop();
  });

  it("a failed write is fatal: the held broadcast never leaves and nothing more is stepped", async () => {
    const r = rig(() => [persist, broadcast(1)]);
    r.driver.offer(ev(1));
    await r.writesStarted(1);
    r.writes[0]!.reject(new Error("disk full"));
    const error = await r.fatal;
    expect(error.message).toBe("disk full");
    expect(r.driver.offer(ev(2))).toBe(false);
    await r.driver.stop();
    expect(r.sent).toEqual([]);
    expect(r.stepped).toHaveLength(1);
  });
});
