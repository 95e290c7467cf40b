// The benchmarks' daemon launch choice: the tsx source path on request, and a clear refusal of anything
// else (the bundle path builds dist/daemon/, which the bundle devnet suite covers).
import { describe, expect, it } from "vitest";
import { prepareDaemonLaunch } from "./daemon-launch.js";

describe("prepareDaemonLaunch", () => {
  it("runs the source through tsx when asked, dropping a bundle request", () => {
    const env: NodeJS.ProcessEnv = { TIME_BENCH_LAUNCH: "source", TIMECOIN_LAUNCH: "bundle" };
    expect(prepareDaemonLaunch(env)).toContain("TypeScript source through tsx");
    expect(env.TIMECOIN_LAUNCH).toBeUndefined();
  });

  it("refuses an unknown choice", () => {
    expect(() => prepareDaemonLaunch({ TIME_BENCH_LAUNCH: "docker" })).toThrow(
      'TIME_BENCH_LAUNCH must be "bundle" or "source", not "docker"',
    );
  });
});
