import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file is chaos/src/harness/paths.ts or chaos/dist/harness/paths.js). */
export const REPO_DIR = resolve(here, "../../..");
export const CHAOS_DIR = resolve(REPO_DIR, "chaos");
export const CLI = resolve(REPO_DIR, "packages/node/dist/cli/main.js");
export const IMAGE = process.env.PBFT_CHAOS_IMAGE ?? "pbft-node:local";
/** Host ports: node i publishes client 7001 at base+10i+1 and HTTP 7002 at base+10i+2 on 127.0.0.1. */
export const BASE_PORT = Number(process.env.PBFT_CHAOS_BASE_PORT ?? 7400);
/** Scenario working directories (testnets, exports, container logs); outside the repository. */
export const WORK_ROOT = process.env.PBFT_CHAOS_WORKDIR ?? "/var/tmp/pbft-chaos";
export const REPORT_DIR = process.env.PBFT_CHAOS_REPORT_DIR ?? resolve(CHAOS_DIR, "reports");
/** Every container and network the suite creates carries this label (cleanup of leftovers). */
export const LABEL = "pbft-chaos";
