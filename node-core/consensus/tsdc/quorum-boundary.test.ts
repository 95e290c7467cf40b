// The engine's quorums at their boundary: prepares or precommits from EXACTLY 2/3 of the weight must not lock
// or commit, and 2/3 plus the smallest tier weight (one bronze, 10) must. Weights are chosen so that 2/3 is
// reachable exactly (200 of 300). Runs on the in-memory TSDC test network (keyed-hash crypto, virtual time).
import { describe, expect, it } from "vitest";
import type { TsdcMessage } from "./interface.js";
import { type Behaviour, TestNetwork } from "./test-support.js";

const RUN_MS = 40_000;

/** Two silver (100 each) and ten bronze (10 each): total 300; `live` bronzes take part, the rest are silent. */
function silversAndBronzes(seed: number, live: number): TestNetwork {
  const weights = [100, 100, ...Array<number>(10).fill(10)];
  const behaviours: Behaviour[] = weights.map((_, i) => (i < 2 + live ? "honest" : "silent"));
  return new TestNetwork({ seed, weights, behaviours, label: `quorum-boundary-${live}` });
}

const isVote = (m: TsdcMessage | null, phase: "prepare" | "precommit") =>
  m !== null && m.kind === "vote" && m.vote.phase === phase;

describe("TSDC quorum boundary", async () => {
  it("live weight of exactly 2/3 (200 of 300) certifies nothing", async () => {
    for (const seed of [1, 2]) {
      const net = silversAndBronzes(seed, 0);
      expect(net.votingSet.totalWeight).toBe(300);
      net.start();
      await net.runFor(RUN_MS);
      expect(net.certified.size, `seed ${seed}`).toBe(0);
      for (const node of net.nodes) expect(node.height).toBe(0n);
    }
  });

  it("live weight of 2/3 + 10 (210 of 300) certifies blocks", async () => {
    for (const seed of [1, 2]) {
      const net = silversAndBronzes(seed, 1);
      net.start();
      expect(await net.runUntilHeight(3n, RUN_MS), `seed ${seed}`).toBe(true);
      expect(net.violations()).toEqual([]);
    }
  });

  it("precommits from exactly 2/3 do not commit; the node that saw all of them does", async () => {
    // Three silvers. Node 2's precommits and its certified blocks never reach nodes 0 and 1, so they see
    // precommits of 200 of 300 at most; node 2 sees all three (300).
    const net = new TestNetwork({ seed: 3, weights: [100, 100, 100], label: "quorum-precommit" });
    net.filter = (from, to, m) => from === 2 && to !== 2 && (m === null || isVote(m, "precommit"));
    net.start();
    await net.runFor(RUN_MS);
    expect(net.nodes[2]!.committedHere.get(1n)).toBeDefined();
    expect(net.nodes[0]!.committedHere.size).toBe(0);
    expect(net.nodes[1]!.committedHere.size).toBe(0);
    expect(net.nodes[0]!.height).toBe(0n);
    expect(net.nodes[1]!.height).toBe(0n);
  });

  it("prepares from exactly 2/3 do not lock: with node 2's prepares withheld nobody commits", async () => {
    // Nodes 0 and 1 see prepares of 200 of 300 and must neither lock nor precommit the block, so node 2's
    // own precommit (it saw 300 prepares) can never be joined by enough others.
    const net = new TestNetwork({ seed: 4, weights: [100, 100, 100], label: "quorum-prepare" });
    net.filter = (from, to, m) => from === 2 && to !== 2 && isVote(m, "prepare");
    net.start();
    await net.runFor(RUN_MS);
    expect(net.certified.size).toBe(0);
    for (const node of net.nodes) expect(node.committedHere.size).toBe(0);
  });

  it("the same network with every message delivered commits (the filters above are what stop it)", async () => {
    const net = new TestNetwork({ seed: 4, weights: [100, 100, 100], label: "quorum-prepare" });
    net.start();
    expect(await net.runUntilHeight(3n, RUN_MS)).toBe(true);
  });
});
