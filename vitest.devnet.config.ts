// The multi-process devnet suites (*.devnet.test.ts): real timed daemons on loopback. They run after the
// unit suites, one file at a time, because each starts five daemons that need the machine's two cores.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["node-core/**/*.devnet.test.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
