// RollingStats: exact mean and population variance up to its span (checked against the two-pass figures of
// a seeded series), exponential forgetting after it, z-scores with a floor, and a state round trip.
import { describe, expect, it } from "vitest";
import { SeededRng } from "../testing/index.js";
import { RollingStats } from "./rolling-stats.js";

describe("RollingStats", () => {
  it("matches the two-pass mean and variance while within its span", () => {
    const rng = new SeededRng(3);
    const xs = Array.from({ length: 200 }, () => 50 + 10 * rng.float());
    const s = new RollingStats(1000);
    for (const x of xs) s.add(x);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(s.count).toBe(200);
    expect(s.mean).toBeCloseTo(mean, 9);
    expect(s.variance).toBeCloseTo(variance, 9);
    expect(s.zScore(mean + 2 * Math.sqrt(variance))).toBeCloseTo(2, 9);
  });

  it("forgets old samples past its span, so the mean follows a level shift", () => {
    const s = new RollingStats(20);
    for (let i = 0; i < 100; i++) s.add(10);
    for (let i = 0; i < 200; i++) s.add(30);
    // After ten spans at the new level the old one weighs (1 - 1/20)^200 < 0.0001.
    expect(s.mean).toBeGreaterThan(29.99);
    expect(s.mean).toBeLessThan(30);
  });

  it("uses the floor when the spread is smaller, and is infinite only without either", () => {
    const s = new RollingStats(100);
    for (let i = 0; i < 10; i++) s.add(5);
    expect(s.variance).toBe(0);
    expect(s.zScore(5)).toBe(0);
    expect(s.zScore(6)).toBe(Number.POSITIVE_INFINITY);
    expect(s.zScore(4)).toBe(Number.NEGATIVE_INFINITY);
    expect(s.zScore(9, 2)).toBe(2);
  });

  it("restores the state it gave", () => {
    const a = new RollingStats(50);
    for (const x of [1, 4, 9, 16, 25]) a.add(x);
    const b = new RollingStats(50);
    b.restore(a.state());
    a.add(36);
    b.add(36);
    expect(b.state()).toEqual(a.state());
  });
});
