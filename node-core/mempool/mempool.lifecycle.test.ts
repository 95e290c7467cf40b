// The mempool's events and lifecycle: a throwing listener is logged and never undoes or fails the change
// it reports; close() lets in-flight calls finish, then refuses every change with MEMPOOL_CLOSED while
// reads keep working.
import { describe, expect, it } from "vitest";
import type { SignatureCheck } from "../crypto/verify-pool.js";
import { verifyAll } from "../crypto/verify-pool.js";
import type { OwnedUtxo } from "../testing/index.js";
import { ManualClock } from "../testing/index.js";
import { memoryLogger } from "../util/index.js";
import { MempoolError } from "./errors.js";
import { WalletFixture } from "./fixture.js";
import { Mempool } from "./mempool.js";

async function setup(verifier?: (checks: readonly SignatureCheck[]) => Promise<boolean[]>) {
  const fx = new WalletFixture({ seed: 5 });
  const backend = await fx.backend();
  const logger = memoryLogger();
  const pool = new Mempool(
    {},
    { backend, params: fx.params, clock: new ManualClock(), logger, ...(verifier ? { verifier } : {}) },
  );
  return { fx, backend, pool, logger, coins: fx.coins() };
}

describe("Mempool events", () => {
  it("a throwing mempool:added listener is logged; the add resolves and the transaction stays", async () => {
    const { fx, pool, logger, coins } = await setup();
    const boom = new Error("listener bug");
    const heard: string[] = [];
    pool.onAdded(() => {
      throw boom;
    });
    pool.on("mempool:added", ({ entry }) => heard.push(entry.id));
    const tx = fx.spend([coins[0] as OwnedUtxo]);
    const result = await pool.add(tx);
    expect(pool.has(result.txid)).toBe(true);
    expect(heard).toEqual([result.txid]);
    expect(logger.at("error").map((e) => e.obj)).toEqual([{ event: "mempool:added", err: boom }]);
    expect(logger.at("error")[0]?.bindings).toEqual({ module: "mempool" });
  });

  it("a throwing mempool:evicted listener does not stop the eviction", async () => {
    const { fx, pool, logger, coins } = await setup();
    pool.onEvicted(() => {
      throw new Error("evicted listener bug");
    });
    const a = await pool.add(fx.spend([coins[0] as OwnedUtxo]));
    const b = await pool.add(fx.spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]));
    expect(pool.markFinal(a.txid)).toEqual([b.txid]);
    expect(pool.has(b.txid)).toBe(false);
    expect(logger.at("error").map((e) => e.obj.event)).toEqual(["mempool:evicted"]);
  });
});

describe("Mempool.close", () => {
  it("lets an in-flight add finish, then refuses every change with MEMPOOL_CLOSED", async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fx, backend, pool, coins } = await setup(async (checks) => {
      await gate;
      return verifyAll(checks);
    });
    const tx = fx.spend([coins[0] as OwnedUtxo]);
    const adding = pool.add(tx);
    let closed = false;
    const closing = pool.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(false);
    release();
    await closing;
    const { txid } = await adding;
    expect(pool.has(txid)).toBe(true);

    const other = fx.spend([coins[1] as OwnedUtxo]);
    const tip = await backend.getBlockByHeight(0n);
    await expect(pool.add(other)).rejects.toMatchObject({ code: "MEMPOOL_CLOSED" });
    await expect(pool.selectForBlock()).rejects.toMatchObject({ code: "MEMPOOL_CLOSED" });
    await expect(pool.returnTransactions([other])).rejects.toMatchObject({ code: "MEMPOOL_CLOSED" });
    expect(() => pool.markFinal(txid)).toThrow(MempoolError);
    expect(() => pool.markFinal(txid)).toThrow(/MEMPOOL_CLOSED/);
    expect(() => pool.markRejected(txid)).toThrow(/MEMPOOL_CLOSED/);
    expect(() => pool.removeForBlock(tip!.block)).toThrow(/MEMPOOL_CLOSED/);
    // Reads still answer, and nothing changed.
    expect(pool.size).toBe(1);
    expect(pool.isFinal(txid)).toBe(false);
    await pool.close();
  });
});
