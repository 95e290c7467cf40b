// Proposer ranking: exactness of the integer comparison (against a second, unoptimised integer evaluation
// of the same inequality and against floating point where floats are unambiguous), exact ties broken by
// key, and the exponential race's statistics: each candidate wins with probability weight / total.
import { describe, expect, it } from "vitest";
import { SeededRng } from "../runtime.js";
import { TsdcError } from "./errors.js";
import { evaluateCandidacy, isProposerFault, makeCandidacy } from "./proposer.js";
import {
  bestCandidate,
  compareCandidates,
  outranks,
  type RankedCandidate,
  rankCandidates,
  SCORE_DENOMINATOR,
  scoreUnit,
} from "./ranking.js";
import { keyedHashSchemes, makeValidators } from "./test-support.js";

const key = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const cand = (k: number, weight: number, unit: bigint): RankedCandidate => ({
  operatorPublicKey: key(k),
  weight,
  unit,
});

/** Reference: u_a^w_b > u_b^w_a with the full (unreduced) exponents, both sides scaled by 2^(64(w_a+w_b)). */
function referenceOutranks(a: RankedCandidate, b: RankedCandidate): boolean | null {
  const left = a.unit ** BigInt(b.weight) * (1n << BigInt(64 * a.weight));
  const right = b.unit ** BigInt(a.weight) * (1n << BigInt(64 * b.weight));
  if (left === right) return null;
  return left > right;
}

function randomUnit(rng: SeededRng): bigint {
  return ((BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32())) + 1n;
}

describe("scoreUnit", () => {
  it("is the first 8 bytes big-endian plus one, in [1, 2^64]", () => {
    expect(scoreUnit(new Uint8Array(64))).toBe(1n);
    expect(scoreUnit(new Uint8Array(64).fill(0xff))).toBe(SCORE_DENOMINATOR);
    const b = new Uint8Array(64);
    b.set([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff]);
    expect(scoreUnit(b)).toBe(0x0102030405060708n + 1n);
  });

  it("refuses outputs shorter than 8 bytes", () => {
    expect(() => scoreUnit(new Uint8Array(7))).toThrow(TsdcError);
  });
});

describe("compareCandidates", () => {
  it("agrees with the unreduced integer inequality on random pairs of every tier mix", () => {
    const rng = new SeededRng(7);
    const weights = [10, 100, 1000, 30, 70];
    for (let i = 0; i < 3000; i++) {
      const a = cand(1, weights[rng.int(weights.length)]!, randomUnit(rng));
      const b = cand(2, weights[rng.int(weights.length)]!, randomUnit(rng));
      const expected = referenceOutranks(a, b);
      if (expected === null) continue;
      expect(outranks(a, b), `pair ${i}`).toBe(expected);
      expect(outranks(b, a), `pair ${i} reversed`).toBe(!expected);
    }
  });

  it("agrees with floating-point scores wherever they differ clearly", () => {
    const rng = new SeededRng(11);
    const score = (c: RankedCandidate) => -(Math.log(Number(c.unit)) - 64 * Math.LN2) / c.weight;
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const a = cand(1, [10, 100, 1000][rng.int(3)]!, randomUnit(rng));
      const b = cand(2, [10, 100, 1000][rng.int(3)]!, randomUnit(rng));
      const sa = score(a);
      const sb = score(b);
      if (Math.abs(sa - sb) <= 1e-9 * Math.max(Math.abs(sa), Math.abs(sb), 1e-12)) continue;
      expect(outranks(a, b)).toBe(sa < sb);
      checked++;
    }
    expect(checked).toBeGreaterThan(2900);
  });

  it("resolves exact score ties by the lower operator key", () => {
    // u_a = 1/2 at weight 10 and u_b = 2^-10 at weight 100 have the same score ln(2)/10.
    const a = cand(9, 10, 1n << 63n);
    const b = cand(3, 100, 1n << 54n);
    expect(referenceOutranks(a, b)).toBeNull();
    expect(outranks(b, a)).toBe(true); // key 0x03.. < 0x09..
    expect(outranks(cand(2, 10, 1n << 63n), cand(3, 100, 1n << 54n))).toBe(true);
    // One unit either way breaks the tie on the score.
    expect(outranks(a, cand(3, 100, (1n << 54n) - 1n))).toBe(true);
    expect(outranks(cand(3, 100, (1n << 54n) + 1n), a)).toBe(true);
    // Equal weights and units: the key decides; the same key compares equal.
    expect(compareCandidates(cand(1, 10, 5n), cand(2, 10, 5n))).toBeLessThan(0);
    expect(compareCandidates(cand(1, 10, 5n), cand(1, 10, 5n))).toBe(0);
  });

  it("ranks u = 1 (score 0) first and lets heavy weight beat a better draw", () => {
    expect(outranks(cand(5, 10, SCORE_DENOMINATOR), cand(1, 1000, SCORE_DENOMINATOR - 1n))).toBe(true);
    // -ln(2^-64)/1000 = 0.044 beats -ln(1/2)/10 = 0.069.
    expect(outranks(cand(1, 1000, 1n), cand(2, 10, 1n << 63n))).toBe(true);
    // ... but not -ln(0.9)/10 = 0.0105.
    expect(outranks(cand(1, 1000, 1n), cand(2, 10, (SCORE_DENOMINATOR * 9n) / 10n))).toBe(false);
  });

  it("sorts consistently (total order) and finds the same best in one pass", () => {
    const rng = new SeededRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const list = Array.from({ length: 12 }, (_, i) =>
        cand(i + 1, [10, 100, 1000][rng.int(3)]!, randomUnit(rng)),
      );
      const ranked = rankCandidates(list);
      for (let i = 1; i < ranked.length; i++)
        expect(compareCandidates(ranked[i - 1]!, ranked[i]!)).toBeLessThan(0);
      expect(bestCandidate(list)).toBe(ranked[0]);
    }
    expect(bestCandidate([])).toBeNull();
  });

  it("refuses non-positive weights and units outside [1, 2^64]", () => {
    expect(() => compareCandidates(cand(1, 0, 5n), cand(2, 10, 5n))).toThrow(TsdcError);
    expect(() => compareCandidates(cand(1, 10, 0n), cand(2, 10, 5n))).toThrow(TsdcError);
    expect(() => compareCandidates(cand(1, 10, SCORE_DENOMINATOR + 1n), cand(2, 10, 5n))).toThrow(TsdcError);
  });
});

describe("win frequency is proportional to weight", () => {
  // Chi-square goodness of fit, 4 degrees of freedom: 18.47 is the 0.1% critical value. Seeded, so the
  // outcome is fixed; a biased ranking (e.g. comparing u instead of the score) fails by orders of magnitude.
  const CRITICAL_4_DOF = 18.47;
  const weights = [10, 100, 1000, 100, 10];
  const total = weights.reduce((a, b) => a + b, 0);

  function chiSquare(wins: number[], n: number): number {
    return wins.reduce((sum, observed, i) => {
      const expected = (n * weights[i]!) / total;
      return sum + (observed - expected) ** 2 / expected;
    }, 0);
  }

  it("with uniform draws", () => {
    const rng = new SeededRng(2024);
    const n = 40_000;
    const wins = weights.map(() => 0);
    for (let i = 0; i < n; i++) {
      const list = weights.map((w, j) => ({ ...cand(j + 1, w, randomUnit(rng)), index: j }));
      wins[bestCandidate(list)!.index]!++;
    }
    expect(chiSquare(wins, n), `wins ${wins}`).toBeLessThan(CRITICAL_4_DOF);
    // The biased alternative (ignore weights) would give each ~20%; gold's share must be near 1000/1220.
    expect(wins[2]! / n).toBeGreaterThan(0.8);
  });

  it("with VRF outputs over many rounds (keyed-hash VRF, real candidacy path)", () => {
    const schemes = keyedHashSchemes();
    const { validators, votingSet } = makeValidators("stats", weights, schemes.signatures);
    const previousHash = new Uint8Array(32).fill(7);
    const n = 12_000;
    const wins = weights.map(() => 0);
    for (let round = 0; round < n; round++) {
      const draws = validators.map((v) => {
        const { candidacy } = makeCandidacy(schemes.vrf, v.seed, v.publicKey, 3, 5n, previousHash, round);
        const draw = evaluateCandidacy(candidacy, votingSet, schemes.vrf, 3);
        if (isProposerFault(draw)) throw new Error(draw.code);
        return draw;
      });
      const best = bestCandidate(draws)!;
      wins[validators.findIndex((v) => v.id === best.validator.id)]!++;
    }
    expect(chiSquare(wins, n), `wins ${wins}`).toBeLessThan(CRITICAL_4_DOF);
  });
});
