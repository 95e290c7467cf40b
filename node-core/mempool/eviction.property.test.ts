// Capacity eviction against a reference: the whole-pool scan the mempool used before its eviction heap,
// kept here only as the oracle. Random pools at small limits (transaction count and bytes) take random
// spends, children of pool transactions, double spends, finalizations, rejections, blocks and rollbacks;
// for every add the oracle, run on a snapshot of the pool taken just before it, must predict exactly the
// evictions (ids, order, reasons), whether MEMPOOL_FULL is thrown, and what the pool holds afterwards.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { transactionId, transactionSize } from "../codec/index.js";
import type { MemoryChainBackend } from "../db/memory-backend.js";
import { outpointKey } from "../kernel/view.js";
import type { OwnedUtxo } from "../testing/index.js";
import { ManualClock, SeededRng } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { WalletFixture } from "./fixture.js";
import { type EvictionReason, Mempool, type MempoolEntry } from "./mempool.js";
import type { MempoolOptions } from "./options.js";

/** What the random runs exercised: the suite fails if a case never came up (a property testing nothing). */
const STATS: Record<string, number> = {};
const count = (what: string) => {
  STATS[what] = (STATS[what] ?? 0) + 1;
};
afterAll(() => {
  for (const what of [
    "capacity",
    "capacity:parent-evicted",
    "full",
    "full:added-evicted",
    "protected",
    "tie:addedAt",
    "tie:id",
    "byteLimit",
    "rejected",
    "final",
    "block",
    "rollback",
    "foreign:final",
  ]) {
    expect(STATS[what] ?? 0, `${what} in ${JSON.stringify(STATS)}`).toBeGreaterThan(0);
  }
});
const RUNS = process.env.TIME_FULL_TESTS === "1" ? 400 : 60;

interface ModelEntry {
  readonly id: string;
  readonly fee: bigint;
  readonly size: number;
  readonly addedAt: number;
  readonly final: boolean;
  /** Pool children in the pool's own order (the order descendants are announced in). */
  readonly children: string[];
}

interface Prediction {
  readonly events: { id: string; reason: EvictionReason }[];
  readonly full: boolean;
  readonly remaining: Set<string>;
}

function cheaper(a: ModelEntry, b: ModelEntry): boolean {
  return a.fee * BigInt(b.size) < b.fee * BigInt(a.size);
}

/**
 * The mempool's eviction before the heap, on a copy of the pool with `added` already in it: scan for the
 * cheapest non-final, non-protected entry (latest arrival, then larger id, among equal rates), keep it if
 * a descendant is final, otherwise evict it with its descendants; refuse `added` if it went or the pool
 * still does not fit.
 */
function referenceEviction(
  entries: Map<string, ModelEntry>,
  added: ModelEntry,
  opts: MempoolOptions,
): Prediction {
  let bytes = 0;
  for (const entry of entries.values()) bytes += entry.size;
  const events: { id: string; reason: EvictionReason }[] = [];
  const descendants = (id: string): ModelEntry[] => {
    const out: ModelEntry[] = [];
    const seen = new Set<string>([id]);
    const stack = [...(entries.get(id)?.children ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const entry = entries.get(next);
      if (!entry) continue;
      out.push(entry);
      stack.push(...entry.children);
    }
    return out;
  };
  const evict = (id: string, reason: EvictionReason) => {
    const victims = [entries.get(id) as ModelEntry, ...descendants(id)];
    for (const victim of victims) {
      entries.delete(victim.id);
      bytes -= victim.size;
    }
    victims.forEach((victim, i) => {
      events.push({ id: victim.id, reason: i === 0 ? reason : "parent-evicted" });
    });
  };
  const over = () => entries.size > opts.maxTransactions || bytes > opts.maxBytes;
  const protectedIds = new Set<string>();
  while (over()) {
    if (entries.size <= opts.maxTransactions) count("byteLimit");
    let victim: ModelEntry | undefined;
    for (const entry of entries.values()) {
      if (entry.final || protectedIds.has(entry.id)) continue;
      if (
        !victim ||
        cheaper(entry, victim) ||
        (!cheaper(victim, entry) &&
          (entry.addedAt > victim.addedAt || (entry.addedAt === victim.addedAt && entry.id > victim.id)))
      ) {
        victim = entry;
      }
    }
    if (!victim) break;
    const chosen = victim;
    // Which tie-break decided (coverage only): another candidate at the same rate.
    for (const entry of entries.values()) {
      if (entry === chosen || entry.final || protectedIds.has(entry.id)) continue;
      if (!cheaper(entry, chosen) && !cheaper(chosen, entry)) {
        count(entry.addedAt === chosen.addedAt ? "tie:id" : "tie:addedAt");
      }
    }
    if (descendants(chosen.id).some((d) => d.final)) {
      count("protected");
      protectedIds.add(chosen.id);
      continue;
    }
    evict(chosen.id, "capacity");
  }
  let full = false;
  if (!entries.has(added.id) || over()) {
    if (entries.has(added.id)) evict(added.id, "capacity");
    full = true;
  }
  return { events, full, remaining: new Set(entries.keys()) };
}

/** The pool as the oracle sees it: entries in arrival order, children in the pool's order. */
function snapshot(pool: Mempool): Map<string, ModelEntry> {
  const out = new Map<string, ModelEntry>();
  for (const e of pool.all()) {
    out.set(e.id, {
      id: e.id,
      fee: e.fee,
      size: e.size,
      addedAt: e.addedAt,
      final: e.final,
      children: [...e.children],
    });
  }
  return out;
}

async function tipBlock(backend: MemoryChainBackend): Promise<CertifiedBlock> {
  return (await backend.getBlockByHeight((backend.getTip() as { height: bigint }).height)) as CertifiedBlock;
}

type Op = "spend" | "child" | "final" | "reject" | "block" | "foreignBlock" | "rollback";

const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Op>("spend") },
  { weight: 4, arbitrary: fc.constant<Op>("child") },
  { weight: 3, arbitrary: fc.constant<Op>("final") },
  { weight: 1, arbitrary: fc.constant<Op>("reject") },
  { weight: 1, arbitrary: fc.constant<Op>("block") },
  { weight: 1, arbitrary: fc.constant<Op>("foreignBlock") },
  { weight: 1, arbitrary: fc.constant<Op>("rollback") },
);

/** A one-in-one-out spend's size: byte limits are set in these units so the byte limit really binds. */
const UNIT_BYTES = (() => {
  const fx = new WalletFixture({ seed: 1 });
  return transactionSize(fx.spend([fx.coins()[0] as OwnedUtxo], { outputs: 1 }));
})();

describe("Mempool capacity eviction (property, against the whole-pool scan)", () => {
  it("evicts exactly what the reference scan evicts, in the same order and for the same reasons", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 6 }),
        fc.option(fc.integer({ min: 3, max: 12 }), { nil: undefined }),
        fc.array(opArb, { minLength: 15, maxLength: 50, size: "max" }),
        async (seed, maxTransactions, byteUnits, ops) => {
          const fx = new WalletFixture({ seed });
          const backend = await fx.backend();
          const clock = new ManualClock();
          const opts = {
            maxTransactions,
            ...(byteUnits !== undefined ? { maxBytes: byteUnits * UNIT_BYTES + (seed % UNIT_BYTES) } : {}),
          };
          const pool = new Mempool(opts, { backend, params: fx.params, clock, logger: silentLogger });
          const events: { id: string; reason: EvictionReason }[] = [];
          const announced = new Map<string, MempoolEntry>();
          pool.onEvicted((entry, reason) => {
            events.push({ id: entry.id, reason });
            announced.set(entry.id, entry);
          });
          const rng = new SeededRng(seed);
          const coins: OwnedUtxo[] = fx.coins();
          /** Outputs of transactions that were pooled (spent or not: double spends are wanted). */
          const poolOutputs: OwnedUtxo[] = [];
          const known = new Map(coins.map((c) => [outpointKey(c.outpoint), c]));
          for (const op of ops) {
            if (op === "spend" || op === "child") {
              const pending = poolOutputs.filter((c) => pool.has(c.outpoint.txid));
              // A child spends a pool output and often a chain coin too, which a foreign block can take.
              const inputs: OwnedUtxo[] =
                op === "child" && pending.length > 0 ? [rng.pick(pending)] : [rng.pick(coins)];
              const extra = rng.pick(rng.chance(0.7) ? coins : pending.length > 0 ? pending : coins);
              if (rng.chance(0.5) && !inputs.includes(extra)) inputs.push(extra);
              // Few fee levels and a clock that often stands still: equal rates and equal arrival times.
              // Children tend to pay more than their parents (child pays for parent), which leaves the
              // parent cheapest and, once the child is final, protected.
              const level = rng.int(4) + (op === "child" ? rng.int(3) : 0);
              const tx = fx.trySpend(inputs, { outputs: rng.range(1, 2), extraFee: BigInt(level) * 3_000n });
              if (!tx) continue;
              clock.time += rng.int(2);
              const id = toHex(transactionId(tx));
              const before = snapshot(pool);
              events.length = 0;
              announced.clear();
              let outcome: string;
              try {
                await pool.add(tx);
                outcome = "ok";
                for (const out of fx.outputsOf(tx, (backend.getTip()?.height ?? 0n) + 1n)) {
                  poolOutputs.push(out);
                  known.set(outpointKey(out.outpoint), out);
                }
              } catch (err) {
                outcome = (err as { code?: string }).code ?? String(err);
              }
              const entry = pool.get(id) ?? announced.get(id);
              if (outcome !== "ok" && outcome !== "MEMPOOL_FULL") {
                // Refused before admission (missing input, duplicate, conflicts a final): nothing moves.
                expect(events).toEqual([]);
                expect(new Set(pool.all().map((e) => e.id))).toEqual(new Set(before.keys()));
                continue;
              }
              expect(entry, "the added entry is in the pool or was announced evicted").toBeDefined();
              const added = entry as MempoolEntry;
              const model: ModelEntry = {
                id,
                fee: added.fee,
                size: added.size,
                addedAt: added.addedAt,
                final: false,
                children: [],
              };
              // Its pool parents: inputs whose transaction was in the pool (the chain never holds them).
              for (const input of tx.inputs) {
                const parent = before.get(toHex(input.prevout.txid));
                if (parent && !parent.children.includes(id)) parent.children.push(id);
              }
              before.set(id, model);
              const predicted = referenceEviction(before, model, pool.opts);
              expect(events).toEqual(predicted.events);
              expect(outcome).toBe(predicted.full ? "MEMPOOL_FULL" : "ok");
              expect(new Set(pool.all().map((e) => e.id))).toEqual(predicted.remaining);
              for (const e of predicted.events) {
                count(e.reason === "capacity" ? "capacity" : `capacity:${e.reason}`);
                if (e.id === id) count("full:added-evicted");
              }
              if (predicted.full) count("full");
            } else if (op === "final" || op === "reject") {
              const open = pool.all().filter((e) => !e.final);
              if (open.length === 0) continue;
              // Often a child ahead of its pending parent: that final child is what protects the parent.
              const ahead = open.filter((e) => [...e.parents].some((p) => pool.isFinal(p) === false));
              const entry = rng.pick(op === "final" && ahead.length > 0 && rng.chance(0.6) ? ahead : open);
              if (op === "final") pool.markFinal(entry.id);
              else pool.markRejected(entry.id);
              count(op === "final" ? "final" : "rejected");
            } else if (op === "block") {
              const selection = await pool.selectForBlock({ maxTransactions: rng.range(1, 4) });
              const block = fx.block(await tipBlock(backend), selection.transactions, selection.fees);
              await backend.connectBlock(block);
              pool.removeForBlock(block.block);
              if (selection.transactions.length > 0) count("block");
            } else if (op === "foreignBlock") {
              // Another proposer's block spending a chain coin a pool transaction spends, final or not:
              // its spender leaves, so a parent it protected becomes evictable again.
              const entries = pool.all();
              if (entries.length === 0) continue;
              const finals = entries.filter((e) => e.final);
              const protecting = finals.filter((e) => [...e.parents].some((p) => pool.isFinal(p) === false));
              const target = rng.pick(
                protecting.length > 0 && rng.chance(0.6)
                  ? protecting
                  : finals.length > 0 && rng.chance(0.5)
                    ? finals
                    : entries,
              );
              const found = await backend.getUtxos(target.tx.inputs.map((i) => i.prevout));
              const onChain = target.tx.inputs.filter((_, i) => found[i] !== null);
              if (onChain.length === 0) continue;
              const coin = known.get(outpointKey(rng.pick(onChain).prevout));
              const tx = coin ? fx.trySpend([coin], { outputs: 1 }) : null;
              if (!tx) continue;
              const block = fx.block(await tipBlock(backend), [tx], 0n);
              await backend.connectBlock(block);
              pool.removeForBlock(block.block);
              count(target.final ? "foreign:final" : "foreign");
            } else {
              const tip = backend.getTip()?.height ?? 0n;
              if (tip === 0n) continue;
              const undone = await backend.rollbackTo(tip - 1n);
              await pool.returnTransactions(undone.flatMap((c) => c.block.transactions));
              count("rollback");
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
