import { describe, expect, it } from "vitest";
import { RttEstimate } from "./rtt.js";

describe("RttEstimate", () => {
  it("uses the ceiling before any sample, then factor x SRTT + varianceFactor x RTTVAR, clamped", () => {
    const r = new RttEstimate(1, 4, 40, 600);
    expect(r.estimateMs).toBeNull();
    expect(r.resendDelayMs()).toBe(600);
    r.sample(100); // SRTT 100, RTTVAR 50 (RFC 6298's first sample)
    expect(r.resendDelayMs()).toBe(300);
    r.sample(180); // RTTVAR 50 + (80 - 50) / 4 = 57.5, then SRTT 100 + 80 / 8 = 110
    expect(r.estimateMs).toBe(110);
    expect(r.deviationMs).toBe(57.5);
    expect(r.resendDelayMs()).toBe(110 + 4 * 57.5);
    // a steady network: the deviation decays and the delay approaches one round trip
    for (let i = 0; i < 200; i++) r.sample(120);
    expect(r.resendDelayMs()).toBeGreaterThan(120);
    expect(r.resendDelayMs()).toBeLessThan(125);
    for (let i = 0; i < 100; i++) r.sample(1);
    expect(r.resendDelayMs()).toBe(40); // floor
    for (let i = 0; i < 100; i++) r.sample(5_000);
    expect(r.resendDelayMs()).toBe(600); // ceiling
  });

  it("with varianceFactor 0 it is factor x the moving average", () => {
    const r = new RttEstimate(3, 0, 40, 600);
    r.sample(100);
    expect(r.resendDelayMs()).toBe(300);
    r.sample(180);
    expect(r.resendDelayMs()).toBe(330);
  });

  it("ignores samples that are not finite non-negative numbers", () => {
    const r = new RttEstimate(1, 4, 40, 600);
    r.sample(Number.NaN);
    r.sample(-5);
    r.sample(Number.POSITIVE_INFINITY);
    expect(r.estimateMs).toBeNull();
  });
});
