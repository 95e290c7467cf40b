// The mempool's own refusals that the main suite never provokes: no chain yet (MEMPOOL_NO_CHAIN), a chain
// that moves under every validation attempt (MEMPOOL_BUSY, with the retry budget pinned from both sides),
// and finalizing a transaction the pool does not hold (MEMPOOL_UNKNOWN_TX). Real backend, real signatures.
import { describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import type { SignatureCheck } from "../crypto/verify-pool.js";
import { verifyAll } from "../crypto/verify-pool.js";
import { MemoryChainBackend } from "../db/memory-backend.js";
import type { OwnedUtxo } from "../testing/index.js";
import { ManualClock } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { MempoolError } from "./errors.js";
import { WalletFixture } from "./fixture.js";
import { Mempool } from "./mempool.js";

async function rejection(promise: Promise<unknown>): Promise<MempoolError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(MempoolError);
      return e as MempoolError;
    },
  );
}

/** A pool whose signature verifier first connects `moves` empty blocks, one per validation attempt. */
async function movingChain(moves: number) {
  const fx = new WalletFixture({ seed: 9 });
  const backend = await fx.backend();
  let remaining = moves;
  let attempts = 0;
  const verifier = async (checks: readonly SignatureCheck[]) => {
    attempts++;
    if (remaining > 0) {
      remaining--;
      const tip = backend.getTip()!;
      const parent = (await backend.getBlockByHeight(tip.height)) as CertifiedBlock;
      await backend.connectBlock(fx.block(parent, [], 0n));
    }
    return verifyAll(checks);
  };
  const pool = new Mempool(
    {},
    { backend, params: fx.params, clock: new ManualClock(), verifier, logger: silentLogger },
  );
  const tx = fx.spend([fx.coins()[0] as OwnedUtxo]);
  return { backend, pool, tx, attempts: () => attempts };
}

describe("Mempool errors", () => {
  it("MEMPOOL_NO_CHAIN: a backend without genesis admits nothing", async () => {
    const fx = new WalletFixture({ seed: 8 });
    const empty = new MemoryChainBackend({ params: fx.params });
    const pool = new Mempool(
      {},
      { backend: empty, params: fx.params, clock: new ManualClock(), logger: silentLogger },
    );
    const tx = fx.spend([fx.coins()[0] as OwnedUtxo]);
    const err = await rejection(pool.add(tx));
    expect(err.code).toBe("MEMPOOL_NO_CHAIN");
    expect(err.details.txid).toBe(toHex(transactionId(tx)));
    expect(pool.size).toBe(0);
    expect(pool.has(transactionId(tx))).toBe(false);
  });

  it("MEMPOOL_BUSY: the chain moves during each of the 8 attempts", async () => {
    const { backend, pool, tx, attempts } = await movingChain(8);
    const err = await rejection(pool.add(tx));
    expect(err.code).toBe("MEMPOOL_BUSY");
    expect(err.details.txid).toBe(toHex(transactionId(tx)));
    expect(attempts()).toBe(8);
    expect(backend.getTip()?.height).toBe(8n);
    expect(pool.size).toBe(0);
  });

  it("the eighth attempt still admits when the chain moved during the first seven only", async () => {
    const { pool, tx, attempts } = await movingChain(7);
    const result = await pool.add(tx);
    expect(result.txid).toBe(toHex(transactionId(tx)));
    expect(attempts()).toBe(8);
    expect(pool.size).toBe(1);
  });

  it("MEMPOOL_UNKNOWN_TX: finalizing a transaction the pool does not hold (never added, or evicted)", async () => {
    const fx = new WalletFixture({ seed: 10 });
    const backend = await fx.backend();
    const pool = new Mempool(
      {},
      { backend, params: fx.params, clock: new ManualClock(), logger: silentLogger },
    );
    const [a, b] = fx.coins() as [OwnedUtxo, OwnedUtxo];
    const held = fx.spend([a]);
    await pool.add(held);
    const stranger = fx.spend([b]);
    for (const ref of [transactionId(stranger), toHex(transactionId(stranger)), "00".repeat(32)]) {
      let caught: unknown;
      try {
        pool.markFinal(ref);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MempoolError);
      expect((caught as MempoolError).code).toBe("MEMPOOL_UNKNOWN_TX");
      expect((caught as MempoolError).details.txid).toBe(typeof ref === "string" ? ref : toHex(ref));
    }
    // The refusal changed nothing: the held transaction is still there and not final.
    expect(pool.size).toBe(1);
    expect(pool.isFinal(transactionId(held))).toBe(false);
    // Once evicted, the held transaction is unknown too.
    pool.markRejected(transactionId(held));
    expect(() => pool.markFinal(transactionId(held))).toThrow(MempoolError);
    expect(pool.finalizedSpends().size).toBe(0);
  });
});
