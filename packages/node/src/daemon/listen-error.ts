// A node that cannot bind one of its addresses must say which one and why in one line: libp2p reports
// it as a multi-line aggregate with stacks, and Node as a bare errno.

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: "address already in use (another node or program holds the port)",
  EADDRNOTAVAIL: "no interface of this host has that address",
  EACCES: "permission denied (ports below 1024 need privileges)",
};

export class ListenError extends Error {
  constructor(
    readonly what: "replica" | "client" | "http" | "api",
    readonly addresses: readonly string[],
    readonly code: string | undefined,
    detail: string,
  ) {
    super(
      `cannot listen for ${what} connections on ${addresses.join(", ")}: ${detail}; see ${what === "api" ? "api.listen" : `listen.${what}`} in node.json`,
    );
    this.name = "ListenError";
  }
}

/** Runs a listen step; a bind failure becomes a ListenError naming the address and the errno's meaning. */
export async function listening<T>(
  what: ListenError["what"],
  addresses: readonly string[],
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (e) {
    // Node's own error carries the errno as `code`; libp2p's aggregate only in its text, as "listen <errno>".
    const own =
      (e as { code?: unknown; syscall?: unknown }).syscall === "listen" ? (e as { code?: unknown }).code : "";
    const message = String((e as Error)?.message ?? "");
    const code = Object.keys(REASONS).find((c) => own === c || message.includes(`listen ${c}`));
    if (code === undefined) throw e;
    throw new ListenError(what, addresses, code, `${code}, ${REASONS[code]}`);
  }
}
