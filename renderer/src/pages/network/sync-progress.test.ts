import { describe, expect, it } from "vitest";
import { addSample, type HeightSample, SPEED_WINDOW_MS, syncProgress } from "./sync-progress.js";

describe("syncProgress", () => {
  it("is syncing with blocks left, speed and ETA while far behind the best peer", () => {
    const samples: HeightSample[] = [
      { height: 700, at: 0 },
      { height: 812, at: 10_000 },
    ];
    const p = syncProgress({ blocks: 812, headers: 1000 }, 3, samples);
    expect(p.stage).toBe("syncing");
    expect(p.blocksLeft).toBe(188);
    expect(p.fraction).toBeCloseTo(0.812);
    expect(p.blocksPerSecond).toBeCloseTo(11.2);
    expect(p.etaSeconds).toBe(17);
  });
  it("is synced when in step with the peers (one block in flight allowed), with no ETA", () => {
    const p = syncProgress({ blocks: 999, headers: 1000 }, 2, [{ height: 999, at: 0 }]);
    expect(p.stage).toBe("synced");
    expect(p.etaSeconds).toBeNull();
    expect(p.blocksPerSecond).toBeNull();
  });
  it("waits for peers when there are none, and has no ETA without progress", () => {
    expect(syncProgress({ blocks: 5, headers: 5 }, 0, []).stage).toBe("waiting-for-peers");
    const stalled = syncProgress({ blocks: 10, headers: 50 }, 1, [
      { height: 10, at: 0 },
      { height: 10, at: 5_000 },
    ]);
    expect(stalled.blocksPerSecond).toBe(0);
    expect(stalled.etaSeconds).toBeNull();
  });
  it("never reports a target below its own height (a peer behind us)", () => {
    const p = syncProgress({ blocks: 20, headers: 3 }, 1, []);
    expect(p.target).toBe(20);
    expect(p.blocksLeft).toBe(0);
    expect(p.fraction).toBe(1);
  });
});

describe("addSample", () => {
  it("keeps the window plus one baseline sample", () => {
    let samples: HeightSample[] = [];
    for (let t = 0; t <= 60_000; t += 5_000) samples = addSample(samples, { height: t / 1000, at: t });
    expect(samples[0]?.at).toBe(60_000 - SPEED_WINDOW_MS);
    expect(samples[samples.length - 1]?.at).toBe(60_000);
  });
  it("drops samples from the future (a clock that stepped back)", () => {
    const samples = addSample([{ height: 5, at: 10_000 }], { height: 6, at: 2_000 });
    expect(samples).toEqual([{ height: 6, at: 2_000 }]);
  });
});
