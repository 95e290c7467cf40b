// Whole-network runs: N engines on the in-memory network of test-network.ts, in virtual time. Every
// randomized case names its seed in the failure message.
import { describe, expect, it } from "vitest";
import { toHex } from "../../types/bytes.js";
import { SeededRng } from "../runtime.js";
import { packBits } from "./bitset.js";
import type { SnowballOptions } from "./options.js";
import { type Behaviour, fakeTxid, TestNetwork } from "./test-network.js";

const FULL = process.env.TIME_FULL_TESTS === "1";
const OUTPOINT = `${"11".repeat(32)}:0`;

interface DoubleSpendRun {
  readonly seed: number;
  readonly net: TestNetwork;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
}

/** Two txs spending one outpoint, each given to a different half at t=0; gossip brings the other later. */
function doubleSpend(
  seed: number,
  weights: readonly number[],
  opts: Partial<SnowballOptions> = {},
  behaviours?: readonly Behaviour[],
): DoubleSpendRun {
  const rng = new SeededRng(seed ^ 0x5eed);
  const net = new TestNetwork({ weights, seed, latencyMs: 40, jitterMs: 30, options: opts, behaviours });
  const a = fakeTxid(2 * seed);
  const b = fakeTxid(2 * seed + 1);
  const order = net.nodes.map((n) => n.index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const half = order.length >> 1;
  for (const [pos, index] of order.entries()) {
    const [first, second] = pos < half ? [a, b] : [b, a];
    net.deliverTx(index, first, [OUTPOINT], 0);
    net.deliverTx(index, second, [OUTPOINT], 40 + rng.int(120));
  }
  net.startAll();
  return { seed, net, a, b };
}

/** Runs until every honest node decided both txs (or the limit); returns a failure description or null. */
function settle(run: DoubleSpendRun, limitMs: number): string | null {
  const { net, a, b, seed } = run;
  const honest = net.honest();
  const decided = (state: string | undefined) => state === "final" || state === "rejected";
  const done = () =>
    honest.every((n) => decided(n.engine.status(a)?.state) && decided(n.engine.status(b)?.state));
  while (!done() && net.time.now() < limitMs) net.time.advance(50);
  net.stopAll();
  const winners = new Set<string>();
  for (const n of honest) {
    const fa = n.engine.isFinal(a);
    const fb = n.engine.isFinal(b);
    if (fa && fb) return `seed ${seed}: node ${n.index} finalized both conflicting txs`;
    if (!fa && !fb) return `seed ${seed}: node ${n.index} finalized neither by ${limitMs} ms`;
    const loser = fa ? b : a;
    if (n.engine.status(loser)?.state !== "rejected")
      return `seed ${seed}: node ${n.index} did not reject the loser`;
    winners.add(fa ? toHex(a) : toHex(b));
  }
  if (winners.size !== 1) return `seed ${seed}: honest nodes disagree (${[...winners].join(" vs ")})`;
  return null;
}

describe("Snowball network", () => {
  it("10 nodes, conflicting txs given to different halves: all finalize the same one (200 seeds)", () => {
    const seeds = FULL ? 1_000 : 200;
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const failure = settle(doubleSpend(seed, new Array(10).fill(10)), 30_000);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it("30 nodes in sampled mode (k = 20 < 30), mixed tiers, conflicting halves: same winner everywhere", () => {
    const seeds = FULL ? 300 : 25;
    const weights = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 100 : 10));
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const failure = settle(doubleSpend(seed, weights), 60_000);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it("safety holds with 20% equivocating validators that say YES to every asker for everything", () => {
    const seeds = FULL ? 200 : 15;
    const liar: Behaviour = { kind: "custom", answer: (_asker, txids) => packBits(txids.map(() => true)) };
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const behaviours = Array.from(
        { length: 30 },
        (_, i): Behaviour => (i % 5 === 0 ? liar : { kind: "honest" }),
      );
      const failure = settle(doubleSpend(seed, new Array(30).fill(10), {}, behaviours), 60_000);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it("double-spend races with successes before gossip (poll-everyone, 5-9 nodes): agreement and liveness", () => {
    const seeds = FULL ? 1_000 : 150;
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRng(seed * 7 + 1);
      const n = 5 + rng.int(5);
      const net = new TestNetwork({ weights: new Array(n).fill(10), seed, latencyMs: 20, jitterMs: 40 });
      const a = fakeTxid(100_000 + 2 * seed);
      const b = fakeTxid(100_001 + 2 * seed);
      for (const node of net.nodes) {
        // each node hears one of them early (random), the other after a random delay of up to 400 ms
        const [first, second] = rng.int(2) === 0 ? [a, b] : [b, a];
        const t = rng.int(100);
        net.deliverTx(node.index, first, [OUTPOINT], t);
        net.deliverTx(node.index, second, [OUTPOINT], t + rng.int(400));
      }
      net.startAll();
      const failure = settle({ seed, net, a, b }, 60_000);
      if (failure !== null) failures.push(`${failure} (n=${n})`);
    }
    expect(failures).toEqual([]);
  });

  it("poll-everyone, 4 x 10 weight, one silent: still finalizes (30/40 = 75% >= 70%)", () => {
    const net = new TestNetwork({
      weights: [10, 10, 10, 10],
      seed: 11,
      behaviours: [{ kind: "honest" }, { kind: "honest" }, { kind: "honest" }, { kind: "silent" }],
    });
    const tx = fakeTxid(500);
    for (let i = 0; i < 4; i++) net.deliverTx(i, tx, [OUTPOINT], 0);
    net.startAll();
    net.time.runUntil(3_000);
    for (const n of net.honest()) expect(n.engine.isFinal(tx), `node ${n.index}`).toBe(true);
    for (const n of net.honest()) expect(n.engine.status(tx)?.reason).toBeNull();
    net.stopAll();
  });

  it("poll-everyone, two of four silent (50%): nothing finalizes and the reason says why", () => {
    const net = new TestNetwork({
      weights: [10, 10, 10, 10],
      seed: 12,
      behaviours: [{ kind: "honest" }, { kind: "honest" }, { kind: "silent" }, { kind: "silent" }],
    });
    const tx = fakeTxid(501);
    for (let i = 0; i < 4; i++) net.deliverTx(i, tx, [OUTPOINT], 0);
    net.startAll();
    net.time.runUntil(30_000);
    for (const n of net.honest()) {
      const s = n.engine.status(tx)!;
      expect(s.state).toBe("voting");
      expect(s.successfulPolls).toBe(0);
      expect(s.polls).toBeGreaterThan(10);
      expect(s.reason).toBe("waiting: 50% of masternode weight reachable, 70% needed");
    }
    // bounded: the pipeline never holds more than maxPollsInFlight polls
    for (const n of net.honest()) {
      expect(n.engine.stats().pollsInFlight).toBeLessThanOrEqual(n.engine.options.maxPollsInFlight);
    }
    net.stopAll();
    // only messages already on the wire remain; they drain without waking a stopped engine
    const queries = () => net.nodes.reduce((sum, n) => sum + n.engine.stats().queriesSent, 0);
    const sent = queries();
    net.time.runUntilIdle();
    expect(queries()).toBe(sent);
    expect(net.time.pendingTasks()).toBe(0);
  });

  it("a deterministic 60/40 split is broken by stall sampling", () => {
    // Six nodes see `high` first and four see `low` first; each keeps the one it saw first (Snowball's
    // rule), so every full poll sees 60% vs 40% and neither reaches 70% of the weight until stall sampling
    // draws a random majority.
    const run = (stallPolls: number) => {
      const [x, y] = [fakeTxid(900), fakeTxid(901)];
      const [low, high] = toHex(x) < toHex(y) ? [x, y] : [y, x];
      const net = new TestNetwork({
        weights: new Array(10).fill(10),
        seed: 77,
        latencyMs: 20,
        options: { stallPolls },
      });
      for (let i = 0; i < 10; i++) {
        net.deliverTx(i, i < 6 ? high : low, [OUTPOINT], 0);
        net.deliverTx(i, i < 6 ? low : high, [OUTPOINT], 120);
      }
      net.startAll();
      net.time.runUntil(30_000);
      net.stopAll();
      return net.nodes.map((n) => (n.engine.isFinal(low) ? "low" : n.engine.isFinal(high) ? "high" : "none"));
    };
    const stuck = run(1_000_000_000);
    expect(stuck).toEqual(new Array(10).fill("none"));
    const broken = run(4);
    expect(new Set(broken).size).toBe(1);
    expect(broken[0]).not.toBe("none");
  });

  it("a deep pipeline finalizing on a majority that has not heard of the rival yet stays safe", () => {
    // Four validators, 1 ms apart: A reaches nodes 0-2 first and B (whatever the txids' order) reaches node
    // 3; nodes 1 and 2 hear of B 1 ms later, before any poll of theirs has succeeded. Node 0's 16-deep
    // pipeline gets beta YES answers for A within a few round trips. The old lowest-txid tie rule made nodes
    // 1 and 2 switch to B when B's txid was the lower one, so B became final on nodes 1-3 and A on node 0.
    for (const [ia, ib] of [
      [910, 911],
      [911, 910],
    ] as const) {
      const [a, b] = [fakeTxid(ia), fakeTxid(ib)];
      const net = new TestNetwork({ weights: [10, 10, 10, 10], seed: 5, latencyMs: 1 });
      for (const i of [0, 1, 2]) net.deliverTx(i, a, [OUTPOINT], 0);
      net.deliverTx(3, b, [OUTPOINT], 0);
      net.deliverTx(1, b, [OUTPOINT], 1);
      net.deliverTx(2, b, [OUTPOINT], 1);
      net.deliverTx(0, b, [OUTPOINT], 5);
      net.deliverTx(3, a, [OUTPOINT], 5);
      net.startAll();
      net.time.runUntil(10_000);
      net.stopAll();
      const finals = net.nodes.map((n) => (n.engine.isFinal(a) ? "A" : n.engine.isFinal(b) ? "B" : "none"));
      expect(finals).toEqual(["A", "A", "A", "A"]);
    }
  });

  it("finality latency at 50 ms one-way: 20 validators (poll-everyone) and 100 validators (sampled)", () => {
    const measure = (n: number, txCount: number) => {
      const net = new TestNetwork({ weights: new Array(n).fill(10), seed: 3, latencyMs: 50, jitterMs: 10 });
      const txs = Array.from({ length: txCount }, (_, i) => fakeTxid(10_000 + i));
      // each tx enters at one node, gossip reaches the rest 50 ms later, staggered arrivals
      for (const [i, tx] of txs.entries()) {
        const at = i * 20;
        for (const node of net.nodes) {
          net.deliverTx(node.index, tx, [`${toHex(tx)}:0`], node.index === i % n ? at : at + 50);
        }
      }
      net.startAll();
      net.time.runUntil(txCount * 20 + 10_000);
      net.stopAll();
      const ms: number[] = [];
      for (const node of net.nodes) {
        for (const tx of txs) {
          const s = node.engine.status(tx)!;
          expect(s.state).toBe("final");
          ms.push(s.decidedAt! - s.addedAt);
        }
      }
      ms.sort((p, q) => p - q);
      return {
        p50: ms[Math.floor(ms.length * 0.5)]!,
        p99: ms[Math.floor(ms.length * 0.99)]!,
        messages: net.messages,
      };
    };
    const small = measure(20, 20);
    const big = measure(100, 10);
    console.log(
      `snowball finality @50ms one-way: 20 validators p50 ${small.p50.toFixed(0)} ms p99 ${small.p99.toFixed(0)} ms; ` +
        `100 validators p50 ${big.p50.toFixed(0)} ms p99 ${big.p99.toFixed(0)} ms`,
    );
    expect(small.p50).toBeLessThanOrEqual(1_000);
    expect(big.p50).toBeLessThanOrEqual(1_000);
    expect(small.p99).toBeLessThanOrEqual(2_500);
    expect(big.p99).toBeLessThanOrEqual(2_500);
  });
});
