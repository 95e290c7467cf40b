// Mutation testing of the consensus-critical pure code (`npm run test:mutation`): the kernel, the codec,
// ed25519/VRF/hash, certificates, the voting set, Snowball's conflict sets and the block rewards. A surviving
// mutant is a rule no test pins down. Per-module scores: `npx tsx node-core/bench/mutation-summary.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  coverageAnalysis: "perTest",
  mutate: [
    "node-core/kernel/**/*.ts",
    "node-core/codec/**/*.ts",
    "node-core/crypto/ed25519.ts",
    "node-core/crypto/vrf.ts",
    "node-core/crypto/hash.ts",
    "node-core/consensus/tsdc/certificate.ts",
    "node-core/consensus/voting-set.ts",
    "node-core/consensus/snowball/conflict-set.ts",
    "node-core/masternodes/rewards.ts",
    "node-core/masternodes/block-reward.ts",
    "!node-core/**/*.test.ts",
    // Test-only generators and tables in codec/, not product code.
    "!node-core/codec/arbitraries.ts",
    "!node-core/codec/cases.ts",
  ],
  concurrency: 2,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  thresholds: { high: 90, low: 85, break: 85 },
  timeoutMS: 30_000,
};
