// Random admission, double spends, Snowball outcomes, own and foreign blocks and rollbacks against a real
// MemoryChainBackend. After every step the pool's indexes are consistent, no two final transactions
// conflict, every entry is still spendable from the chain or its pool parents, and every block built from
// selectForBlock is accepted by the kernel. fast-check prints the seed of any failure.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import type { MemoryChainBackend } from "../db/memory-backend.js";
import { KernelError } from "../kernel/errors.js";
import type { OwnedUtxo } from "../testing/index.js";
import { ManualClock, SeededRng } from "../testing/index.js";

import { toHex } from "../types/bytes.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { MempoolError } from "./errors.js";
import { WalletFixture } from "./fixture.js";
import { Mempool } from "./mempool.js";

/** What the random runs exercised: the suite fails if a branch never ran (a property that tests nothing). */
const STATS: Record<string, number> = {};
afterAll(() => {
  for (const what of [
    "added",
    "blockTxs",
    "returned",
    "TX_MISSING_INPUT",
    "MEMPOOL_CONFLICTS_FINAL",
    "evicted:capacity",
    "evicted:lost-to-final",
    "evicted:conflicts-with-block",
  ]) {
    expect(STATS[what] ?? 0, `${what} in ${JSON.stringify(STATS)}`).toBeGreaterThan(0);
  }
});
const RUNS = process.env.TIME_FULL_TESTS === "1" ? 300 : 100;
/**
 * Fixed unless TIME_FC_SEED says otherwise: the coverage check above must not depend on luck (with a fresh
 * seed per run, 30 cases once missed a block conflicting with a pool transaction and failed CI).
 */
const FC_SEED = process.env.TIME_FC_SEED === undefined ? 20_261_202 : Number(process.env.TIME_FC_SEED);

type Op = "spend" | "final" | "reject" | "block" | "foreignBlock" | "rollback";

const opArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Op>("spend") },
  { weight: 4, arbitrary: fc.constant<Op>("final") },
  { weight: 1, arbitrary: fc.constant<Op>("reject") },
  { weight: 2, arbitrary: fc.constant<Op>("block") },
  { weight: 1, arbitrary: fc.constant<Op>("foreignBlock") },
  { weight: 1, arbitrary: fc.constant<Op>("rollback") },
);

const EXPECTED_ADD_CODES = new Set([
  "TX_MISSING_INPUT",
  "MEMPOOL_CONFLICTS_FINAL",
  "MEMPOOL_DUPLICATE",
  "MEMPOOL_FULL",
]);

async function tipBlock(backend: MemoryChainBackend): Promise<CertifiedBlock> {
  return (await backend.getBlockByHeight((backend.getTip() as { height: bigint }).height)) as CertifiedBlock;
}

async function checkInvariants(pool: Mempool, backend: MemoryChainBackend): Promise<void> {
  const entries = pool.all();
  const ids = new Set(entries.map((e) => e.id));
  let bytes = 0;
  const finalKeys = new Map<string, string>();
  const holders = new Map<string, string[]>();
  for (const entry of entries) {
    bytes += entry.size;
    for (const key of entry.conflictKeys) {
      holders.set(key, [...(holders.get(key) ?? []), entry.id]);
      if (entry.final) {
        expect(finalKeys.has(key), `two final transactions share ${key}`).toBe(false);
        finalKeys.set(key, entry.id);
      }
    }
    for (const parent of entry.parents) {
      expect(ids.has(parent)).toBe(true);
      expect(pool.get(parent)?.children.has(entry.id)).toBe(true);
    }
    for (const child of entry.children) expect(pool.get(child)?.parents.has(entry.id)).toBe(true);
    // Every input is either a chain UTXO or an output of a pool parent.
    const chainInputs = entry.tx.inputs.filter((i) => !entry.parents.has(toHex(i.prevout.txid)));
    const found = await backend.getUtxos(chainInputs.map((i) => i.prevout));
    expect(found.every((f) => f !== null)).toBe(true);
  }
  expect(pool.bytes).toBe(bytes);
  expect(new Map(pool.finalizedSpends())).toEqual(finalKeys);
  for (const [, list] of holders) {
    for (const a of list) for (const b of list) if (a !== b) expect(pool.conflictsOf(a)).toContain(b);
  }
}

describe("Mempool (property)", () => {
  it("keeps its invariants under random transactions, outcomes, blocks and rollbacks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(opArb, { minLength: 10, maxLength: 40, size: "max" }),
        async (seed, ops) => {
          const fx = new WalletFixture({ seed });
          const backend = await fx.backend();
          const pool = new Mempool(
            { maxTransactions: 8 },
            { backend, params: fx.params, clock: new ManualClock(), logger: silentLogger },
          );
          pool.onEvicted((_, reason) => {
            STATS[`evicted:${reason}`] = (STATS[`evicted:${reason}`] ?? 0) + 1;
          });
          const rng = new SeededRng(seed);
          const universe: OwnedUtxo[] = fx.coins();
          for (const op of ops) {
            if (op === "spend") {
              const inputs: OwnedUtxo[] = [];
              const n = rng.range(1, 3);
              for (let i = 0; i < n; i++) {
                const coin = rng.pick(universe);
                if (!inputs.some((c) => c.outpoint === coin.outpoint)) inputs.push(coin);
              }
              const tx = fx.trySpend(inputs, {
                outputs: rng.range(1, 3),
                extraFee: BigInt(rng.int(5)) * 2_000n,
              });
              if (!tx) continue;
              universe.push(...fx.outputsOf(tx, (backend.getTip()?.height ?? 0n) + 1n));
              try {
                await pool.add(tx);
                STATS.added = (STATS.added ?? 0) + 1;
              } catch (err) {
                const code = (err as { code?: string }).code ?? "";
                STATS[code] = (STATS[code] ?? 0) + 1;
                expect(err instanceof KernelError || err instanceof MempoolError).toBe(true);
                expect(EXPECTED_ADD_CODES.has(code), code).toBe(true);
              }
            } else if (op === "final" || op === "reject") {
              const entries = pool.all().filter((e) => !e.final);
              if (entries.length === 0) continue;
              const entry = rng.pick(entries);
              if (op === "reject") {
                pool.markRejected(entry.id);
                expect(pool.has(entry.id)).toBe(false);
              } else {
                pool.markFinal(entry.id);
                expect(pool.conflictsOf(entry.id)).toEqual([]);
              }
            } else if (op === "block") {
              const selection = await pool.selectForBlock({ maxTransactions: rng.range(1, 8) });
              const block = fx.block(await tipBlock(backend), selection.transactions, selection.fees);
              const effects = await backend.connectBlock(block);
              expect(effects.fees).toBe(selection.fees);
              const removed = pool.removeForBlock(block.block);
              STATS.blockTxs = (STATS.blockTxs ?? 0) + selection.transactions.length;
              expect(new Set(removed.included)).toEqual(new Set(selection.txids.map(toHex)));
            } else if (op === "foreignBlock") {
              // Another proposer's block spending chain coins this node has not finalized.
              const finalized = pool.finalizedSpends();
              const coins = universe.filter(
                (c) => !finalized.has(`${toHex(c.outpoint.txid)}:${c.outpoint.index}`),
              );
              const chainCoins: OwnedUtxo[] = [];
              const found = await backend.getUtxos(coins.map((c) => c.outpoint));
              coins.forEach((c, i) => {
                if (found[i]) chainCoins.push(c);
              });
              const masternodes = await backend.listMasternodes();
              const free = chainCoins.filter(
                (c) => !masternodes.some((m) => toHex(m.collateral.txid) === toHex(c.outpoint.txid)),
              );
              if (free.length === 0) continue;
              const tx = fx.trySpend([rng.pick(free)], { outputs: 1 });
              if (!tx) continue;
              universe.push(...fx.outputsOf(tx, (backend.getTip()?.height ?? 0n) + 1n));
              const block = fx.block(await tipBlock(backend), [tx], 0n);
              await backend.connectBlock(block);
              const before = pool.has(transactionId(tx));
              const removed = pool.removeForBlock(block.block);
              STATS.foreignEvicted = (STATS.foreignEvicted ?? 0) + removed.evicted.length;
              expect(removed.included).toEqual(before ? [toHex(transactionId(tx))] : []);
            } else {
              const tip = backend.getTip()?.height ?? 0n;
              if (tip === 0n) continue;
              const target = tip - BigInt(rng.range(1, Number(tip)));
              const undone = await backend.rollbackTo(target);
              const txs: Transaction[] = undone.flatMap((c) => c.block.transactions);
              const capacityBefore = STATS["evicted:capacity"] ?? 0;
              const result = await pool.returnTransactions(txs);
              STATS.returned = (STATS.returned ?? 0) + result.added.length;
              STATS.dropped = (STATS.dropped ?? 0) + result.dropped.length;
              // Everything re-added was valid on the chain below it and nothing conflicts: only the
              // capacity limit drops entries, directly or by evicting a parent first.
              const capacityEvictions = (STATS["evicted:capacity"] ?? 0) - capacityBefore;
              for (const d of result.dropped) {
                if (d.code !== "MEMPOOL_FULL") {
                  expect(d.code).toBe("TX_MISSING_INPUT");
                  expect(capacityEvictions).toBeGreaterThan(0);
                }
              }
            }
            await checkInvariants(pool, backend);
          }
        },
      ),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });
});
