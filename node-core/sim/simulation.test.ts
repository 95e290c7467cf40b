// Scenario tests of the simulator on small networks: reproducibility, the real crypto path, a 2/3
// partition that heals, a crashed proposer, crash and restart with catch-up, and lossy links. The N = 100
// Byzantine matrix lives in suite-*.test.ts. Every randomized test names its seed in its failure message.
import { describe, expect, it } from "vitest";
import { makeCandidacy, rankCandidates, scoreUnit } from "../consensus/tsdc/index.js";
import { toHex } from "../types/bytes.js";
import type { SimResult } from "./metrics.js";
import { simGenesis } from "./scenario.js";
import { KeyedHashVrf, MemoSignatureScheme } from "./schemes.js";
import { runSimulation, type SimRun, simulate } from "./simulation.js";

/** Seeds per randomized scenario: a few by default, more with TIME_SIM_SEEDS (npm run test:sim). */
const SCENARIO_SEEDS = Math.max(2, Math.min(50, Math.ceil(Number(process.env.TIME_SIM_SEEDS ?? 0) / 20)));

function expectSafe(result: SimResult, label: string): void {
  const why = `${label}: ${JSON.stringify(result)}`;
  expect(result.honestDisagreements, why).toBe(0);
  expect(result.conflictingFinal, why).toBe(0);
  expect(result.forks, why).toBe(0);
  expect(result.failures, why).toEqual([]);
}

function expectConverged(run: SimRun, label: string): void {
  const honest = run.nodes.filter((n) => !n.byzantine && n.up);
  const first = honest[0];
  expect(first, label).toBeDefined();
  for (const n of honest) {
    expect(n.chain, `${label}: node ${n.index} chain`).toEqual(first?.chain);
    expect(n.final, `${label}: node ${n.index} final set`).toEqual(first?.final);
    expect(n.rejected, `${label}: node ${n.index} rejected set`).toEqual(first?.rejected);
  }
}

describe("simulator", () => {
  it("same seed, same options: byte-identical result JSON (and another seed differs)", async () => {
    const opts = {
      nodes: 16,
      byzantine: 0.2,
      adversary: "equivocate" as const,
      txs: 8,
      doubleSpends: 2,
      jitterMs: 20,
      loss: 0.01,
      seed: 424242,
    };
    const a = JSON.stringify(await runSimulation(opts));
    const b = JSON.stringify(await runSimulation(opts));
    expect(b).toBe(a);
    const c = JSON.stringify(await runSimulation({ ...opts, seed: 424243 }));
    expect(c).not.toBe(a);
  });

  it("runs with the real ECVRF and unmemoized ed25519 (5 nodes, 2 blocks)", async () => {
    const run = await simulate({ nodes: 5, txs: 3, doubleSpends: 1, minBlocks: 2, crypto: "real", seed: 11 });
    const r = run.result;
    expectSafe(r, "seed 11, real crypto");
    expect(r.settled, JSON.stringify(r)).toBe(true);
    expect(r).toMatchObject({ finalized: 4, rejected: 1, undecided: 0 });
    expect(r.blocks).toBeGreaterThanOrEqual(2);
    expect(r.signatureChecks).toBe(0); // no memo in real mode
    expectConverged(run, "seed 11, real crypto");
  });

  it("2/3 partition of 5: no conflicting finality on either side, converged after healing", async () => {
    const healMs = 3_000;
    let crossingPairs = 0;
    for (let seed = 1; seed <= SCENARIO_SEEDS; seed++) {
      const label = `partition seed ${seed}`;
      const run = await simulate({
        nodes: 5,
        txs: 4,
        doubleSpends: 3,
        seed,
        partitions: [{ a: [0, 1], b: [2, 3, 4], startMs: 0, endMs: healMs }],
      });
      expectSafe(run.result, label);
      expect(run.result.settled, `${label}: ${JSON.stringify(run.result)}`).toBe(true);
      expect(run.result.undecided, label).toBe(0);
      expectConverged(run, label);
      for (const w of run.workload) {
        if (w.pair === null) continue;
        const twin = run.workload.find((o) => o.pair === w.pair && o !== w);
        if (twin && w.node < 2 !== twin.node < 2 && w.node < twin.node) crossingPairs++;
      }
      // Neither side holds more than alpha/k = 70% of the weight (or 2/3 for blocks): nothing is decided
      // and no block is certified until the partition heals.
      for (const node of run.live) {
        for (const w of run.workload) {
          const status = node.finality(w.txid);
          if (status?.decidedAt != null) expect(status.decidedAt, label).toBeGreaterThanOrEqual(healMs);
        }
      }
      expect(run.nodes[0]?.chain.length, label).toBeGreaterThanOrEqual(2);
    }
    // The scenario really sent conflicting spends to the two sides.
    expect(crossingPairs).toBeGreaterThan(0);
  });

  it("a proposer crashing after its candidacy is replaced by the next-ranked one in one round", async () => {
    for (const nodes of [5, 7, 9].slice(0, Math.max(2, Math.min(3, SCENARIO_SEEDS)))) {
      const txs = 4;
      const genesis = simGenesis(nodes, txs, 1_000);
      const vrf = new KeyedHashVrf(new MemoSignatureScheme());
      const ranking = (round: number) =>
        rankCandidates(
          genesis.operators.map((k, index) => {
            const draw = makeCandidacy(
              vrf,
              k.seed,
              k.publicKey,
              genesis.params.chainId,
              1n,
              genesis.hash,
              round,
            );
            return { operatorPublicKey: k.publicKey, weight: 10, unit: scoreUnit(draw.output), index };
          }),
        );
      const victim = ranking(0)[0]!.index;
      const next = ranking(1).filter((c) => c.index !== victim)[0]!;
      const label = `crashed proposer, ${nodes} nodes, seed 5`;
      // Height 1 starts at the slot boundary (1,000 ms) with candidacies; the victim dies before proposing.
      const run = await simulate({
        nodes,
        txs,
        seed: 5,
        crashes: [{ node: victim, atMs: 1_100, restartMs: null }],
      });
      expectSafe(run.result, label);
      const witness = run.nodes.find((n) => n.index !== victim)!;
      expect(witness.rounds[1], label).toBe(1);
      expect(witness.proposers[1], label).toBe(toHex(next.operatorPublicKey));
      expect(run.result.finalized, label).toBe(txs);
    }
  });

  it("a node that crashes and restarts catches up from its peers' certified blocks", async () => {
    for (let seed = 1; seed <= SCENARIO_SEEDS; seed++) {
      const label = `restart seed ${seed}`;
      const run = await simulate({
        nodes: 7,
        txs: 6,
        doubleSpends: 1,
        seed,
        minBlocks: 4,
        crashes: [{ node: 3, atMs: 900, restartMs: 4_200 }],
      });
      expectSafe(run.result, label);
      expect(run.result.settled, `${label}: ${JSON.stringify(run.result)}`).toBe(true);
      const restarted = run.nodes[3]!;
      expect(restarted.up, label).toBe(true);
      expect(restarted.height, label).toBeGreaterThanOrEqual(4);
      expectConverged(run, label);
      expect(run.result.messagesDropped, label).toBeGreaterThan(0);
    }
  });

  it("stays safe and live over lossy, jittery links", async () => {
    for (let seed = 1; seed <= SCENARIO_SEEDS; seed++) {
      const label = `loss seed ${seed}`;
      const run = await simulate({ nodes: 10, txs: 8, doubleSpends: 2, seed, loss: 0.05, jitterMs: 40 });
      expectSafe(run.result, label);
      expect(run.result.settled, `${label}: ${JSON.stringify(run.result)}`).toBe(true);
      expect(run.result).toMatchObject({ finalized: 10, rejected: 2 });
      expect(run.result.messagesLost, label).toBeGreaterThan(0);
      expectConverged(run, label);
    }
  });
});
