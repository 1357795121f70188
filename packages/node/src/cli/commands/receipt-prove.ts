// `pbft receipt prove`: once a receipt's entry is under a signed head, fetch its inclusion proof from a node
// and add it to the receipt file (`inclusion`, pbft-inclusion-proof/1), checked before it is written;
// `pbft receipt verify` then checks it too, with nothing but cluster.json.
import { readFileSync, writeFileSync } from "node:fs";
import { pbft, toHex } from "@pbft/consensus";
import { epochConfigs, headLine, verifyEpochProof, verifyInclusionProof, verifyReceipt } from "@pbft/ledger";
import { type ClusterOptions, type CommandModule, clusterOptions, jsonOption } from "../command.js";
import { CliError, EXIT, findCluster, print, printJson } from "../common.js";
import { verificationError } from "../heads-commands.js";

interface Options extends ClusterOptions {
  readonly receipt: string;
  readonly url: string;
  readonly json?: boolean;
}

export const receiptProve: CommandModule<Options> = {
  path: ["receipt", "prove"],
  description: "add to a receipt file the inclusion proof of its entry under a node's latest signed head",
  declare: (c) =>
    clusterOptions(
      c
        .requiredOption(
          "--receipt <file>",
          "receipt file (JSON, from submit --receipt-out): updated in place",
        )
        .requiredOption("--url <http://host:port>", "a node's HTTP address"),
    ).addOption(jsonOption()),
  handler: async (o) => {
    const cluster = findCluster(o).cluster;
    let file: { receipt?: unknown } & Record<string, unknown>;
    try {
      file = JSON.parse(readFileSync(o.receipt, "utf8")) as typeof file;
    } catch (e) {
      throw new CliError(`cannot read receipt ${o.receipt}: ${(e as Error).message}`, EXIT["not-found"]);
    }
    if (typeof file.receipt !== "string") throw new CliError(`${o.receipt}: no "receipt" field (base64)`);
    let d: ReturnType<typeof verifyReceipt>;
    try {
      d = verifyReceipt(pbft.Receipt.decode(Buffer.from(file.receipt, "base64")), cluster, file.epochProof);
    } catch (e) {
      throw new CliError(`${o.receipt}: ${(e as Error).message}`, EXIT["verification-failed"]);
    }
    const base = /^https?:\/\//.test(o.url) ? o.url : `http://${o.url}`;
    let res: Response;
    try {
      res = await fetch(new URL(`/proofs/inclusion?height=${d.height}`, base), {
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new CliError(`cannot reach ${base}: ${(e as Error).message}`, EXIT.unreachable);
    }
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    if (!res.ok) throw new CliError(`${base}: ${body?.error ?? `answered ${res.status}`}`, EXIT["not-found"]);
    // A head of a later epoch is signed by that epoch's members: the node's epoch proof (from the genesis,
    // so it also covers the receipt's epoch) replaces the file's, and receipt verify then checks the head.
    let epochProof = file.epochProof;
    const headEpoch = (body as { head?: { epoch?: unknown } } | null)?.head?.epoch;
    if (typeof headEpoch === "number" && headEpoch > 0) {
      const res = await fetch(new URL("/config/proof", base), { signal: AbortSignal.timeout(30_000) }).catch(
        () => null,
      );
      if (res?.ok) epochProof = await res.json().catch(() => file.epochProof);
    }
    let head: string;
    try {
      const epochs =
        epochProof === undefined ? undefined : epochConfigs(verifyEpochProof(epochProof, cluster));
      const p = verifyInclusionProof(body, cluster, epochs);
      if (p.height !== d.height || p.entryHash !== toHex(d.entryHash))
        throw new CliError(
          `${base} gave a proof of another entry (${p.height})`,
          EXIT["verification-failed"],
        );
      head = headLine(p.head);
    } catch (e) {
      throw verificationError(e, `the inclusion proof from ${base}`);
    }
    writeFileSync(
      o.receipt,
      `${JSON.stringify({ ...file, ...(epochProof === undefined ? {} : { epochProof }), inclusion: body }, null, 2)}\n`,
    );
    if (o.json) printJson({ ok: true, height: d.height, signedHead: head });
    else print(`receipt at height ${d.height} now carries its inclusion proof under signed head ${head}`);
  },
};
