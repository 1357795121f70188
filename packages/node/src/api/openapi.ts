// The OpenAPI document as the server makes it, and the copy kept in the repository
// (packages/node/openapi.json, from which @pbft/client's types are generated): `npm run openapi -w
// @pbft/node` rewrites the copy; openapi.test.ts fails when the two drift.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClusterConfig } from "@pbft/ledger";
import { buildApi } from "./server.js";

export const OPENAPI_FILE = join(resolve(fileURLToPath(new URL("../..", import.meta.url))), "openapi.json");

/** The document (routes only: no ledger, no listening socket). */
export async function openApiDocument(): Promise<unknown> {
  const cluster = { clusterId: "doc", f: 0, members: [], proposers: [] } as unknown as ClusterConfig;
  const app = await buildApi({ cluster, genesisHash: "0".repeat(64), keys: [] });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  return doc;
}

export function openApiText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function keptOpenApiText(): string {
  return readFileSync(OPENAPI_FILE, "utf8");
}

// `node dist/api/openapi.js --write`
if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url) &&
  process.argv[2] === "--write"
) {
  writeFileSync(OPENAPI_FILE, openApiText(await openApiDocument()));
  console.log(`wrote ${OPENAPI_FILE}`);
}
