// The N = 100 Byzantine matrix of issues 3 and 7, shared by the suite-*.test.ts files (one file per
// setting, so the test runner spreads them over cores). The workload has multi-input transactions and
// overlapping conflict groups (issue 7 item 2) besides plain spends and double-spend pairs. Each
// (adversary, fraction) setting runs TIME_SIM_SEEDS seeds (default 3 in `npm test`; `npm run test:sim`
// runs 1,000; TIME_SIM_SEED_START shards) and asserts, for every seed: zero honest disagreements, zero
// conflicting final pairs, zero outpoint disagreements, zero forks, no engine failure; that the finality
// figures account for every honest node-tx pair; and liveness (every transaction decided everywhere, the
// chain converged) where the issue requires it: silent adversaries up to 20 % of the weight. Failure
// messages name the seed and carry the result JSON. Latency targets are the bench's (bench/consensus.ts).
import { afterAll, describe, expect, it } from "vitest";
import type { SimResult } from "./metrics.js";
import type { AdversaryKind } from "./options.js";
import { runSimulation } from "./simulation.js";

export const SUITE_NODES = 100;
export const SUITE_TXS = 6;
export const SUITE_DOUBLE_SPENDS = 2;
/** 2 of the 6 honest transactions spend two inputs. */
export const SUITE_MULTI_INPUT = 1 / 3;
/** One "rival" group (T{X,Y} vs U{Y}, then W{X}) and one "chain" group (A{X,Y} B{Y,Z} C{Z}). */
export const SUITE_OVERLAPS = 2;
export const SUITE_WORKLOAD = SUITE_TXS + 2 * SUITE_DOUBLE_SPENDS + 3 * SUITE_OVERLAPS;

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
  undecidedPairs: number;
  blockPairs: number;
  pairs: number;
  evidence: number;
}

/** Registers one setting's tests: `fraction` of the weight Byzantine with behaviour `adversary`. */
export function describeSetting(adversary: AdversaryKind, fraction: number): void {
  const label = fraction === 0 ? "no adversary" : `${adversary} ${Math.round(fraction * 100)}%`;
  const requireLiveness = fraction === 0 || adversary === "silent";
  const tally: Tally = {
    runs: 0,
    settled: 0,
    p50: [],
    p99: [],
    messages: 0,
    cpuMs: 0,
    maxRound: 0,
    undecidedPairs: 0,
    blockPairs: 0,
    pairs: 0,
    evidence: 0,
  };
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
          multiInput: SUITE_MULTI_INPUT,
          overlaps: SUITE_OVERLAPS,
          seed,
          maxDurationMs: 30_000,
        });
        const used = process.cpuUsage(start);
        tally.runs++;
        tally.cpuMs += (used.user + used.system) / 1000;
        tally.messages += r.messages;
        tally.maxRound = Math.max(tally.maxRound, r.maxRound);
        if (r.settled) tally.settled++;
        // A null percentile fell on never-decided pairs: it counts as infinitely late, not as absent.
        tally.p50.push(r.finalityMsP50 ?? Number.POSITIVE_INFINITY);
        tally.p99.push(r.finalityMsP99 ?? Number.POSITIVE_INFINITY);
        tally.undecidedPairs += r.undecidedPairs;
        tally.blockPairs += r.decidedByBlock;
        tally.pairs += r.pairs;
        tally.evidence += r.evidence;
        const why = `${label}, seed ${seed}: ${JSON.stringify(r)}`;
        expect(r.honestDisagreements, why).toBe(0);
        expect(r.conflictingFinal, why).toBe(0);
        expect(r.outpointDisagreements, why).toBe(0);
        expect(r.forks, why).toBe(0);
        expect(r.failures, why).toEqual([]);
        // Every honest up node's pair with every workload tx is counted, decided or not.
        expect(r.decidedBySnowball + r.decidedByBlock + r.undecidedPairs, why).toBe(r.pairs);
        if (requireLiveness) {
          expect(r.settled, why).toBe(true);
          expect(r.undecided, why).toBe(0);
          expect(r.undecidedPairs, why).toBe(0);
          expect(r.finalized + r.rejected, why).toBe(SUITE_WORKLOAD);
          // Each pair has one winner; each overlap group one or two (see scenario.ts).
          expect(r.rejected, why).toBeGreaterThanOrEqual(SUITE_DOUBLE_SPENDS + SUITE_OVERLAPS);
          expect(r.finalized, why).toBeGreaterThanOrEqual(SUITE_TXS + SUITE_DOUBLE_SPENDS + SUITE_OVERLAPS);
          expect(r.blockTxs, why).toBe(r.finalized);
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
          `block-decided ${tally.blockPairs}/${tally.pairs} pairs, undecided ${tally.undecidedPairs}, ` +
          `evidence ${tally.evidence}, ` +
          `max round ${tally.maxRound}, ${Math.round(tally.messages / tally.runs)} messages/run, ` +
          `${Math.round(tally.cpuMs / tally.runs)} ms CPU/run`,
      );
    });
  });
}
