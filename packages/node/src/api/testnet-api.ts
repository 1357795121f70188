// `pbft testnet`'s part for the HTTPS API: a local CA, a server certificate per node, a client
// certificate, two API keys (read+submit, and read-only), and the "api" section of every node.json. The
// keys' hashes go into node.json; the keys themselves into files of the testnet (mode 0600), as an
// operator would hand them to the people they are for.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NODE_CONFIG_FILE, type NodeConfigFile } from "../config.js";
import { sha256Hex } from "./auth.js";
import { createLocalCa } from "./tls.js";

export const API_FILES = {
  ca: "ca.crt",
  token: "api-token",
  readToken: "api-token-read",
  clientCert: "client.crt",
  clientKey: "client.key",
  urls: "api.json",
} as const;

export const CLIENT_CERT_CN = "testnet-client";

export interface TestnetApiNode {
  readonly home: string;
  readonly listen: string;
  /** What clients on this machine use. */
  readonly url: string;
  /** Names the certificate is valid for besides 127.0.0.1 and localhost. */
  readonly hosts: readonly string[];
}

export async function writeTestnetApi(
  dir: string,
  clusterId: string,
  nodes: readonly TestnetApiNode[],
): Promise<void> {
  const ca = await createLocalCa(`pbft testnet CA ${clusterId}`);
  writeFileSync(join(dir, API_FILES.ca), ca.cert);
  const client = await ca.issue({ commonName: CLIENT_CERT_CN, client: true });
  writeFileSync(join(dir, API_FILES.clientCert), client.cert);
  writeFileSync(join(dir, API_FILES.clientKey), client.key, { mode: 0o600 });
  const token = randomBytes(24).toString("base64url");
  const readToken = randomBytes(24).toString("base64url");
  writeFileSync(join(dir, API_FILES.token), `${token}\n`, { mode: 0o600 });
  writeFileSync(join(dir, API_FILES.readToken), `${readToken}\n`, { mode: 0o600 });
  for (const n of nodes) {
    const pem = await ca.issue({ commonName: n.url, hosts: ["127.0.0.1", "localhost", ...n.hosts] });
    writeFileSync(join(n.home, "api.crt"), pem.cert);
    writeFileSync(join(n.home, "api.key"), pem.key, { mode: 0o600 });
    // A copy in the home: a node in a container sees its own directory and cluster.json only.
    writeFileSync(join(n.home, "api-client-ca.crt"), ca.cert);
    const file = join(n.home, NODE_CONFIG_FILE);
    const cfg = JSON.parse(readFileSync(file, "utf8")) as NodeConfigFile;
    const api: NodeConfigFile["api"] = {
      listen: n.listen,
      tls: { cert: "api.crt", key: "api.key", clientCa: "api-client-ca.crt" },
      keys: [
        { name: "testnet", sha256: sha256Hex(token), rights: ["read", "submit"] },
        { name: "testnet-reader", sha256: sha256Hex(readToken), rights: ["read"] },
      ],
      clientCerts: [{ name: "testnet-client", commonName: CLIENT_CERT_CN, rights: ["read", "submit"] }],
      limits: {
        requestsPerSecondPerCaller: 200,
        requestsPerSecondPerAddress: 1000,
        burst: 400,
        bodyBytesMax: 256 * 1024,
        submitTimeoutMs: 30_000,
        requestTimeoutMs: 10_000,
        submitsInFlightMax: 8,
      },
    };
    writeFileSync(file, `${JSON.stringify({ ...cfg, api }, null, 2)}\n`);
  }
  writeFileSync(
    join(dir, API_FILES.urls),
    `${JSON.stringify({ ca: API_FILES.ca, token: API_FILES.token, nodes: nodes.map((n) => n.url) }, null, 2)}\n`,
  );
}
