// The address index readers against an independent reference (the TestChain's state and blocks), over
// both backends: the LevelDB store's index written with each block, and the in-memory twin's derived one,
// through connects, a rollback and more connects.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import { type ChainBackend, ChainStore, MemoryChainBackend } from "../db/index.js";
import { addressPayloadFromPublicKey } from "../keys/index.js";
import { TestChain } from "../testing/index.js";
import { toHex } from "../types/index.js";
import { AddressIndex } from "./address-index.js";

async function expectMatches(index: AddressIndex, chain: TestChain): Promise<void> {
  for (const key of chain.wallet.keys) {
    const hex = toHex(key.address);
    const mine = chain.utxos().filter((u) => toHex(u.entry.address) === hex);
    const want = mine.map((u) => `${toHex(u.outpoint.txid)}:${u.outpoint.index}=${u.entry.amount}`).sort();
    const got = (await index.utxos(key.address)).map((u) => `${u.txid}:${u.index}=${u.amount}`).sort();
    expect(got).toEqual(want);
    const heights = (await index.utxos(key.address)).map((u) => u.height);
    expect(heights).toEqual([...heights].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const txids: string[] = [];
    let received = 0n;
    for (const certified of chain.blocks) {
      for (const tx of certified.block.transactions) {
        const paid = tx.outputs.filter((o) => toHex(o.address) === hex);
        const spends = tx.inputs.some((i) => toHex(addressPayloadFromPublicKey(i.publicKey)) === hex);
        for (const output of paid) received += output.amount;
        if (paid.length > 0 || spends) txids.push(toHex(transactionId(tx)));
      }
    }
    const balance = mine.reduce((sum, u) => sum + u.entry.amount, 0n);
    expect(await index.balance(key.address)).toEqual({ balance, received });
    expect(await index.txids(key.address)).toEqual(txids);
  }
  const unused = new Uint8Array(20).fill(3);
  expect(await index.utxos(unused)).toEqual([]);
  expect(await index.balance(unused)).toEqual({ balance: 0n, received: 0n });
}

async function exercise(backend: ChainBackend, chain: TestChain): Promise<void> {
  const index = new AddressIndex({}, { view: backend });
  await backend.connectBlock(chain.blocks[0]!);
  for (let i = 0; i < 4; i++) await backend.connectBlock(chain.extend());
  await expectMatches(index, chain);
  // Spends happened, so the index had inputs to resolve, not only outputs to add.
  expect(chain.blocks.slice(1).some((b) => b.block.transactions.some((tx) => tx.inputs.length > 0))).toBe(
    true,
  );
  await backend.rollbackTo(chain.height - 2n);
  chain.disconnect();
  chain.disconnect();
  await expectMatches(index, chain);
  for (let i = 0; i < 3; i++) await backend.connectBlock(chain.extend());
  await expectMatches(index, chain);
}

describe("AddressIndex", () => {
  it("matches the reference over the in-memory backend", async () => {
    const chain = new TestChain({ seed: 11, keyCount: 5 });
    await exercise(new MemoryChainBackend({ params: chain.params }), chain);
  });

  it("matches the reference over the LevelDB store", async () => {
    const chain = new TestChain({ seed: 12, keyCount: 5 });
    const dir = await mkdtemp(join(tmpdir(), "time-addr-"));
    const store = await ChainStore.open({ dataDir: dir, params: chain.params });
    try {
      await exercise(store, chain);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
