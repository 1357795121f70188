import { defineConfig } from "vitest/config";

// Real containers, minutes per scenario: long timeouts, one scenario at a time (2 cores).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/global-setup.ts"],
    testTimeout: 15 * 60_000,
    hookTimeout: 20 * 60_000,
    fileParallelism: false,
    maxConcurrency: 1,
    pool: "forks",
    env: {
      TESTCONTAINERS_RYUK_DISABLED: "true",
      TESTCONTAINERS_HOST_OVERRIDE: "localhost",
    },
  },
});
