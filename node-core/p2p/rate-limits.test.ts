// RateLimiter on a manual clock: a fresh bucket allows its burst, then refills at the class rate up to the
// burst, per peer and per class; every refusal is counted under its class.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RATE_LIMITS,
  RATE_CLASSES,
  type RateClass,
  type RateLimit,
  RateLimiter,
} from "./rate-limits.js";

function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const LIMITS: Record<RateClass, RateLimit> = {
  ...DEFAULT_RATE_LIMITS,
  snowball: { perSecond: 10, burst: 5 },
  status: { perSecond: 1, burst: 2 },
};

function allowedOf(limiter: RateLimiter, peer: string, cls: RateClass, tries: number): number {
  let n = 0;
  for (let i = 0; i < tries; i++) if (limiter.allow(peer, cls)) n++;
  return n;
}

describe("RateLimiter", () => {
  it("allows the burst at once, then refuses and counts the drops", () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock);
    expect(allowedOf(limiter, "a", "snowball", 5)).toBe(5);
    expect(limiter.allow("a", "snowball")).toBe(false);
    expect(limiter.allow("a", "snowball")).toBe(false);
    expect(limiter.drops()).toEqual({ ...Object.fromEntries(RATE_CLASSES.map((c) => [c, 0])), snowball: 2 });
  });

  it("refills at the class rate, never above the burst", () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock);
    expect(allowedOf(limiter, "a", "snowball", 5)).toBe(5);
    clock.advance(99);
    expect(limiter.allow("a", "snowball")).toBe(false);
    clock.advance(1);
    // 100 ms at 10/s: one token (with the 0.99 left over from the refused try).
    expect(limiter.allow("a", "snowball")).toBe(true);
    expect(limiter.allow("a", "snowball")).toBe(false);
    clock.advance(350);
    expect(allowedOf(limiter, "a", "snowball", 10)).toBe(3);
    clock.advance(60_000);
    expect(allowedOf(limiter, "a", "snowball", 10)).toBe(5);
    expect(limiter.drops().snowball).toBe(2 + 7 + 5);
  });

  it("keeps a bucket per peer and per class", () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock);
    expect(allowedOf(limiter, "a", "snowball", 9)).toBe(5);
    expect(allowedOf(limiter, "b", "snowball", 9)).toBe(5);
    expect(allowedOf(limiter, "a", "status", 9)).toBe(2);
    expect(limiter.drops()).toMatchObject({ snowball: 8, status: 7, sync: 0 });
  });

  it("gives a forgotten peer a full bucket again", () => {
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock);
    expect(allowedOf(limiter, "a", "status", 3)).toBe(2);
    limiter.forget("a");
    expect(allowedOf(limiter, "a", "status", 3)).toBe(2);
    expect(limiter.drops().status).toBe(2);
  });

  it("neither refills nor drains a bucket when the wall clock steps back", () => {
    // The host runs on Date.now(): an NTP step back must not throttle (and so penalise and ban) every peer
    // until the clock has caught up again.
    const clock = manualClock();
    const limiter = new RateLimiter(LIMITS, clock);
    expect(allowedOf(limiter, "a", "status", 2)).toBe(2);
    clock.advance(-600_000);
    expect(limiter.allow("a", "status")).toBe(false);
    clock.advance(1_000);
    expect(limiter.allow("a", "status")).toBe(true);
    expect(limiter.allow("a", "status")).toBe(false);
  });
});
