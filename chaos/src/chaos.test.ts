// The chaos suite: every selected scenario (CHAOS_SCENARIOS=all|smoke|a,b,...) on real containers.
// A scenario is skipped only with a stated reason (e.g. no netem in the kernel), never passed instead.
import { afterAll, describe, expect, it } from "vitest";
import { allResults, markdown, writeReport } from "./harness/report.js";
import { runScenario } from "./harness/scenario.js";
import { selectedScenarios } from "./scenarios.js";

describe("chaos", () => {
  for (const def of selectedScenarios()) {
    it(def.name, async (ctx) => {
      const r = await runScenario(def);
      if (r.outcome === "skipped") {
        ctx.skip(`skipped: ${r.reason}`);
        return;
      }
      expect(r.problems, `${def.name}: ${r.problems.join("\n")}`).toEqual([]);
      expect(r.lost).toBe(0);
      expect(r.outcome).toBe("passed");
    });
  }

  afterAll(() => {
    const dir = writeReport();
    console.log(
      `\n${markdown(allResults())}\nchaos report written to ${dir}/report.md and ${dir}/report.json\n`,
    );
  });
});
