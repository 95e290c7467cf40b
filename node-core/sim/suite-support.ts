// The N = 100 Byzantine matrix of issue 3, shared by the suite-*.test.ts files (one file per setting, so
// the test runner spreads them over cores). Each (adversary, fraction) setting runs TIME_SIM_SEEDS seeds
// (default 3 in `npm test`; `npm run test:sim` runs 1,000; TIME_SIM_SEED_START shards) and asserts, for
// every seed: zero honest disagreements, zero conflicting final pairs, zero forks, no engine failure; and
// liveness (every honest transaction finalized, every double spend decided, the chain converged) where the
// issue requires it: silent adversaries up to 20 % of the weight. Failure messages name the seed and carry
// the result JSON.
import { afterAll, describe, expect, it } from "vitest";
import type { SimResult } from "./metrics.js";
import type { AdversaryKind } from "./options.js";
import { runSimulation } from "./simulation.js";

export const SUITE_NODES = 100;
export const SUITE_TXS = 6;
export const SUITE_DOUBLE_SPENDS = 2;

/** Seeds per setting: TIME_SIM_SEEDS of them (default 3), from TIME_SIM_SEED_START (default 1). */
export function suiteSeeds(): number[] {
  const n = Number(process.env.TIME_SIM_SEEDS ?? 3);
  const count = Number.isSafeInteger(n) && n > 0 ? n : 1;
  const s = Number(process.env.TIME_SIM_SEED_START ?? 1);
  const start = Number.isSafeInteger(s) && s >= 0 ? s : 1;
  return Array.from({ length: count }, (_, i) => start + i);
}

interface Tally {
  runs: number;
  settled: number;
  p50: number[];
  p99: number[];
  messages: number;
  cpuMs: number;
  maxRound: number;
}

/** Registers one setting's tests: `fraction` of the weight Byzantine with behaviour `adversary`. */
export function describeSetting(adversary: AdversaryKind, fraction: number): void {
  const label = fraction === 0 ? "no adversary" : `${adversary} ${Math.round(fraction * 100)}%`;
  const requireLiveness = fraction === 0 || adversary === "silent";
  const tally: Tally = { runs: 0, settled: 0, p50: [], p99: [], messages: 0, cpuMs: 0, maxRound: 0 };
  describe(`N = ${SUITE_NODES}, ${label}`, () => {
    it.each(suiteSeeds())(
      `seed %i: safe${requireLiveness ? " and live" : ""}`,
      async (seed) => {
        const start = process.cpuUsage();
        const r: SimResult = await runSimulation({
          nodes: SUITE_NODES,
          byzantine: fraction,
          adversary,
          txs: SUITE_TXS,
          doubleSpends: SUITE_DOUBLE_SPENDS,
          seed,
          maxDurationMs: 30_000,
        });
        const used = process.cpuUsage(start);
        tally.runs++;
        tally.cpuMs += (used.user + used.system) / 1000;
        tally.messages += r.messages;
        tally.maxRound = Math.max(tally.maxRound, r.maxRound);
        if (r.settled) tally.settled++;
        if (r.finalityMsP50 !== null) tally.p50.push(r.finalityMsP50);
        if (r.finalityMsP99 !== null) tally.p99.push(r.finalityMsP99);
        const why = `${label}, seed ${seed}: ${JSON.stringify(r)}`;
        expect(r.honestDisagreements, why).toBe(0);
        expect(r.conflictingFinal, why).toBe(0);
        expect(r.forks, why).toBe(0);
        expect(r.failures, why).toEqual([]);
        if (requireLiveness) {
          expect(r.settled, why).toBe(true);
          expect(r.finalized, why).toBe(SUITE_TXS + SUITE_DOUBLE_SPENDS);
          expect(r.rejected, why).toBe(SUITE_DOUBLE_SPENDS);
          expect(r.undecided, why).toBe(0);
          expect(r.blockTxs, why).toBe(SUITE_TXS + SUITE_DOUBLE_SPENDS);
        }
      },
      180_000,
    );
    afterAll(() => {
      if (tally.runs === 0) return;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
      console.log(
        `[sim] N=${SUITE_NODES} ${label}: ${tally.runs} seeds, ${tally.settled} settled, ` +
          `finality p50 median ${median(tally.p50)} ms, p99 max ${Math.max(...tally.p99)} ms, ` +
          `max round ${tally.maxRound}, ${Math.round(tally.messages / tally.runs)} messages/run, ` +
          `${Math.round(tally.cpuMs / tally.runs)} ms CPU/run`,
      );
    });
  });
}
