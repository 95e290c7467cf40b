// Block import enforces the timestamp rule (block-time.ts) on certified blocks: a block otherwise valid,
// certified by every validator, is refused for a timestamp of 0, 2^64 - 1, its parent's, or more than
// MAX_BLOCK_FUTURE_MS ahead of the injected clock, and the chain is left as it was; normal blocks import.
import { describe, expect, it } from "vitest";
import { MemoryChainBackend } from "../db/index.js";
import { Mempool } from "../mempool/mempool.js";
import { MAX_BLOCK_FUTURE_MS } from "../params/consensus.js";
import { ManualClock } from "../testing/index.js";
import { silentLogger } from "../util/index.js";
import { ChainService } from "./chain-service.js";
import { ChainFixture } from "./fixture.js";

const fx = new ChainFixture("chain-service-timestamp");
const interval = BigInt(fx.params.blockIntervalMs);
const U64_MAX = 2n ** 64n - 1n;

async function makeNode(clock = fx.clock) {
  const backend = new MemoryChainBackend({ params: fx.params });
  const mempool = new Mempool({}, { backend, params: fx.params, clock, logger: silentLogger });
  const chain = new ChainService(fx.options, fx.modules(backend, mempool, silentLogger, clock));
  await chain.init();
  return { backend, chain };
}

async function refusal(chain: ChainService, block: Parameters<ChainService["importBlock"]>[0]) {
  return chain.importBlock(block).then(
    () => {
      throw new Error("the block was imported");
    },
    (err: unknown) => err as { code: string; details: Record<string, unknown> },
  );
}

describe("block import: timestamps", () => {
  it("refuses timestamp 0, 2^64 - 1 and the parent's own, whoever certified them", async () => {
    const { backend, chain } = await makeNode();
    const genesisTs = fx.genesis.block.header.timestamp;
    expect((await refusal(chain, await fx.buildBlock(backend, { timestamp: 0n }))).code).toBe(
      "CHAIN_TIMESTAMP_NOT_SLOT_START",
    );
    expect((await refusal(chain, await fx.buildBlock(backend, { timestamp: U64_MAX }))).code).toBe(
      "CHAIN_TIMESTAMP_NOT_SLOT_START",
    );
    const equal = await refusal(chain, await fx.buildBlock(backend, { timestamp: genesisTs }));
    expect(equal.code).toBe("CHAIN_TIMESTAMP_NOT_AFTER_PARENT");
    expect(equal.details).toMatchObject({ height: "1", expected: `> ${genesisTs}`, actual: `${genesisTs}` });
    expect(backend.getTip()?.height).toBe(0n);

    // After a normal import the parent is the imported block (read from the service's own record).
    await chain.importBlock(await fx.buildBlock(backend));
    const tipTs = (await backend.getBlockByHeight(1n))?.block.header.timestamp as bigint;
    const again = await refusal(chain, await fx.buildBlock(backend, { timestamp: tipTs }));
    expect(again.code).toBe("CHAIN_TIMESTAMP_NOT_AFTER_PARENT");
    const back = await refusal(chain, await fx.buildBlock(backend, { timestamp: tipTs - interval }));
    expect(back.code).toBe("CHAIN_TIMESTAMP_NOT_AFTER_PARENT");
    expect(backend.getTip()?.height).toBe(1n);
  });

  it("refuses a block more than MAX_BLOCK_FUTURE_MS ahead of the local clock, and takes it once time passes", async () => {
    const clock = new ManualClock(Number(fx.genesis.block.header.timestamp));
    const { backend, chain } = await makeNode(clock);
    const ahead = BigInt(MAX_BLOCK_FUTURE_MS);
    // The first slot past the bound: genesis + ceil((bound + 1) / interval) slots.
    const tooFar = fx.genesis.block.header.timestamp + ((ahead + interval) / interval) * interval;
    const block = await fx.buildBlock(backend, { timestamp: tooFar });
    const err = await refusal(chain, block);
    expect(err.code).toBe("CHAIN_TIMESTAMP_IN_FUTURE");
    expect(err.details).toMatchObject({ expected: `<= ${clock.now() + MAX_BLOCK_FUTURE_MS}` });
    expect(backend.getTip()?.height).toBe(0n);
    clock.advance(Number(tooFar - ahead) - clock.now());
    await expect(chain.importBlock(block)).resolves.toMatchObject({ height: 1n });
  });

  it("after a rollback the next block is checked against the stored parent, not the last import", async () => {
    const { backend, chain } = await makeNode();
    await chain.importBlock(await fx.buildBlock(backend));
    await chain.importBlock(await fx.buildBlock(backend));
    await chain.rollbackTo(1n);
    // The service's record of the last import is block 2, gone now: the parent must come from storage.
    const parentTs = (await backend.getBlockByHeight(1n))?.block.header.timestamp as bigint;
    expect((await refusal(chain, await fx.buildBlock(backend, { timestamp: parentTs }))).code).toBe(
      "CHAIN_TIMESTAMP_NOT_AFTER_PARENT",
    );
    await expect(chain.importBlock(await fx.buildBlock(backend))).resolves.toMatchObject({ height: 2n });
  });
});
