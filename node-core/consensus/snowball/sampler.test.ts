import { describe, expect, it } from "vitest";
import { SeededRng } from "../runtime.js";
import { WeightedSampler } from "./sampler.js";

const entries = [
  { id: "a", weight: 10 },
  { id: "b", weight: 100 },
  { id: "c", weight: 1000 },
  { id: "d", weight: 10 },
  { id: "e", weight: 380 },
];

describe("WeightedSampler", () => {
  it("draws each validator in proportion to its weight (chi-square, seeded)", () => {
    const seed = 20_240_601;
    const sampler = new WeightedSampler(entries);
    const rng = new SeededRng(seed);
    const draws = 150_000;
    const counts = new Array<number>(entries.length).fill(0);
    for (let i = 0; i < draws; i++) counts[sampler.drawIndex(rng)]!++;
    let chi2 = 0;
    for (let i = 0; i < entries.length; i++) {
      const expected = (draws * entries[i]!.weight) / sampler.totalWeight;
      chi2 += (counts[i]! - expected) ** 2 / expected;
    }
    // 4 degrees of freedom: P(chi2 > 18.47) = 0.001
    expect(chi2, `seed ${seed}, counts ${counts.join(",")}`).toBeLessThan(18.47);
  });

  it("sample(k) returns multiplicities summing to k, in entry order, reproducibly per seed", () => {
    const sampler = new WeightedSampler(entries);
    for (let seed = 1; seed <= 50; seed++) {
      const a = sampler.sample(new SeededRng(seed), 20);
      const b = sampler.sample(new SeededRng(seed), 20);
      expect(a, `seed ${seed}`).toEqual(b);
      expect(a.reduce((s, x) => s + x.multiplicity, 0)).toBe(20);
      const order = a.map((x) => entries.indexOf(x.entry));
      expect([...order].sort((x, y) => x - y)).toEqual(order);
    }
  });

  it("never draws a zero-width slot and handles a single entry", () => {
    const one = new WeightedSampler([{ id: "only", weight: 7 }]);
    const rng = new SeededRng(3);
    for (let i = 0; i < 100; i++) expect(one.drawIndex(rng)).toBe(0);
    expect(one.sample(rng, 5)).toEqual([{ entry: { id: "only", weight: 7 }, multiplicity: 5 }]);
  });
});
