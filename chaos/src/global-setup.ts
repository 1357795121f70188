// Once per run: a Docker engine, no leftovers of an earlier run, the Byzantine entry compiled, and the
// node image rebuilt from the current workspace (PBFT_CHAOS_SKIP_IMAGE_BUILD=1 reuses the image).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { docker, run } from "./harness/docker.js";
import { CHAOS_DIR, CLI, IMAGE, LABEL, REPO_DIR } from "./harness/paths.js";

async function removeLeftovers(): Promise<void> {
  const cs = (await docker(["ps", "-aq", "--filter", `label=${LABEL}`])).stdout.split("\n").filter(Boolean);
  if (cs.length) await docker(["rm", "-f", "-v", ...cs], 120_000);
  const ns = (await docker(["network", "ls", "-q", "--filter", `label=${LABEL}`])).stdout
    .split("\n")
    .filter(Boolean);
  for (const n of ns) await docker(["network", "rm", n]);
  if (cs.length || ns.length)
    console.log(`chaos: removed ${cs.length} leftover container(s) and ${ns.length} network(s)`);
}

export async function setup(): Promise<() => Promise<void>> {
  const lib = join(REPO_DIR, "deploy/docker/lib.sh");
  const d = await run("bash", ["-c", `source "${lib}" && ensure_docker`], { timeout_ms: 300_000 });
  if (d.code !== 0) throw new Error(`no Docker engine: ${d.stderr.trim()}`);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npx turbo run build first`);
  await removeLeftovers();
  const tsc = await run(
    process.execPath,
    [join(REPO_DIR, "node_modules/typescript/bin/tsc"), "-p", join(CHAOS_DIR, "tsconfig.json")],
    { timeout_ms: 300_000 },
  );
  if (tsc.code !== 0) throw new Error(`chaos: tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  if (process.env.PBFT_CHAOS_SKIP_IMAGE_BUILD === "1") {
    const have = await docker(["image", "inspect", IMAGE]);
    if (have.code !== 0) throw new Error(`PBFT_CHAOS_SKIP_IMAGE_BUILD=1 but ${IMAGE} does not exist`);
  } else {
    const t0 = Date.now();
    const b = await run(
      "bash",
      [join(REPO_DIR, "deploy/docker/build-image.sh"), "--no-build", "--tag", IMAGE],
      { timeout_ms: 1_200_000 },
    );
    if (b.code !== 0) throw new Error(`image build failed:\n${b.stderr.split("\n").slice(-30).join("\n")}`);
    console.log(`chaos: ${IMAGE} built from the workspace in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return async () => {
    await removeLeftovers();
  };
}
