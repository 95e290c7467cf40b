// ChainService runs imports and rollbacks one at a time, in call order, even when callers do not wait:
// gossip and sync fire imports back to back, and an admin rollback can land in the middle. Each test fires
// the calls without awaiting, on both real backends; without the serialization the second call would read
// the tip before the first one moved it and be refused (or interleave with it in storage).
import { afterEach, describe, expect, it } from "vitest";
import type { ChainBackend } from "../db/chain-view.js";
import { Mempool } from "../mempool/mempool.js";
import { type BackendKind, TestBackends } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { ChainService } from "./chain-service.js";
import { ChainFixture } from "./fixture.js";

const fx = new ChainFixture("chain-concurrency");
const backends = new TestBackends(fx.params, "chain-concurrency");

afterEach(() => backends.closeAll());

async function makeBackend(kind: BackendKind): Promise<ChainBackend> {
  return backends.open(kind);
}

async function makeService(kind: BackendKind): Promise<{ backend: ChainBackend; chain: ChainService }> {
  const backend = await makeBackend(kind);
  let time = 0;
  const mempool = new Mempool(
    {},
    {
      backend,
      params: fx.params,
      clock: { now: () => time++ },
      logger: silentLogger,
    },
  );
  const chain = new ChainService(fx.options, fx.modules(backend, mempool));
  await chain.init();
  return { backend, chain };
}

/**
 * Blocks 1 and 2 on genesis, and an alternative block 2 (another proposer), built on a separate in-memory
 * node so that the node under test has seen none of them.
 */
async function buildBlocks(): Promise<{ b1: CertifiedBlock; b2: CertifiedBlock; alt2: CertifiedBlock }> {
  const builder = await makeService("memory");
  const b1 = await fx.buildBlock(builder.backend);
  await builder.chain.importBlock(b1);
  const b2 = await fx.buildBlock(builder.backend);
  const alt2 = await fx.buildBlock(builder.backend, { proposer: 1 });
  expect(toHex(fx.hashOf(alt2))).not.toBe(toHex(fx.hashOf(b2)));
  return { b1, b2, alt2 };
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, code: (error as { code?: string }).code }),
  );

describe.each<BackendKind>(["memory", "leveldb"])("ChainService serialization (%s)", (kind) => {
  it("two imports of consecutive blocks fired together both connect, in order", async () => {
    const { b1, b2 } = await buildBlocks();
    const { backend, chain } = await makeService(kind);
    const first = settle(chain.importBlock(b1));
    const second = settle(chain.importBlock(b2));
    const results = await Promise.all([first, second]);
    expect(results.map((r) => (r.ok ? "ok" : r.code))).toEqual(["ok", "ok"]);
    expect(backend.getTip()?.height).toBe(2n);
    expect(toHex(backend.getTip()!.hash)).toBe(toHex(fx.hashOf(b2)));
  });

  it("a rollback and the import of a competing block fired together run in call order", async () => {
    const { b1, b2, alt2 } = await buildBlocks();
    const { backend, chain } = await makeService(kind);
    await chain.importBlock(b1);
    await chain.importBlock(b2);
    // Roll back to 1, then import the alternative block 2: valid only once the rollback has happened.
    const rollback = settle(chain.rollbackTo(1n));
    const replace = settle(chain.importBlock(alt2));
    const [rolled, imported] = await Promise.all([rollback, replace]);
    expect(rolled.ok).toBe(true);
    expect(imported.ok ? "ok" : imported.code).toBe("ok");
    expect(backend.getTip()?.height).toBe(2n);
    expect(toHex(backend.getTip()!.hash)).toBe(toHex(fx.hashOf(alt2)));
    expect(toHex((await backend.getBlockByHeight(1n))!.block.header.previousHash)).toBe(
      toHex(fx.hashOf(fx.genesis)),
    );
  });

  it("a refused import does not block the calls queued behind it", async () => {
    const { b1, b2 } = await buildBlocks();
    const { backend, chain } = await makeService(kind);
    // b2 first: not a child of genesis, refused; b1 and then b2 again, queued behind it, connect.
    const results = await Promise.all([
      settle(chain.importBlock(b2)),
      settle(chain.importBlock(b1)),
      settle(chain.importBlock(b2)),
    ]);
    expect(results.map((r) => (r.ok ? "ok" : r.code))).toEqual(["CHAIN_NOT_CHILD_OF_TIP", "ok", "ok"]);
    expect(backend.getTip()?.height).toBe(2n);
  });
});
