import { createServer } from "node:net";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { startHttp } from "./http.js";
import { ListenError, listening } from "./listen-error.js";

describe("a node that cannot bind", () => {
  it("names the address, the errno and its meaning, and the node.json key, in one line", async () => {
    const held = createServer();
    await new Promise<void>((r) => held.listen(0, "127.0.0.1", r));
    const port = (held.address() as { port: number }).port;
    try {
      const address = `127.0.0.1:${port}`;
      const err = await listening("http", [address], () =>
        startHttp(address, {
          healthy: () => true,
          ready: () => ({ ready: true, reasons: [] }),
          status: () => ({}),
          registry: new Registry(),
          exportLedger: async () => undefined,
          head: async () => undefined,
          consistency: async () => "none",
          inclusion: async () => "none",
        }),
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ListenError);
      expect((err as ListenError).code).toBe("EADDRINUSE");
      expect((err as Error).message).toBe(
        `cannot listen for http connections on ${address}: EADDRINUSE, address already in use (another node or program holds the port); see listen.http in node.json`,
      );
    } finally {
      held.close();
    }
  });

  it("recognises the errno inside libp2p's aggregate message, and passes other errors through", async () => {
    const aggregate = new Error(
      "Some configured addresses failed\n  /ip4/0.0.0.0/tcp/80: Error: listen EACCES: permission denied",
    );
    await expect(
      listening("replica", ["/ip4/0.0.0.0/tcp/80"], () => Promise.reject(aggregate)),
    ).rejects.toThrow(
      /^cannot listen for replica connections on \/ip4\/0.0.0.0\/tcp\/80: EACCES, permission denied/,
    );
    const other = new Error("the token is locked");
    await expect(listening("client", [], () => Promise.reject(other))).rejects.toBe(other);
    // The same errno from another system call (a file) is not a bind failure.
    const file = Object.assign(new Error("EACCES: permission denied, open 'peer.key'"), {
      code: "EACCES",
      syscall: "open",
    });
    await expect(listening("client", [], () => Promise.reject(file))).rejects.toBe(file);
  });
});
