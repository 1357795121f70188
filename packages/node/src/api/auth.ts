// Who may call the API and how often. A caller is known by an API key (`Authorization: Bearer <key>`; the
// node's config holds only its SHA-256, so node.json never holds a secret) or by a TLS client certificate
// issued by the configured CA, matched by its common name. Rights are "read" and "submit". Rate limits are
// token buckets per caller and per client address, both answering 429 with Retry-After.
import { createHash, timingSafeEqual } from "node:crypto";

export type Right = "read" | "submit";

export interface ApiKeyEntry {
  readonly name: string;
  /** SHA-256 of the key, hex. */
  readonly sha256: string;
  readonly rights: readonly Right[];
}

export interface ClientCertEntry {
  readonly name: string;
  readonly commonName: string;
  readonly rights: readonly Right[];
}

export interface Caller {
  readonly name: string;
  readonly via: "key" | "certificate";
  readonly rights: ReadonlySet<Right>;
}

export type AuthResult =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

export class Authenticator {
  private readonly keys: readonly { entry: ApiKeyEntry; hash: Buffer }[];

  constructor(
    keys: readonly ApiKeyEntry[],
    private readonly certs: readonly ClientCertEntry[],
  ) {
    this.keys = keys.map((entry) => ({ entry, hash: Buffer.from(entry.sha256, "hex") }));
  }

  /**
   * `authorization` is the header's value; `certCommonName` the CN of a client certificate that chained to
   * the configured CA (undefined without one). A key, when given, wins: it is the explicit choice.
   */
  authenticate(
    authorization: string | undefined,
    certCommonName: string | undefined,
    need: Right,
  ): AuthResult {
    let caller: Caller | undefined;
    if (authorization !== undefined) {
      const m = /^Bearer ([\x21-\x7e]{16,256})$/.exec(authorization);
      if (!m) return unauthorised("the Authorization header must be `Bearer <API key>`");
      const hash = createHash("sha256").update(m[1]!).digest();
      // Every entry compared in constant time: the response time does not say how close a guess came.
      let found: ApiKeyEntry | undefined;
      for (const k of this.keys) if (timingSafeEqual(k.hash, hash)) found = k.entry;
      if (!found) return unauthorised("unknown API key");
      caller = { name: found.name, via: "key", rights: new Set(found.rights) };
    } else if (certCommonName !== undefined) {
      const c = this.certs.find((e) => e.commonName === certCommonName);
      if (!c) return unauthorised(`no API client is configured for certificate CN=${certCommonName}`);
      caller = { name: c.name, via: "certificate", rights: new Set(c.rights) };
    } else {
      return unauthorised("an API key (Authorization: Bearer <key>) or a client certificate is required");
    }
    if (!caller.rights.has(need))
      return {
        ok: false,
        status: 403,
        code: "forbidden",
        message: `${caller.name} has no "${need}" right on this node`,
      };
    return { ok: true, caller };
  }
}

function unauthorised(message: string): AuthResult {
  return { ok: false, status: 401, code: "unauthorised", message };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by name: `ratePerSecond` refill, `burst` capacity. Bounded: past `bucketsMax` names the
 * fullest buckets are the ones forgotten (a forgotten bucket restarts full, which is what it was).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly bucketsMax = 100_000,
  ) {}

  /** 0 when a token was taken; else the seconds until one is there (for Retry-After). */
  take(name: string): number {
    const t = this.now();
    let b = this.buckets.get(name);
    if (!b) {
      if (this.buckets.size >= this.bucketsMax) this.prune(t);
      b = { tokens: this.burst, at: t };
      this.buckets.set(name, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSecond));
  }

  private prune(t: number): void {
    for (const [name, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(name);
    if (this.buckets.size >= this.bucketsMax) this.buckets.clear();
  }
}
