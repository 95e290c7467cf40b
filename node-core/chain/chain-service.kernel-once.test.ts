// A block import runs the kernel once: inside the writer, which reads the parent state it needs and hands
// the chain service the effects (and so the exact fees) through beforeCommit. The chain service itself never
// reads UTXOs to re-run the block rules (it used to, for the fees), on either backend.
import { afterEach, describe, expect, it } from "vitest";
import type { ChainBackend } from "../db/index.js";
import { Mempool } from "../mempool/index.js";
import { BACKEND_KINDS, TestBackends } from "../testing/index.js";
import { silentLogger } from "../util/index.js";
import { ChainService } from "./chain-service.js";
import { ChainFixture } from "./fixture.js";

const fx = new ChainFixture("chain-kernel-once");
const backends = new TestBackends(fx.params, "chain-kernel-once");
afterEach(() => backends.closeAll());

/** The backend, with a count of the UTXO reads made through its public reads. */
function counting(backend: ChainBackend): { backend: ChainBackend; utxoReads: () => number } {
  let reads = 0;
  const proxy = new Proxy(backend, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key === "getUtxos" && typeof value === "function") {
        return (...args: Parameters<ChainBackend["getUtxos"]>) => {
          reads++;
          return value.apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { backend: proxy, utxoReads: () => reads };
}

describe("ChainService import", () => {
  for (const kind of BACKEND_KINDS) {
    it(`judges the reward from the writer's one kernel run (${kind})`, async () => {
      const { backend, utxoReads } = counting(await backends.open(kind));
      let time = 0;
      const mempool = new Mempool(
        {},
        { backend, params: fx.params, clock: { now: () => time++ }, logger: silentLogger },
      );
      const chain = new ChainService(fx.options, fx.modules(backend, mempool));
      await chain.init();
      const block = await fx.buildBlock(backend, { txs: [], heartbeatsFrom: [4] });
      const before = utxoReads();
      await chain.importBlock(block);
      expect(backend.getTip()?.height).toBe(1n);
      expect(utxoReads()).toBe(before);
      // A block paying a wrong reward is still refused: the check moved, it did not go away.
      const wrong = await fx.buildBlock(backend, {
        editReward: (outputs) => outputs.map((o, i) => (i === 0 ? { ...o, amount: o.amount - 1n } : o)),
      });
      await expect(chain.importBlock(wrong)).rejects.toMatchObject({ code: "CHAIN_BAD_REWARD" });
      await chain.close();
      await mempool.close();
    });
  }
});
