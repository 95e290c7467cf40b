// Which errors the chain service relabels and which it lets through. Only computeReward's documented
// refusals (REWARD_UNKNOWN_PROPOSER, REWARD_TOO_MANY_OUTPUTS, REWARD_BAD_INPUT) mean "no valid reward
// exists" and become CHAIN_BAD_REWARD; a store failure, an unrelated coded error or a look-alike object
// with a `code` must reach the caller unchanged. Also: close() finishes queued work, then refuses calls.
import { describe, expect, it } from "vitest";
import { DbError } from "../db/errors.js";
import { MemoryChainBackend } from "../db/memory-backend.js";
import { MasternodeError } from "../masternodes/errors.js";
import { computeReward } from "../masternodes/rewards.js";
import { Mempool } from "../mempool/mempool.js";
import { NodeCoreError, silentLogger } from "../util/index.js";
import { ChainService } from "./chain-service.js";
import { ChainError } from "./errors.js";
import { ChainFixture } from "./fixture.js";
import type { ComputeRewardFn } from "./options.js";

const fx = new ChainFixture("chain-service-errors");

async function nodeWith(computeRewardFn: ComputeRewardFn) {
  const backend = new MemoryChainBackend({ params: fx.params });
  const mempool = new Mempool(
    {},
    { backend, params: fx.params, clock: { now: () => 0 }, logger: silentLogger },
  );
  const chain = new ChainService(fx.options, {
    ...fx.modules(backend, mempool),
    computeReward: computeRewardFn,
  });
  await chain.init();
  return { backend, chain };
}

function throwing(err: unknown): ComputeRewardFn {
  return () => {
    throw err;
  };
}

async function importError(fn: ComputeRewardFn): Promise<unknown> {
  const { backend, chain } = await nodeWith(fn);
  const block = await fx.buildBlock(backend);
  const err = await chain.importBlock(block).then(
    () => {
      throw new Error("the block was imported");
    },
    (e: unknown) => e,
  );
  expect(backend.getTip()?.height).toBe(0n);
  return err;
}

describe("ChainService reward errors", () => {
  it("lets a DbError thrown while computing the reward through unchanged", async () => {
    const dbError = new DbError("DB_CORRUPT", "undo record does not decode", { sublevel: "undo" });
    const err = await importError(throwing(dbError));
    expect(err).toBe(dbError);
    expect((err as DbError).code).toBe("DB_CORRUPT");
  });

  it("lets an unrelated module's coded error through unchanged", async () => {
    const unrelated = new MasternodeError("REGISTRY_INCONSISTENT", "registry out of step");
    expect(await importError(throwing(unrelated))).toBe(unrelated);
  });

  it("lets a foreign error that merely has a string `code` through unchanged", async () => {
    const foreign = Object.assign(new Error("level says no"), { code: "REWARD_BAD_INPUT" });
    expect(await importError(throwing(foreign))).toBe(foreign);
  });

  it("lets a plain bug (TypeError) through unchanged", async () => {
    const bug = new TypeError("cannot read properties of undefined");
    expect(await importError(throwing(bug))).toBe(bug);
  });

  for (const code of ["REWARD_UNKNOWN_PROPOSER", "REWARD_TOO_MANY_OUTPUTS", "REWARD_BAD_INPUT"] as const) {
    it(`relabels the documented ${code} as CHAIN_BAD_REWARD with the reason`, async () => {
      const err = await importError(throwing(new MasternodeError(code, "no reward")));
      expect(err).toBeInstanceOf(ChainError);
      expect((err as ChainError).code).toBe("CHAIN_BAD_REWARD");
      expect((err as ChainError).details.reason?.code).toBe(code);
    });
  }

  it("relabels a documented refusal rebuilt from its wire form (it crossed a process boundary)", async () => {
    const wire = JSON.parse(
      JSON.stringify(new MasternodeError("REWARD_BAD_INPUT", "fees cannot be negative")),
    );
    const err = await importError(throwing(NodeCoreError.fromObject(wire)));
    expect((err as ChainError).code).toBe("CHAIN_BAD_REWARD");
    expect((err as ChainError).details.reason).toEqual({
      code: "REWARD_BAD_INPUT",
      message: "REWARD_BAD_INPUT: fees cannot be negative",
    });
  });

  it("imports normally with the real computeReward", async () => {
    const { backend, chain } = await nodeWith(computeReward);
    await chain.importBlock(await fx.buildBlock(backend));
    expect(backend.getTip()?.height).toBe(1n);
  });
});

describe("ChainService.close", () => {
  it("waits for queued imports, then refuses every call with CHAIN_CLOSED", async () => {
    const { backend, chain } = await nodeWith(computeReward);
    const block = await fx.buildBlock(backend);
    // Hold the import inside the backend until the test lets it go.
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const connect = backend.connectBlock.bind(backend);
    backend.connectBlock = async (certified) => {
      await gate;
      return connect(certified);
    };
    const importing = chain.importBlock(block);
    let closed = false;
    const closing = chain.close().then(() => {
      closed = true;
    });
    await expect(chain.importBlock(block)).rejects.toMatchObject({ code: "CHAIN_CLOSED" });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(false);
    release();
    await closing;
    // The import queued before close() had completed by the time close() resolved.
    expect(backend.getTip()?.height).toBe(1n);
    await expect(importing).resolves.toBeDefined();
    await expect(chain.rollbackTo(0n)).rejects.toBeInstanceOf(ChainError);
    await expect(chain.rollbackTo(0n)).rejects.toMatchObject({ code: "CHAIN_CLOSED" });
    await expect(chain.init()).rejects.toMatchObject({ code: "CHAIN_CLOSED" });
    expect(backend.getTip()?.height).toBe(1n);
    await chain.close();
  });
});
