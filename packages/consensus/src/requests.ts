// Client requests a replica holds until they are executed: the backups watch them (request timers), the
// primary queues them for batching. Bounded; indexed per client so that executing request number N also
// forgets that client's older ones (the exactly-once rule makes them duplicates).
import type { CheckedRequest } from "./codec.js";

export interface PendingRequest {
  readonly key: string;
  readonly req: CheckedRequest;
  /** A client sent it to this backup: it suspects the primary if it is not executed in time. */
  watched: boolean;
  timerRunning: boolean;
  /** In a pre-prepare of the current view. */
  ordered: boolean;
}

export const requestKey = (clientHex: string, requestNumber: number): string =>
  `${clientHex}/${requestNumber}`;

export class PendingRequests {
  private readonly byKey = new Map<string, PendingRequest>();
  private readonly byClient = new Map<string, Set<number>>();
  private queue: PendingRequest[] = []; // primary: waiting for a batch, oldest first
  private head = 0;
  private bytes = 0;

  constructor(readonly max: number) {}

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): PendingRequest | undefined {
    return this.byKey.get(key);
  }

  entries(): IterableIterator<PendingRequest> {
    return this.byKey.values();
  }

  /** Adds a request not held yet; null when at the bound. */
  add(req: CheckedRequest): PendingRequest | null {
    if (this.byKey.size >= this.max) return null;
    const key = requestKey(req.clientHex, req.requestNumber);
    const p: PendingRequest = { key, req, watched: false, timerRunning: false, ordered: false };
    this.byKey.set(key, p);
    let numbers = this.byClient.get(req.clientHex);
    if (numbers === undefined) {
      numbers = new Set();
      this.byClient.set(req.clientHex, numbers);
    }
    numbers.add(req.requestNumber);
    return p;
  }

  /** Forgets a client's requests numbered up to `upTo` (executed or superseded); returns them. */
  dropUpTo(clientHex: string, upTo: number): PendingRequest[] {
    const numbers = this.byClient.get(clientHex);
    if (numbers === undefined) return [];
    const dropped: PendingRequest[] = [];
    for (const n of numbers) {
      if (n > upTo) continue;
      numbers.delete(n);
      const key = requestKey(clientHex, n);
      const p = this.byKey.get(key);
      if (p !== undefined) dropped.push(p);
      this.byKey.delete(key);
    }
    if (numbers.size === 0) this.byClient.delete(clientHex);
    return dropped;
  }

  // ---------------------------------------------------------------- the primary's batching queue

  enqueue(p: PendingRequest): void {
    this.queue.push(p);
    this.bytes += p.req.bytes;
  }

  clearQueue(): void {
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
  }

  get queuedCount(): number {
    return this.queue.length - this.head;
  }

  get queuedBytes(): number {
    return this.bytes;
  }

  /**
   * Takes the next batch in arrival order: at most `countMax` requests and `bytesMax` bytes (at least one
   * request), skipping those executed, ordered or dropped meanwhile, and those `isDone` says are done.
   */
  takeBatch(countMax: number, bytesMax: number, isDone: (r: CheckedRequest) => boolean): CheckedRequest[] {
    const batch: CheckedRequest[] = [];
    let size = 0;
    while (this.head < this.queue.length && batch.length < countMax) {
      const p = this.queue[this.head]!;
      const live = this.byKey.get(p.key) === p && !p.ordered && !isDone(p.req);
      if (live && batch.length > 0 && size + p.req.bytes > bytesMax) break;
      this.head++;
      this.bytes -= p.req.bytes;
      if (!live) continue;
      size += p.req.bytes;
      batch.push(p.req);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return batch;
  }
}
