import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createTestnet, TestnetError } from "../testnet.js";
import { type BenchOptions, cpuModel, profileDirOf, scenariosOf } from "./bench-command.js";
import { bench, benchOptionsOf } from "./commands/bench.js";
import { CliError, parseParams } from "./common.js";

const OPTIONS: BenchOptions = { scenario: "all", nodes: 4, clients: 10, payload: 0 };

/** What `pbft bench <args>` hands the bench, parsed by the command's own declaration. */
function parsed(args: string[]): BenchOptions {
  const c = bench.declare(new Command("bench").exitOverride().configureOutput({ writeErr: () => undefined }));
  c.parse(args, { from: "user" });
  return benchOptionsOf(c.opts() as Parameters<typeof benchOptionsOf>[0]);
}

describe("pbft bench options", () => {
  it("parses the command line: --profile, --duration in seconds, --param pairs", () => {
    const o = parsed([
      "--profile",
      "--scenario",
      "saturation-n4",
      "--duration",
      "10",
      "--param",
      "pipelineMax=2",
      "batchDelayMs=0",
    ]);
    expect(o).toMatchObject({
      scenario: "saturation-n4",
      duration: 10,
      profile: true,
      parameters: { pipelineMax: 2, batchDelayMs: 0 },
    });
    expect(parsed(["--duration", "1500ms"]).duration).toBe(1.5);
    const defaults = parsed([]);
    expect(defaults).toMatchObject({ scenario: "all", profile: false, json: false, parameters: {} });
    expect(defaults.duration).toBeUndefined();
    expect(() => parsed(["--duration", "soon"])).toThrow();
  });

  it("keeps the profiles next to the JSON results and names the CPU", () => {
    expect(profileDirOf("bench-results/run-1.json")).toBe("bench-results/run-1-profiles");
    expect(profileDirOf("out")).toBe("out-profiles");
    expect(cpuModel().length).toBeGreaterThan(0);
  });

  it("parses --param pairs and refuses malformed ones", () => {
    expect(parseParams(["pipelineMax=2", "batchDelayMs=0"])).toEqual({ pipelineMax: 2, batchDelayMs: 0 });
    expect(parseParams(undefined)).toEqual({});
    for (const bad of ["pipelineMax", "pipelineMax=", "=2", "pipelineMax=two", "pipelineMax=2=3"])
      expect(() => parseParams([bad]), bad).toThrow(CliError);
  });

  it("sets the parameters on every scenario, over a scenario's own", () => {
    const scenarios = scenariosOf({ ...OPTIONS, parameters: { pipelineMax: 2, batchSizeMax: 4 } });
    expect(scenarios.length).toBeGreaterThan(1);
    for (const s of scenarios) expect(s.parameters).toMatchObject({ pipelineMax: 2, batchSizeMax: 4 });
    const custom = scenariosOf({ ...OPTIONS, scenario: "custom", parameters: { pipelineMax: 3 } });
    expect(custom[0]!.parameters).toEqual({ pipelineMax: 3 });
  });

  it("keeps the state-transfer scenario's one request per entry unless told otherwise", () => {
    const [st] = scenariosOf({ ...OPTIONS, scenario: "state-transfer-wiped-node" });
    expect(st!.parameters).toEqual({ batchSizeMax: 1 });
    const [load] = scenariosOf({ ...OPTIONS, scenario: "saturation-n4" });
    expect(load!.parameters).toBeUndefined();
  });

  it("refuses an unknown scenario", () => {
    expect(() => scenariosOf({ ...OPTIONS, scenario: "saturation-n4,fastest" })).toThrow(
      /unknown scenario "fastest"/,
    );
  });

  it("refuses a misspelt protocol parameter before setting up any token", async () => {
    await expect(
      createTestnet({
        out: "/nonexistent/never-created",
        nodes: 4,
        proposers: 1,
        basePort: 30_000,
        force: false,
        cliPath: "/nonexistent/cli.js",
        parameters: { pipelinemax: 2 },
      }),
    ).rejects.toThrow(TestnetError);
  });
});
