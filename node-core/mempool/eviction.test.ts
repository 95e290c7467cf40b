// Capacity eviction across calls: an entry skipped because a final descendant protects it is evictable
// again, in its place in the order, once that descendant is gone; a rejected transaction admitted again is
// ordered by its new arrival, and once finalized nothing of its earlier admissions can evict it.
import { describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import type { MemoryChainBackend } from "../db/memory-backend.js";
import type { OwnedUtxo } from "../testing/index.js";
import { ManualClock } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { WalletFixture } from "./fixture.js";
import { type EvictionReason, Mempool } from "./mempool.js";

const idOf = (tx: Transaction) => toHex(transactionId(tx));

async function setup(maxTransactions: number) {
  const fx = new WalletFixture({ seed: 5 });
  const backend = await fx.backend();
  const clock = new ManualClock();
  const pool = new Mempool({ maxTransactions }, { backend, params: fx.params, clock, logger: silentLogger });
  const evicted: { id: string; reason: EvictionReason }[] = [];
  pool.onEvicted((entry, reason) => evicted.push({ id: entry.id, reason }));
  return { fx, backend, pool, clock, coins: fx.coins(), evicted };
}

async function tipBlock(backend: MemoryChainBackend): Promise<CertifiedBlock> {
  return (await backend.getBlockByHeight((backend.getTip() as { height: bigint }).height)) as CertifiedBlock;
}

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "ok",
    (err: unknown) => (err as { code?: string }).code ?? String(err),
  );
}

describe("Mempool capacity eviction across calls", () => {
  it("evicts a once-protected parent as soon as its final child has left", async () => {
    const { fx, backend, pool, coins, evicted } = await setup(3);
    const coin = (i: number) => coins[i] as OwnedUtxo;
    const parent = fx.spend([coin(0)], { outputs: 1 });
    // The child also spends a chain coin, so a foreign block can take it out without the parent.
    const child = fx.spend([...fx.outputsOf(parent, 1n), coin(1)], { outputs: 1, extraFee: 90_000n });
    const rich = fx.spend([coin(2)], { outputs: 1, extraFee: 40_000n });
    for (const tx of [parent, child, rich]) await pool.add(tx);
    pool.markFinal(idOf(child));

    // The parent is cheapest but protected; the newcomer is next cheapest, so it is refused.
    expect(await code(pool.add(fx.spend([coin(3)], { outputs: 1, extraFee: 10_000n })))).toBe("MEMPOOL_FULL");
    expect(pool.has(idOf(parent))).toBe(true);

    // Another proposer's block spends the child's chain coin: the child leaves, the parent stays.
    const theirs = fx.spend([coin(1)], { outputs: 1 });
    const block = fx.block(await tipBlock(backend), [theirs], 0n);
    await backend.connectBlock(block);
    expect(pool.removeForBlock(block.block).evicted).toEqual([idOf(child)]);

    const mid = fx.spend([coin(4)], { outputs: 1, extraFee: 10_000n });
    await pool.add(mid);
    evicted.length = 0;
    // Full again: the parent, no longer protected and still the cheapest, is the one that goes.
    await pool.add(fx.spend([coin(5)], { outputs: 1, extraFee: 20_000n }));
    expect(evicted).toEqual([{ id: idOf(parent), reason: "capacity" }]);
    expect(pool.has(idOf(mid))).toBe(true);
  });

  it("orders a re-admitted transaction by its new arrival, and its earlier admission no longer counts", async () => {
    const { fx, pool, clock, coins, evicted } = await setup(3);
    const coin = (i: number) => coins[i] as OwnedUtxo;
    const a = fx.spend([coin(0)], { outputs: 1, extraFee: 5_000n });
    const b = fx.spend([coin(1)], { outputs: 1, extraFee: 5_000n });
    await pool.add(b);
    clock.time += 1;
    await pool.add(a);
    // Rejected and seen again: at the same rate as `b`, `a` is still the one that waited least.
    pool.markRejected(idOf(a));
    clock.time += 1;
    await pool.add(a);
    const c = fx.spend([coin(2)], { outputs: 1, extraFee: 50_000n });
    clock.time += 1;
    await pool.add(c);
    evicted.length = 0;
    await pool.add(fx.spend([coin(3)], { outputs: 1, extraFee: 60_000n }));
    expect(evicted).toEqual([{ id: idOf(a), reason: "capacity" }]);

    // Once more, and this time finalized. Its earlier admissions ranked ahead of `b` (later arrivals at the
    // same rate); they are gone from the order, so `b` goes and the final `a` stays.
    pool.markRejected(idOf(c));
    clock.time += 1;
    await pool.add(a);
    pool.markFinal(idOf(a));
    evicted.length = 0;
    const d = fx.spend([coin(4)], { outputs: 1, extraFee: 70_000n });
    clock.time += 1;
    await pool.add(d);
    expect(evicted).toEqual([{ id: idOf(b), reason: "capacity" }]);
    expect(pool.isFinal(idOf(a))).toBe(true);
  });
});
