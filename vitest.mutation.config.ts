// Test runner configuration for mutation testing (`npm run test:mutation`): only the suites that exercise
// the mutated modules, with the codec fuzzer cut to a fixed seed and a few thousand iterations, because
// Stryker reruns the covering tests once per mutant. The normal suite (vitest.config.ts) is unchanged.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "node-core/kernel/**/*.test.ts",
      "node-core/codec/**/*.test.ts",
      "node-core/crypto/ed25519.test.ts",
      "node-core/crypto/vrf.test.ts",
      "node-core/crypto/hash.test.ts",
      "node-core/consensus/voting-set.test.ts",
      "node-core/consensus/tsdc/certificate.test.ts",
      "node-core/consensus/tsdc/quorum-boundary.test.ts",
      "node-core/consensus/snowball/conflict-set.test.ts",
      "node-core/consensus/snowball/poll.test.ts",
      "node-core/node/reward-agreement.test.ts",
      "node-core/masternodes/**/*.test.ts",
      "node-core/genesis/genesis-pins.test.ts",
    ],
    exclude: ["**/node_modules/**", ".stryker-tmp/**", "reports/**"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { TIME_FUZZ_ITERATIONS: "2000", TIME_FUZZ_SEED: "20261201" },
  },
});
