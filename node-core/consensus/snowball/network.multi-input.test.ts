// Whole-network runs with multi-input transactions and overlapping conflicts: T{X,Y} against U{Y} and a
// later W{X}, and a chain A{P,Q} B{Q,R} C{R}, each transaction given first to a random part of the network.
// Every honest node must end with the same verdict for every transaction, and no two final transactions
// may share an outpoint.
import { describe, expect, it } from "vitest";
import { SeededRng } from "../runtime.js";
import { fakeTxid, TestNetwork } from "./test-network.js";

const FULL = process.env.TIME_FULL_TESTS === "1";
const op = (n: number) => `${"22".repeat(32)}:${n}`;

function run(seed: number): string | null {
  const rng = new SeededRng(seed * 31 + 7);
  const n = 6 + rng.int(5);
  const net = new TestNetwork({ weights: new Array(n).fill(10), seed, latencyMs: 30, jitterMs: 40 });
  const base = 500_000 + seed * 10;
  const txs: { id: Uint8Array; keys: string[] }[] = [
    { id: fakeTxid(base), keys: [op(0), op(1)] }, // T{X,Y}
    { id: fakeTxid(base + 1), keys: [op(1)] }, // U{Y}
    { id: fakeTxid(base + 2), keys: [op(0)] }, // W{X}
    { id: fakeTxid(base + 3), keys: [op(2), op(3)] }, // A{P,Q}
    { id: fakeTxid(base + 4), keys: [op(3), op(4)] }, // B{Q,R}
    { id: fakeTxid(base + 5), keys: [op(4)] }, // C{R}
  ];
  for (const [i, tx] of txs.entries()) {
    const first = rng.int(n);
    const t0 = i === 2 ? 200 + rng.int(400) : rng.int(100);
    for (const node of net.nodes) {
      net.deliverTx(node.index, tx.id, tx.keys, node.index === first ? t0 : t0 + 20 + rng.int(300));
    }
  }
  net.startAll();
  const decided = (s: string | undefined) => s === "final" || s === "rejected";
  const done = () => net.nodes.every((node) => txs.every((tx) => decided(node.engine.status(tx.id)?.state)));
  while (!done() && net.time.now() < 60_000) net.time.advance(50);
  net.stopAll();
  const verdicts = new Set<string>();
  for (const node of net.nodes) {
    const states = txs.map((tx) => node.engine.status(tx.id)?.state ?? "unknown");
    if (states.some((s) => !decided(s))) return `seed ${seed}: node ${node.index} undecided: ${states}`;
    const spent = new Map<string, string>();
    for (const [i, tx] of txs.entries()) {
      if (states[i] !== "final") continue;
      for (const k of tx.keys) {
        const other = spent.get(k);
        if (other !== undefined) return `seed ${seed}: node ${node.index} final ${other} and ${i} on ${k}`;
        spent.set(k, String(i));
      }
    }
    verdicts.add(states.join(","));
  }
  if (verdicts.size !== 1)
    return `seed ${seed} (n=${n}): honest nodes disagree: ${[...verdicts].join(" | ")}`;
  return null;
}

describe("Snowball network, multi-input conflicts", () => {
  it("T{X,Y} vs U{Y} vs W{X} and A{P,Q} B{Q,R} C{R}: every node decides everything, identically", () => {
    const seeds = FULL ? 500 : 60;
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const failure = run(seed);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });
});
