// Mempool behaviour against a real MemoryChainBackend and real signed transactions: admission (kernel codes,
// duplicates, children of unconfirmed parents, conflicts recorded), Snowball outcomes, block selection that
// the kernel accepts, removal for blocks, rollback returns and the capacity limits.
import { describe, expect, it } from "vitest";
import { transactionId, transactionSize } from "../codec/index.js";
import type { SignatureCheck } from "../crypto/verify-pool.js";
import { verifyAll } from "../crypto/verify-pool.js";
import type { MemoryChainBackend } from "../db/memory-backend.js";
import { operatorConflictKey, transactionConflictKeys } from "../kernel/conflict-keys.js";
import { KernelError } from "../kernel/errors.js";
import { outpointKey } from "../kernel/view.js";
import type { OwnedUtxo } from "../testing/index.js";
import { ManualClock } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { MempoolError } from "./errors.js";
import { WalletFixture } from "./fixture.js";
import { type EvictionReason, Mempool } from "./mempool.js";
import type { MempoolOptions } from "./options.js";

interface Setup {
  fx: WalletFixture;
  backend: MemoryChainBackend;
  pool: Mempool;
  clock: ManualClock;
  coins: OwnedUtxo[];
  evicted: { id: string; reason: EvictionReason }[];
}

async function setup(opts: Partial<MempoolOptions> = {}, seed = 3): Promise<Setup> {
  const fx = new WalletFixture({ seed });
  const backend = await fx.backend();
  const clock = new ManualClock();
  const pool = new Mempool(opts, { backend, params: fx.params, clock, logger: silentLogger });
  const evicted: { id: string; reason: EvictionReason }[] = [];
  pool.onEvicted((entry, reason) => evicted.push({ id: entry.id, reason }));
  return { fx, backend, pool, clock, coins: fx.coins(), evicted };
}

const idOf = (tx: Transaction) => toHex(transactionId(tx));

async function rejection(promise: Promise<unknown>): Promise<{ code: string; name: string }> {
  const err = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as { code: string; name: string },
  );
  return err;
}

async function tipBlock(backend: MemoryChainBackend): Promise<CertifiedBlock> {
  return (await backend.getBlockByHeight((backend.getTip() as { height: bigint }).height)) as CertifiedBlock;
}

describe("Mempool admission", () => {
  it("admits a valid spend and reports its entry", async () => {
    const { fx, pool, coins, clock } = await setup();
    clock.time = 5_000;
    const tx = fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo], { extraFee: 3_000n });
    const result = await pool.add(tx);
    expect(result).toEqual({ txid: idOf(tx), conflictKeys: transactionConflictKeys(tx), conflictsWith: [] });
    expect(result.conflictKeys).toEqual([
      outpointKey((coins[0] as OwnedUtxo).outpoint),
      outpointKey((coins[1] as OwnedUtxo).outpoint),
    ]);
    const entry = pool.get(transactionId(tx));
    expect(entry?.addedAt).toBe(5_000);
    const inTotal = (coins[0] as OwnedUtxo).entry.amount + (coins[1] as OwnedUtxo).entry.amount;
    const outTotal = tx.outputs.reduce((sum, o) => sum + o.amount, 0n);
    expect(entry?.fee).toBe(inTotal - outTotal);
    expect(pool.size).toBe(1);
    expect(pool.bytes).toBe(entry?.size);
    expect(pool.isFinal(result.txid)).toBe(false);
  });

  it("rejects duplicates with MEMPOOL_DUPLICATE", async () => {
    const { fx, pool, coins } = await setup();
    const tx = fx.spend([coins[0] as OwnedUtxo]);
    await pool.add(tx);
    const err = await rejection(pool.add(tx));
    expect(err).toBeInstanceOf(MempoolError);
    expect(err.code).toBe("MEMPOOL_DUPLICATE");
    expect(pool.size).toBe(1);
  });

  it("rejects invalid transactions with the kernel's code", async () => {
    const { fx, pool, coins } = await setup();
    const good = fx.spend([coins[0] as OwnedUtxo]);
    const signature = Uint8Array.from((good.inputs[0] as Transaction["inputs"][number]).signature);
    signature[0] = (signature[0] as number) ^ 0x80;
    const forged: Transaction = {
      ...good,
      inputs: [{ ...(good.inputs[0] as Transaction["inputs"][number]), signature }],
    };
    const bad = await rejection(pool.add(forged));
    expect(bad).toBeInstanceOf(KernelError);
    expect(bad.code).toBe("TX_BAD_SIGNATURE");

    const missing = fx.spend([
      { ...(coins[1] as OwnedUtxo), outpoint: { txid: new Uint8Array(32).fill(7), index: 0 } },
    ]);
    expect((await rejection(pool.add(missing))).code).toBe("TX_MISSING_INPUT");

    const cheap: Transaction = {
      ...good,
      outputs: [
        { amount: (coins[0] as OwnedUtxo).entry.amount - 10n, address: (coins[0] as OwnedUtxo).key.address },
      ],
    };
    expect((await rejection(pool.add(cheap))).code).toBe("TX_FEE_TOO_LOW");

    const reward: Transaction = {
      version: 1,
      inputs: [],
      outputs: good.outputs,
      lockTime: 0n,
      special: null,
    };
    expect((await rejection(pool.add(reward))).code).toBe("TX_NO_INPUTS");

    const future = fx.spend([coins[2] as OwnedUtxo]);
    const locked = { ...future, lockTime: 50n };
    expect((await rejection(pool.add(locked))).code).toBe("TX_LOCKTIME_NOT_REACHED");
    expect(pool.size).toBe(0);
  });

  it("admits children of unconfirmed parents and links them", async () => {
    const { fx, pool, coins } = await setup();
    const parent = fx.spend([coins[0] as OwnedUtxo], { outputs: 2 });
    await pool.add(parent);
    const [a, b] = fx.outputsOf(parent, 1n);
    const child = fx.spend([a as OwnedUtxo, coins[1] as OwnedUtxo]);
    const grandchild = fx.spend(fx.outputsOf(child, 1n).slice(0, 1));
    await pool.add(child);
    await pool.add(grandchild);
    expect([...(pool.get(idOf(child))?.parents ?? [])]).toEqual([idOf(parent)]);
    expect([...(pool.get(idOf(parent))?.children ?? [])]).toEqual([idOf(child)]);
    expect([...(pool.get(idOf(grandchild))?.parents ?? [])]).toEqual([idOf(child)]);
    // Spending an output the parent does not have is still a missing input.
    const ghost = fx.spend([
      { ...(b as OwnedUtxo), outpoint: { txid: (b as OwnedUtxo).outpoint.txid, index: 9 } },
    ]);
    expect((await rejection(pool.add(ghost))).code).toBe("TX_MISSING_INPUT");
  });

  it("accepts conflicting transactions and records the conflict", async () => {
    const { fx, pool, coins } = await setup();
    const a = fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]);
    const b = fx.spend([coins[1] as OwnedUtxo]);
    const c = fx.spend([coins[0] as OwnedUtxo, coins[2] as OwnedUtxo]);
    expect((await pool.add(a)).conflictsWith).toEqual([]);
    expect((await pool.add(b)).conflictsWith).toEqual([idOf(a)]);
    expect((await pool.add(c)).conflictsWith).toEqual([idOf(a)]);
    expect(new Set(pool.conflictsOf(idOf(a)))).toEqual(new Set([idOf(b), idOf(c)]));
    expect(pool.conflictsOf(idOf(b))).toEqual([idOf(a)]);
    expect(pool.size).toBe(3);
  });

  it("treats masternode operations on one collateral or one operator key as conflicts", async () => {
    const { fx, pool, coins } = await setup();
    const operator = fx.chain.wallet.keys[3] as OwnedUtxo["key"];
    const reg1 = fx.register(coins[0] as OwnedUtxo, coins[1] as OwnedUtxo, operator);
    const reg2 = fx.register(coins[2] as OwnedUtxo, coins[3] as OwnedUtxo, operator);
    const spendCollateral = fx.spend([coins[1] as OwnedUtxo]);
    const r1 = await pool.add(reg1);
    expect(r1.conflictKeys).toContain(operatorConflictKey(operator.publicKey));
    expect(r1.conflictKeys).toContain(outpointKey((coins[1] as OwnedUtxo).outpoint));
    expect((await pool.add(reg2)).conflictsWith).toEqual([idOf(reg1)]);
    expect((await pool.add(spendCollateral)).conflictsWith).toEqual([idOf(reg1)]);
  });

  it("retries validation when the chain moves during signature checks", async () => {
    const fx = new WalletFixture({ seed: 4 });
    const backend = await fx.backend();
    const coins = fx.coins();
    let hook: (() => Promise<void>) | null = null;
    const verifier = async (checks: readonly SignatureCheck[]) => {
      const run = hook;
      hook = null;
      if (run) await run();
      return verifyAll(checks);
    };
    const pool = new Mempool(
      {},
      { backend, params: fx.params, clock: new ManualClock(), verifier, logger: silentLogger },
    );
    const mine = fx.spend([coins[0] as OwnedUtxo]);
    const rival = fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]);
    // While `mine` is being verified, a block spending the same coin is connected.
    hook = async () => {
      const block = fx.block(await tipBlock(backend), [rival], 0n);
      await backend.connectBlock(block);
    };
    const err = await rejection(pool.add(mine));
    expect(backend.getTip()?.height).toBe(1n);
    expect(err.code).toBe("TX_MISSING_INPUT");
    expect(pool.size).toBe(0);
  });

  it("refuses a transaction conflicting with a finalized one", async () => {
    const { fx, pool, coins } = await setup();
    const a = fx.spend([coins[0] as OwnedUtxo]);
    await pool.add(a);
    pool.markFinal(idOf(a));
    const b = fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]);
    const err = await rejection(pool.add(b));
    expect(err.code).toBe("MEMPOOL_CONFLICTS_FINAL");
    expect((err as unknown as MempoolError).details).toMatchObject({
      conflictsWith: idOf(a),
      key: outpointKey((coins[0] as OwnedUtxo).outpoint),
    });
  });
});

describe("Mempool Snowball outcomes", () => {
  it("markFinal evicts the losers and their descendants and exposes the finalized spends", async () => {
    const { fx, pool, coins, evicted } = await setup();
    const a = fx.spend([coins[0] as OwnedUtxo]);
    const b = fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]);
    const bChild = fx.spend(fx.outputsOf(b, 1n).slice(0, 1));
    const unrelated = fx.spend([coins[2] as OwnedUtxo]);
    for (const tx of [a, b, bChild, unrelated]) await pool.add(tx);
    expect(pool.markFinal(transactionId(a))).toEqual([idOf(b), idOf(bChild)]);
    expect(evicted).toEqual([
      { id: idOf(b), reason: "lost-to-final" },
      { id: idOf(bChild), reason: "parent-evicted" },
    ]);
    expect(pool.isFinal(idOf(a))).toBe(true);
    expect(pool.markFinal(idOf(a))).toEqual([]);
    expect([...pool.finalizedSpends()]).toEqual([[outpointKey((coins[0] as OwnedUtxo).outpoint), idOf(a)]]);
    expect(pool.size).toBe(2);
    expect(() => pool.markFinal(idOf(b))).toThrow(MempoolError);
  });

  it("markRejected evicts the transaction and its descendants; unknown ids are a no-op", async () => {
    const { fx, pool, coins, evicted } = await setup();
    const a = fx.spend([coins[0] as OwnedUtxo]);
    const child = fx.spend(fx.outputsOf(a, 1n).slice(0, 1));
    await pool.add(a);
    await pool.add(child);
    expect(pool.markRejected(idOf(a))).toEqual([idOf(a), idOf(child)]);
    expect(evicted.map((e) => e.reason)).toEqual(["rejected", "parent-evicted"]);
    expect(pool.size).toBe(0);
    expect(pool.bytes).toBe(0);
    expect(pool.markRejected(idOf(a))).toEqual([]);
    // The coin is free again.
    await pool.add(fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]));
  });
});

describe("Mempool and blocks", () => {
  it("selects final transactions whose inputs are available, and the kernel accepts the block", async () => {
    const { fx, pool, coins, backend } = await setup();
    const parent = fx.spend([coins[0] as OwnedUtxo]);
    const child = fx.spend(fx.outputsOf(parent, 1n).slice(0, 1));
    const pendingParent = fx.spend([coins[1] as OwnedUtxo]);
    const finalChildOfPending = fx.spend(fx.outputsOf(pendingParent, 1n).slice(0, 1));
    const lone = fx.spend([coins[2] as OwnedUtxo, coins[3] as OwnedUtxo], { extraFee: 50_000n });
    for (const tx of [parent, child, pendingParent, finalChildOfPending, lone]) await pool.add(tx);
    for (const tx of [child, parent, finalChildOfPending, lone]) pool.markFinal(idOf(tx));

    const selection = await pool.selectForBlock();
    const ids = selection.transactions.map(idOf);
    expect(new Set(ids)).toEqual(new Set([idOf(parent), idOf(child), idOf(lone)]));
    expect([...ids].sort()).toEqual(ids);
    expect(selection.txids.map(toHex)).toEqual(ids);
    const fees = [parent, child, lone].reduce((sum, tx) => sum + (pool.get(idOf(tx))?.fee ?? 0n), 0n);
    expect(selection.fees).toBe(fees);

    const block = fx.block(await tipBlock(backend), selection.transactions, selection.fees);
    const effects = await backend.connectBlock(block);
    expect(effects.fees).toBe(fees);
    const removed = pool.removeForBlock(block.block);
    expect(new Set(removed.included)).toEqual(new Set(ids));
    expect(removed.evicted).toEqual([]);
    expect(pool.all().map((e) => e.id)).toEqual([idOf(pendingParent), idOf(finalChildOfPending)]);
    expect(pool.finalizedSpends().size).toBe(1);

    // Limits: one transaction at most, the best fee per byte first.
    pool.markFinal(idOf(pendingParent));
    const one = await pool.selectForBlock({ maxTransactions: 1 });
    expect(one.transactions.map(idOf)).toEqual([idOf(pendingParent)]);
    const none = await pool.selectForBlock({ maxBytes: 10 });
    expect(none.transactions).toEqual([]);
  });

  it("removeForBlock evicts pool transactions that conflict with the block", async () => {
    const { fx, pool, coins, backend, evicted } = await setup();
    const mine = fx.spend([coins[0] as OwnedUtxo]);
    const mineChild = fx.spend(fx.outputsOf(mine, 1n).slice(0, 1));
    const other = fx.spend([coins[1] as OwnedUtxo]);
    for (const tx of [mine, mineChild, other]) await pool.add(tx);
    const theirs = fx.spend([coins[0] as OwnedUtxo, coins[4] as OwnedUtxo]);
    const block = fx.block(await tipBlock(backend), [theirs], 0n);
    await backend.connectBlock(block);
    const result = pool.removeForBlock(block.block);
    expect(result.included).toEqual([]);
    expect(result.evicted).toEqual([idOf(mine), idOf(mineChild)]);
    expect(evicted[0]).toEqual({ id: idOf(mine), reason: "conflicts-with-block" });
    expect(pool.all().map((e) => e.id)).toEqual([idOf(other)]);
  });

  it("returns rolled-back transactions, keeping final flags and relinking pool children", async () => {
    const { fx, pool, coins, backend } = await setup();
    const added: string[] = [];
    pool.onAdded((entry) => added.push(entry.id));
    const a = fx.spend([coins[0] as OwnedUtxo]);
    const b = fx.spend([coins[1] as OwnedUtxo]);
    await pool.add(a);
    pool.markFinal(idOf(a));
    // b reaches the block without this node having finalized it (a synced block).
    const block = fx.block(await tipBlock(backend), [a, b], 0n);
    await backend.connectBlock(block);
    pool.removeForBlock(block.block);
    expect(pool.size).toBe(0);
    // After the block, a pool child spends a's (now confirmed) output.
    const child = fx.spend(fx.outputsOf(a, 2n).slice(0, 1));
    await pool.add(child);
    expect(pool.get(idOf(child))?.parents.size).toBe(0);
    added.length = 0;

    const undone = await backend.rollbackTo(0n);
    const result = await pool.returnTransactions(undone.flatMap((c) => c.block.transactions));
    expect(new Set(result.added)).toEqual(new Set([idOf(a), idOf(b)]));
    expect(result.dropped).toEqual([]);
    expect(pool.isFinal(idOf(a))).toBe(true);
    expect(pool.isFinal(idOf(b))).toBe(false);
    expect(pool.isFinal(idOf(child))).toBe(false);
    expect([...(pool.get(idOf(child))?.parents ?? [])]).toEqual([idOf(a)]);
    expect(new Set(added)).toEqual(new Set([idOf(a), idOf(b)]));
    expect(pool.finalizedSpends().get(outpointKey((coins[0] as OwnedUtxo).outpoint))).toBe(idOf(a));
    // The returned transactions can be selected into a new block again.
    pool.markFinal(idOf(b));
    const selection = await pool.selectForBlock();
    expect(new Set(selection.transactions.map(idOf))).toEqual(new Set([idOf(a), idOf(b)]));
  });

  it("drops returned transactions that are invalid on the rolled-back chain", async () => {
    const { fx, pool, coins, backend } = await setup();
    const a = fx.spend([coins[0] as OwnedUtxo]);
    const block1 = fx.block(await tipBlock(backend), [a], 0n);
    await backend.connectBlock(block1);
    const spendOfA = fx.spend(fx.outputsOf(a, 1n).slice(0, 1));
    const late = fx.block(block1, [spendOfA], 0n);
    await backend.connectBlock(late);
    // Roll back only block 2 and return with a transaction spending a coin that no longer exists.
    const undone = await backend.rollbackTo(1n);
    const ghost = fx.spend([
      { ...(coins[1] as OwnedUtxo), outpoint: { txid: new Uint8Array(32).fill(9), index: 1 } },
    ]);
    const result = await pool.returnTransactions([...undone[0]!.block.transactions, ghost]);
    expect(result.added).toEqual([idOf(spendOfA)]);
    expect(result.dropped).toEqual([{ txid: idOf(ghost), code: "TX_MISSING_INPUT" }]);
  });
});

describe("Mempool limits", () => {
  it("evicts the lowest fee per byte non-final transaction when full", async () => {
    const { fx, pool, coins, evicted } = await setup({ maxTransactions: 3 });
    const low = fx.spend([coins[0] as OwnedUtxo], { extraFee: 0n });
    const mid = fx.spend([coins[1] as OwnedUtxo], { extraFee: 5_000n });
    const high = fx.spend([coins[2] as OwnedUtxo], { extraFee: 20_000n });
    for (const tx of [low, mid, high]) await pool.add(tx);
    pool.markFinal(idOf(mid));
    const better = fx.spend([coins[3] as OwnedUtxo], { extraFee: 10_000n });
    await pool.add(better);
    expect(evicted).toEqual([{ id: idOf(low), reason: "capacity" }]);
    // Cheaper than everything evictable: refused, and nothing else moves.
    const worse = fx.spend([coins[4] as OwnedUtxo], { extraFee: 0n });
    const err = await rejection(pool.add(worse));
    expect(err.code).toBe("MEMPOOL_FULL");
    expect(new Set(pool.all().map((e) => e.id))).toEqual(new Set([idOf(mid), idOf(high), idOf(better)]));
    // Final transactions are never evicted: with every entry final, nothing new gets in.
    pool.markFinal(idOf(high));
    pool.markFinal(idOf(better));
    expect((await rejection(pool.add(fx.spend([coins[5] as OwnedUtxo], { extraFee: 900_000n })))).code).toBe(
      "MEMPOOL_FULL",
    );
  });

  it("keeps a non-final parent whose child is final, and respects the byte limit", async () => {
    const probe = await setup();
    // One-in-one-out spends all have the same size (fixed-width encoding).
    const size = transactionSize(probe.fx.spend([probe.coins[0] as OwnedUtxo], { outputs: 1 }));
    const maxBytes = 3 * size + Math.floor(size / 2);
    const { fx, pool, coins, evicted } = await setup({ maxBytes });
    const parent = fx.spend([coins[0] as OwnedUtxo], { outputs: 1 });
    const child = fx.spend(fx.outputsOf(parent, 1n), { outputs: 1, extraFee: 50_000n });
    await pool.add(parent);
    await pool.add(child);
    pool.markFinal(idOf(child));
    const rich = fx.spend([coins[1] as OwnedUtxo], { outputs: 1, extraFee: 100_000n });
    // Three one-in-one-out spends fit, a fourth does not.
    await pool.add(rich);
    const richer = fx.spend([coins[2] as OwnedUtxo], { outputs: 1, extraFee: 200_000n });
    await pool.add(richer);
    // The cheapest is the parent, but its final child protects it; the next cheapest goes.
    expect(pool.has(idOf(parent))).toBe(true);
    expect(evicted).toEqual([{ id: idOf(rich), reason: "capacity" }]);
    expect(pool.bytes).toBe(3 * size);
  });

  it("validates its options", () => {
    const fx = new WalletFixture();
    expect(
      () =>
        new Mempool(
          { maxTransactions: 0 },
          {
            backend: null as unknown as MemoryChainBackend,
            params: fx.params,
            clock: new ManualClock(),
            logger: silentLogger,
          },
        ),
    ).toThrow(MempoolError);
  });
});

describe("Mempool admission racing a block", () => {
  // A chain read taken before a block that includes the parent, answered after that block took the parent
  // out of the pool: the child's input is in neither place the check looks. That verdict is about a chain
  // that has moved on, so the mempool reads again instead of refusing the child for good (a relay never
  // admits a refused txid twice, so a node that lost this race voted NO on a valid spend until it forgot).
  it("retries a check whose missing input a block connected meanwhile provides", async () => {
    const { fx, pool, coins, backend } = await setup();
    const parent = fx.spend([coins[0] as OwnedUtxo]);
    await pool.add(parent);
    pool.markFinal(idOf(parent));
    const child = fx.spend(fx.outputsOf(parent, 1n).slice(0, 1));
    const block = fx.block(await tipBlock(backend), [parent], pool.get(idOf(parent))?.fee ?? 0n);
    const read = backend.getUtxos.bind(backend);
    let raced = false;
    backend.getUtxos = async (outpoints) => {
      const stale = await read(outpoints);
      if (!raced) {
        raced = true;
        await backend.connectBlock(block);
        pool.removeForBlock(block.block);
      }
      return stale;
    };
    const added = await pool.add(child);
    expect(raced).toBe(true);
    expect(added.txid).toBe(idOf(child));
    expect(pool.has(idOf(child))).toBe(true);
  });
});
