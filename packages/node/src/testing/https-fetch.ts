// Test support: a fetch over node:https that trusts a given CA (Node's global fetch takes no CA option),
// optionally with a client certificate; and a raw request helper for status-code tests.
import { Agent, request } from "node:https";

export interface TlsOptions {
  readonly ca: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** The source address (a 127.x.y.z of its own makes a separate "client address" on loopback). */
  readonly localAddress?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export function httpsAgent(o: TlsOptions): Agent {
  return new Agent({
    ca: o.ca,
    ...(o.cert ? { cert: o.cert, key: o.key } : {}),
    ...(o.localAddress ? { localAddress: o.localAddress } : {}),
    keepAlive: true,
    maxSockets: 64,
    // Idle sockets are dropped before the server's keep-alive timeout (5 s) can close them under a request.
    timeout: 4_000,
  });
}

export function rawRequest(
  agent: Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
  retried = false,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers ?? {}, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as this request went out (Node's documented race):
      // sent again once on a new connection.
      if (req.reusedSocket && !retried && (e.code === "ECONNRESET" || e.message === "socket hang up"))
        rawRequest(agent, url, init, true).then(resolve, reject);
      else reject(e);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.end(init.body);
  });
}

/** A fetch for @pbft/client over this agent. */
export function fetchVia(agent: Agent): typeof fetch {
  return async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const r = await rawRequest(agent, String(input), {
      method: init?.method ?? "GET",
      headers,
      ...(typeof init?.body === "string" ? { body: init.body } : {}),
    });
    const h = new Headers();
    for (const [k, v] of Object.entries(r.headers)) if (typeof v === "string") h.set(k, v);
    return new Response(r.body, { status: r.status, headers: h });
  };
}
