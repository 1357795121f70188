// The SDK's submit against the local testnet (README.md): run from the repository root with the testnet's
// CA trusted, e.g.  NODE_EXTRA_CA_CERTS=.pbft/testnet/ca.crt node packages/client/examples/submit.mjs
import { readFileSync } from "node:fs";
import { keyFromPem, PbftClient } from "@pbft/client";

const testnet = process.env.PBFT_TESTNET ?? ".pbft/testnet";
const read = (file) => readFileSync(`${testnet}/${file}`, "utf8");
const [url] = JSON.parse(read("api.json")).nodes;
const apiKey = read("api-token").trim();
const genesis = JSON.parse(read("cluster.json"));
const key = keyFromPem(read("proposer.key"));

// The three lines: a client for one node, checked against the genesis you hold; a signed proposal; a receipt.
const client = new PbftClient({ url, apiKey, genesis });
const proposal = {
  type: "decision",
  title: "Submitted with the SDK",
  content: { via: "@pbft/client" },
  source: "README",
};
const { decision, receipt } = await client.submit(proposal, key); // throws unless the receipt verifies

const { proposal: _bytes, ...shown } = decision;
console.log(JSON.stringify({ ...shown, receiptBytes: receipt.length }, null, 2));
