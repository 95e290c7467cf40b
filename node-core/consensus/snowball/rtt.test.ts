import { describe, expect, it } from "vitest";
import { RttEstimate } from "./rtt.js";

describe("RttEstimate", () => {
  it("uses the ceiling before any sample, then factor x the moving average, clamped", () => {
    const r = new RttEstimate(3, 40, 600);
    expect(r.estimateMs).toBeNull();
    expect(r.resendDelayMs()).toBe(600);
    r.sample(100);
    expect(r.resendDelayMs()).toBe(300);
    r.sample(180); // 100 + (180 - 100) / 8
    expect(r.estimateMs).toBe(110);
    expect(r.resendDelayMs()).toBe(330);
    for (let i = 0; i < 100; i++) r.sample(1);
    expect(r.resendDelayMs()).toBe(40); // floor
    for (let i = 0; i < 100; i++) r.sample(5_000);
    expect(r.resendDelayMs()).toBe(600); // ceiling
  });

  it("ignores samples that are not finite non-negative numbers", () => {
    const r = new RttEstimate(3, 40, 600);
    r.sample(Number.NaN);
    r.sample(-5);
    r.sample(Number.POSITIVE_INFINITY);
    expect(r.estimateMs).toBeNull();
  });
});
