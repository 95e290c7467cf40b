// StartupPhases with a stepped clock: each phase is the time since the previous mark, the first from 0.
import { describe, expect, it } from "vitest";
import { StartupPhases } from "./startup-phases.js";

describe("StartupPhases", () => {
  it("times each phase from the previous mark and totals from the process start", () => {
    const times = [120.04, 150, 150, 410.55];
    const phases = new StartupPhases(
      () => times.shift() ?? Number.NaN,
      1_000_000.25,
      () => 333.33,
    );
    phases.mark("modules");
    phases.mark("config");
    phases.mark("store");
    phases.mark("ui");
    expect(phases.report()).toEqual({
      processStartedAt: 1_000_000.3,
      totalMs: 410.6,
      phases: { modules: 120, config: 30, store: 0, ui: 260.6 },
      cpuMs: 333.3,
    });
  });

  it("reports nothing before the first mark", () => {
    expect(
      new StartupPhases(
        () => 5,
        0,
        () => 1,
      ).report(),
    ).toEqual({
      processStartedAt: 0,
      totalMs: 0,
      phases: {},
      cpuMs: 1,
    });
  });
});
