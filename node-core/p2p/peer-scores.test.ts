// PeerScores on a manual clock: penalties add up per peer, the score drifts back towards 0 by 10 % of the
// distance a minute, and reaching the ban threshold is reported (at it, not only below it).
import { describe, expect, it } from "vitest";
import { BAN_THRESHOLD, PENALTY, PeerScores } from "./peer-scores.js";

function manualClock(start = 5_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("PeerScores", () => {
  it("starts every peer at 0 and adds penalties per peer", () => {
    const scores = new PeerScores(manualClock());
    expect(scores.get("a")).toBe(0);
    expect(scores.penalise("a", PENALTY.malformed)).toBe(false);
    expect(scores.penalise("a", PENALTY.rejected)).toBe(false);
    expect(scores.get("a")).toBe(-30);
    expect(scores.get("b")).toBe(0);
  });

  it("decays towards 0 by 10 % of the distance per minute", () => {
    const clock = manualClock();
    const scores = new PeerScores(clock);
    scores.penalise("a", 50);
    clock.advance(60_000);
    expect(scores.get("a")).toBeCloseTo(-45, 9);
    clock.advance(9 * 60_000);
    expect(scores.get("a")).toBeCloseTo(-50 * 0.9 ** 10, 9);
    clock.advance(30_000);
    expect(scores.get("a")).toBeCloseTo(-50 * 0.9 ** 10.5, 9);
    // A clock stepping back does not grow the penalty.
    clock.advance(-600_000);
    expect(scores.get("a")).toBeCloseTo(-50 * 0.9 ** 10.5, 9);
  });

  it("reports the ban threshold once the score reaches it", () => {
    const scores = new PeerScores(manualClock());
    for (let i = 0; i < 3; i++) expect(scores.penalise("a", PENALTY.oversize)).toBe(false);
    expect(scores.get("a")).toBe(-75);
    expect(scores.penalise("a", PENALTY.oversize)).toBe(true);
    expect(scores.get("a")).toBe(BAN_THRESHOLD);
    scores.reset("a");
    expect(scores.get("a")).toBe(0);
    expect(scores.penalise("a", PENALTY.overLimit)).toBe(false);
  });

  it("lets decay keep a slow trickle of penalties away from the threshold", () => {
    const clock = manualClock();
    const scores = new PeerScores(clock);
    // 5 points a minute settles at -50 with 10 % decay a minute: never banned.
    for (let minute = 0; minute < 600; minute++) {
      expect(scores.penalise("a", 5)).toBe(false);
      clock.advance(60_000);
    }
    expect(scores.get("a")).toBeGreaterThan(BAN_THRESHOLD / 2);
    // The same points all at once are a ban.
    for (let i = 0; i < 19; i++) scores.penalise("b", 5);
    expect(scores.penalise("b", 5)).toBe(true);
  });
});
