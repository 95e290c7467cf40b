// Test runner configuration: unit and property tests live beside the code as *.test.ts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "node-core/**/*.test.ts",
      "tools/**/*.test.mjs",
      "electron/**/*.test.ts",
      "renderer/**/*.test.ts",
      "e2e/**/*.test.ts",
    ],
    // The multi-process devnet suites run on their own after these (vitest.devnet.config.ts).
    exclude: ["**/node_modules/**", "node-core/**/*.devnet.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
