import { describe, expect, it } from "vitest";
import { ConfigError, clusterParams, DEFAULT_PARAMS, quorumOf, resolveParams } from "./config.js";

describe("config", () => {
  it("f = floor((n-1)/3); n < 4 is refused with a clear error", () => {
    expect(clusterParams("c", 4).f).toBe(1);
    expect(clusterParams("c", 6).f).toBe(1);
    expect(clusterParams("c", 7).f).toBe(2);
    expect(() => clusterParams("c", 3)).toThrow(/n >= 4/);
    expect(() => clusterParams("", 4)).toThrow(ConfigError);
  });

  it("the quorum is 2f+1 for n = 3f+1 and still intersects in f+1 members otherwise", () => {
    for (const n of [4, 7, 10, 13])
      expect(quorumOf(clusterParams("c", n))).toBe(2 * clusterParams("c", n).f + 1);
    for (let n = 4; n <= 40; n++) {
      const cl = clusterParams("c", n);
      const q = quorumOf(cl);
      expect(2 * q - n).toBeGreaterThanOrEqual(cl.f + 1); // two quorums share an honest member
      expect(q).toBeLessThanOrEqual(n - cl.f); // a quorum exists without the f faulty members
    }
  });

  it("defaults are valid and resume commits well within 2 s of a primary failure", () => {
    expect(resolveParams()).toEqual(DEFAULT_PARAMS);
    expect(DEFAULT_PARAMS.requestTimeoutMs + DEFAULT_PARAMS.viewChangeTimeoutMs).toBeLessThan(2000);
  });

  it("rejects bad parameters with the parameter's name", () => {
    expect(() => resolveParams({ checkpointInterval: 0 })).toThrow(/checkpointInterval/);
    expect(() => resolveParams({ logWindow: 100, checkpointInterval: 64 })).toThrow(/logWindow/);
    expect(() => resolveParams({ batchSizeMax: 1.5 })).toThrow(/batchSizeMax/);
    expect(() => resolveParams({ batchDelayMs: -1 })).toThrow(/batchDelayMs/);
    expect(() => resolveParams({ pipelineMax: 1000 })).toThrow(/pipelineMax/);
    expect(() => resolveParams({ requestTimeoutMaxMs: 0 })).toThrow(/requestTimeoutMaxMs/);
    expect(resolveParams({ batchDelayMs: undefined }).batchDelayMs).toBe(DEFAULT_PARAMS.batchDelayMs);
  });

  it("rejects a misspelt parameter instead of silently using the default", () => {
    const typo = { requestTimeoutMS: 900 } as unknown as Partial<typeof DEFAULT_PARAMS>;
    expect(() => resolveParams(typo)).toThrow(
      /unknown protocol parameter "requestTimeoutMS".*requestTimeoutMs/,
    );
  });
});
