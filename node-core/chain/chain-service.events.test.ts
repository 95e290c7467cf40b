// Chain events through the EventHub: a listener that throws is logged with its event and error, the import
// or rollback still resolves with the new state in place, the other listeners still run, and nothing
// surfaces later as an uncaught exception (the old listener list rethrew on a microtask).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryChainBackend } from "../db/memory-backend.js";
import { Mempool } from "../mempool/mempool.js";
import type { CertifiedBlock } from "../types/chain.js";
import { memoryLogger } from "../util/index.js";
import { ChainService } from "./chain-service.js";
import { ChainFixture } from "./fixture.js";

const fx = new ChainFixture("chain-service-events");

const uncaught: unknown[] = [];
const onUncaught = (err: unknown): void => {
  uncaught.push(err);
};
beforeEach(() => {
  uncaught.length = 0;
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
});
afterEach(() => {
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
});

async function node() {
  const logger = memoryLogger();
  const backend = new MemoryChainBackend({ params: fx.params });
  const mempool = new Mempool({}, { backend, params: fx.params, clock: { now: () => 0 }, logger });
  const chain = new ChainService(fx.options, fx.modules(backend, mempool, logger));
  await chain.init();
  return { logger, backend, chain };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("ChainService events", () => {
  it("a throwing chain:block listener is logged and the import still resolves", async () => {
    const { logger, backend, chain } = await node();
    const boom = new Error("listener bug");
    const seen: string[] = [];
    chain.onBlock(() => {
      seen.push(`first@${backend.getTip()?.height}`);
    });
    chain.onBlock(() => {
      throw boom;
    });
    chain.on("chain:block", ({ certified }) => seen.push(`last@${certified.block.header.height}`));
    const block = await fx.buildBlock(backend);
    const effects = await chain.importBlock(block);
    expect(effects).toBeDefined();
    expect(backend.getTip()?.height).toBe(1n);
    // Listeners saw the new tip: the event is emitted after the state change.
    expect(seen).toEqual(["first@1", "last@1"]);
    const errors = logger.at("error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toEqual({ event: "chain:block", err: boom });
    expect(errors[0]?.bindings).toEqual({ module: "chain" });
    await settle();
    expect(uncaught).toEqual([]);
    // The chain keeps working.
    await chain.importBlock(await fx.buildBlock(backend, { proposer: 1 }));
    expect(backend.getTip()?.height).toBe(2n);
    expect(logger.at("error")).toHaveLength(2);
  });

  it("a throwing chain:rollback listener is logged and the rollback still resolves", async () => {
    const { logger, backend, chain } = await node();
    await chain.importBlock(await fx.buildBlock(backend));
    const rolled: (readonly CertifiedBlock[])[] = [];
    chain.onRollback(() => {
      throw new Error("rollback listener bug");
    });
    chain.onRollback((blocks) => rolled.push(blocks));
    const result = await chain.rollbackTo(0n);
    expect(result.blocks).toHaveLength(1);
    expect(rolled).toEqual([result.blocks]);
    expect(backend.getTip()?.height).toBe(0n);
    expect(logger.at("error").map((e) => e.obj.event)).toEqual(["chain:rollback"]);
    await settle();
    expect(uncaught).toEqual([]);
  });

  it("onBlock's unsubscribe stops delivery", async () => {
    const { backend, chain } = await node();
    const heights: bigint[] = [];
    const off = chain.onBlock((certified) => heights.push(certified.block.header.height));
    await chain.importBlock(await fx.buildBlock(backend));
    off();
    await chain.importBlock(await fx.buildBlock(backend, { proposer: 1 }));
    expect(heights).toEqual([1n]);
  });
});
