// Block range sync against scripted peers: requests are pipelined up to the depth and never beyond the
// peers' tips, answers that arrive out of order are imported in height order, a timed-out or empty request
// is asked again (of the other peer once the first has failed), a short answer's rest is asked again, and
// the peer selector prefers the peer whose answers came faster and keeps its scores across restarts.
import { describe, expect, it } from "vitest";
import { SeededRng, VirtualTime } from "../consensus/index.js";
import type { CertifiedBlock } from "../types/index.js";
import { BlockSync } from "./block-sync.js";
import { SyncPeerSelector, type SyncPeerStats, type SyncScoreStore } from "./sync-peers.js";

/** Only the height matters to the sync: the chain checks everything else. */
function block(height: bigint): CertifiedBlock {
  return { block: { header: { height } }, certificate: null } as unknown as CertifiedBlock;
}

function range(from: bigint, count: number): CertifiedBlock[] {
  return Array.from({ length: count }, (_, i) => block(from + BigInt(i)));
}

function harness(opts: { depth?: number; batch?: number; epsilon?: number; store?: SyncScoreStore } = {}) {
  const time = new VirtualTime(1_000);
  let tip = 0n;
  const requests: { peer: string; from: bigint; count: number }[] = [];
  const imported: bigint[] = [];
  const selector = new SyncPeerSelector(opts.epsilon ?? 0, new SeededRng(3), opts.store ?? null);
  const sync = new BlockSync(
    { batchBlocks: opts.batch ?? 4, pipelineDepth: opts.depth ?? 3, requestTimeoutMs: 1_000 },
    {
      clock: time,
      scheduler: time,
      selector,
      tipHeight: () => tip,
      request: (peer, from, count) => requests.push({ peer, from, count }),
      importBlocks: (_from, blocks) => {
        for (const b of blocks) {
          const h = b.block.header.height;
          imported.push(h);
          // The chain imports in order: the tip moves when the next block arrives.
          if (h === tip + 1n) tip = h;
        }
        sync.onTip();
      },
    },
  );
  return { time, sync, requests, imported, selector, tipOf: () => tip };
}

describe("BlockSync", () => {
  it("pipelines requests up to the depth and never past the best peer's tip", () => {
    const h = harness({ depth: 3, batch: 4 });
    h.sync.onPeerHeight("a", 10n);
    expect(h.requests).toEqual([
      { peer: "a", from: 1n, count: 4 },
      { peer: "a", from: 5n, count: 4 },
      { peer: "a", from: 9n, count: 2 },
    ]);
    expect(h.sync.syncing).toBe(true);
  });

  it("imports out-of-order answers in height order", () => {
    const h = harness({ depth: 3, batch: 4 });
    h.sync.onPeerHeight("a", 12n);
    expect(h.sync.onBlocks("a", range(9n, 4))).toBe(true);
    expect(h.sync.onBlocks("a", range(5n, 4))).toBe(true);
    expect(h.imported).toEqual([]);
    expect(h.sync.onBlocks("a", range(1n, 4))).toBe(true);
    expect(h.imported).toEqual(range(1n, 12).map((b) => b.block.header.height));
    expect(h.tipOf()).toBe(12n);
    expect(h.sync.syncing).toBe(false);
  });

  it("asks a timed-out range again, of the other peer once the first has failed", () => {
    const h = harness({ depth: 1, batch: 4 });
    h.sync.onPeerHeight("a", 4n);
    h.sync.onPeerHeight("b", 4n);
    expect(h.requests).toHaveLength(1);
    const first = h.requests[0]?.peer as string;
    h.time.advance(1_001);
    expect(h.requests).toHaveLength(2);
    expect(h.requests[1]).toEqual({ peer: first === "a" ? "b" : "a", from: 1n, count: 4 });
    expect(h.sync.stats().timeouts).toBe(1);
    // The late answer of the first peer is not one we wait for any more: the follower gets it as gossip.
    expect(h.sync.onBlocks(first, range(1n, 4))).toBe(false);
  });

  it("treats an empty answer as a failure and asks again", () => {
    const h = harness({ depth: 1, batch: 4 });
    h.sync.onPeerHeight("a", 4n);
    expect(h.sync.onBlocks("a", [])).toBe(true);
    expect(h.requests).toHaveLength(2);
    expect(h.requests[1]).toEqual({ peer: "a", from: 1n, count: 4 });
  });

  it("asks again for the rest of a short answer", () => {
    const h = harness({ depth: 1, batch: 4 });
    h.sync.onPeerHeight("a", 8n);
    h.sync.onBlocks("a", range(1n, 2));
    expect(h.tipOf()).toBe(2n);
    expect(h.requests.at(-1)).toEqual({ peer: "a", from: 3n, count: 4 });
  });

  it("ignores blocks nobody asked for (gossip) and answers from the wrong peer", () => {
    const h = harness({ depth: 1, batch: 4 });
    h.sync.onPeerHeight("a", 8n);
    expect(h.sync.onBlocks("b", range(1n, 4))).toBe(false);
    expect(h.sync.onBlocks("a", range(3n, 1))).toBe(false);
    expect(h.imported).toEqual([]);
  });
});

describe("SyncPeerSelector", () => {
  it("prefers the peer whose answers came faster, explores with probability epsilon, and persists", () => {
    let saved: Record<string, SyncPeerStats> | null = null;
    const store: SyncScoreStore = { load: () => saved, save: (s) => (saved = s) };
    const greedy = new SyncPeerSelector(0, new SeededRng(1), store);
    greedy.success("fast", 16, 100);
    greedy.success("slow", 16, 2_000);
    expect(greedy.choose(["slow", "fast"])).toBe("fast");
    for (let i = 0; i < 8; i++) greedy.failure("fast");
    expect(greedy.choose(["slow", "fast"])).toBe("slow");
    greedy.save();

    const restored = new SyncPeerSelector(0, new SeededRng(1), store);
    expect(restored.score("slow")).toBeCloseTo(greedy.score("slow"));
    expect(restored.choose(["slow", "fast"])).toBe("slow");

    const exploring = new SyncPeerSelector(0.5, new SeededRng(9), null);
    exploring.success("fast", 16, 100);
    exploring.success("slow", 16, 2_000);
    const picks = Array.from({ length: 400 }, () => exploring.choose(["slow", "fast"]));
    const slowShare = picks.filter((p) => p === "slow").length / picks.length;
    // Half the picks are random (half of those "slow"): about 25 %.
    expect(slowShare).toBeGreaterThan(0.15);
    expect(slowShare).toBeLessThan(0.35);
  });

  it("ignores a damaged saved score", () => {
    const store: SyncScoreStore = {
      load: () => ({ p: { throughput: -1, latencyMs: Number.NaN, failures: 0, samples: 1 } }) as never,
      save: () => {},
    };
    const selector = new SyncPeerSelector(0, new SeededRng(1), store);
    expect(selector.snapshot()).toEqual({});
  });
});
