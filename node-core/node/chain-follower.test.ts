// The chain follower after a (re)start: the voting sets it hands TSDC come from the chain store, including
// the one that signed the tip (the next block carries the tip's certificate), also when the tip block
// changed the registry. Real chain service, kernel and checkers over the memory backend.
import { describe, expect, it } from "vitest";
import { ChainFixture } from "../chain/fixture.js";
import { ChainService } from "../chain/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { Mempool } from "../mempool/index.js";
import { deriveTestKeys, type OwnedUtxo, type TestKey } from "../testing/index.js";
import type { CertifiedBlock } from "../types/index.js";
import { SAT_PER_TIME, toHex } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import { ChainFollower } from "./chain-follower.js";
import { LiveTaskRunner } from "./tasks.js";

async function startedFollower(chain: ChainService, backend: MemoryChainBackend): Promise<ChainFollower> {
  const follower = new ChainFollower(
    {},
    {
      chain,
      view: backend,
      tasks: new LiveTaskRunner(silentLogger),
      hooks: { imported() {}, importFailed() {}, sendBlocks() {}, peerAhead() {} },
    },
  );
  await follower.init();
  return follower;
}

describe("ChainFollower.init", () => {
  it("gives the tip's own voting set for the tip height when the tip block registered a masternode", async () => {
    const fx = new ChainFixture("chain-follower");
    const backend = new MemoryChainBackend({ params: fx.params });
    let time = 0;
    const mempool = new Mempool(
      {},
      { backend, params: fx.params, clock: { now: () => time++ }, logger: silentLogger },
    );
    const chain = new ChainService(fx.options, fx.modules(backend, mempool));
    await chain.init();
    const coins = fx.genesisCoins();
    const big = coins.find((c) => c.entry.amount >= 100_000n * SAT_PER_TIME) as OwnedUtxo;
    const gold = deriveTestKeys("chain-follower/gold", 1)[0] as TestKey;
    // Block 1, certified by the genesis set (weight 220), registers a Gold masternode (weight 1000).
    const block1: CertifiedBlock = await fx.buildBlock(backend, {
      txs: [fx.register(coins[0] as OwnedUtxo, big, gold)],
    });
    await chain.importBlock(block1);

    // A node starting now, with block 1 as its tip.
    const follower = await startedFollower(chain, backend);
    const signedTip = follower.votingSetFor(1n);
    expect(signedTip.totalWeight).toBe(220);
    expect(signedTip.get(toHex(gold.publicKey))).toBeUndefined();
    // Block 1's certificate (carried by block 2) verifies against that set, as the chain service checks it.
    const voters = (block1.certificate?.precommits ?? []).map((p) => toHex(p.voterPublicKey));
    const weight = voters.reduce((w, id) => w + (signedTip.get(id)?.weight ?? 0), 0);
    expect(signedTip.isQuorum(weight)).toBe(true);
    // Block 2 is decided by the set after block 1, Gold included.
    const next = follower.votingSetFor(2n);
    expect(next.totalWeight).toBe(1220);
    expect(next.get(toHex(gold.publicKey))?.weight).toBe(1000);
    expect(next.isQuorum(weight)).toBe(false);
  });

  it("at genesis gives the genesis registry for height 1 and needs no undo record", async () => {
    const fx = new ChainFixture("chain-follower-genesis");
    const backend = new MemoryChainBackend({ params: fx.params });
    const mempool = new Mempool(
      {},
      { backend, params: fx.params, clock: { now: () => 0 }, logger: silentLogger },
    );
    const chain = new ChainService(fx.options, fx.modules(backend, mempool));
    await chain.init();
    const follower = await startedFollower(chain, backend);
    expect(follower.votingSetFor(1n).totalWeight).toBe(220);
    expect(follower.votingSetFor(1n).validators).toHaveLength(4);
  });
});
