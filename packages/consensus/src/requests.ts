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
  /** The replica's last executed seq when the timer was (re)armed, and how often it was re-armed on progress. */
  armedAtSeq: number;
  rearms: number;
  /** In a pre-prepare of the current view. */
  ordered: boolean;
  /** Relayed to the primary (a backup relays lazily: when not ordered soon, or when the client retransmits). */
  relayed: boolean;
  /** The clock reading (`step`'s nowMs) when a client gave it to this replica; -1: unknown. */
  receivedAtMs: number;
}

export const requestKey = (clientHex: string, requestNumber: number): string =>
  `${clientHex}/${requestNumber}`;

/** Its key string is built only when asked for (request timers): the hot paths look up (client, number). */
class Pending implements PendingRequest {
  watched = false;
  timerRunning = false;
  armedAtSeq = 0;
  rearms = 0;
  ordered = false;
  relayed = false;
  receivedAtMs = -1;

  constructor(readonly req: CheckedRequest) {}

  get key(): string {
    return requestKey(this.req.clientHex, this.req.requestNumber);
  }
}

const NONE: readonly PendingRequest[] = [];

export class PendingRequests {
  /** Per client (hex key), its pending requests by number. */
  private readonly byClient = new Map<string, Map<number, PendingRequest>>();
  /** All of them in arrival order (what entries() yields). */
  private readonly all = new Set<PendingRequest>();
  private queue: PendingRequest[] = []; // primary: waiting for a batch, oldest first
  private head = 0;
  private bytes = 0;

  constructor(readonly max: number) {}

  get size(): number {
    return this.all.size;
  }

  find(clientHex: string, requestNumber: number): PendingRequest | undefined {
    return this.byClient.get(clientHex)?.get(requestNumber);
  }

  /** By requestKey (a request timer's key); undefined for any other string. */
  get(key: string): PendingRequest | undefined {
    if (typeof key !== "string") return undefined;
    const slash = key.lastIndexOf("/");
    if (slash < 0) return undefined;
    const clientHex = key.slice(0, slash);
    const requestNumber = Number(key.slice(slash + 1));
    const p = this.find(clientHex, requestNumber);
    return p !== undefined && requestKey(clientHex, requestNumber) === key ? p : undefined;
  }

  entries(): IterableIterator<PendingRequest> {
    return this.all.values();
  }

  /** Adds a request not held yet; null when at the bound. */
  add(req: CheckedRequest): PendingRequest | null {
    if (this.all.size >= this.max) return null;
    const p = new Pending(req);
    let numbers = this.byClient.get(req.clientHex);
    if (numbers === undefined) {
      numbers = new Map();
      this.byClient.set(req.clientHex, numbers);
    }
    const replaced = numbers.get(req.requestNumber);
    if (replaced !== undefined) this.all.delete(replaced);
    numbers.set(req.requestNumber, p);
    this.all.add(p);
    return p;
  }

  /** Forgets a client's requests numbered up to `upTo` (executed or superseded); returns them. */
  dropUpTo(clientHex: string, upTo: number): readonly PendingRequest[] {
    const numbers = this.byClient.get(clientHex);
    if (numbers === undefined) return NONE;
    let dropped: PendingRequest[] | undefined;
    for (const [n, p] of numbers) {
      if (n > upTo) continue;
      numbers.delete(n);
      this.all.delete(p);
      if (dropped === undefined) dropped = [p];
      else dropped.push(p);
    }
    if (numbers.size === 0) this.byClient.delete(clientHex);
    return dropped ?? NONE;
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
      const live = this.find(p.req.clientHex, p.req.requestNumber) === p && !p.ordered && !isDone(p.req);
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
