// The in-memory address index against the reference state of a random valid chain: built from the store
// at start, moved along by "chain:block" events, rebuilt after a rollback and after a missed block.
import { describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { addressPayloadFromPublicKey } from "../keys/index.js";
import type { NodeEvents } from "../node/index.js";
import { TestChain } from "../testing/index.js";
import { toHex } from "../types/index.js";
import { EventHub, silentLogger } from "../util/index.js";
import { AddressIndex } from "./address-index.js";

async function expectMatches(index: AddressIndex, chain: TestChain): Promise<void> {
  await index.settled();
  expect(index.height).toBe(chain.height);
  for (const key of chain.wallet.keys) {
    const hex = toHex(key.address);
    const want = chain
      .utxos()
      .filter((u) => toHex(u.entry.address) === hex)
      .map((u) => `${toHex(u.outpoint.txid)}:${u.outpoint.index}=${u.entry.amount}`)
      .sort();
    const got = (await index.utxos(key.address)).map((u) => `${u.txid}:${u.index}=${u.amount}`).sort();
    expect(got).toEqual(want);
    const balance = want.reduce((sum, s) => sum + BigInt(s.split("=")[1] as string), 0n);
    expect((await index.balance(key.address)).balance).toBe(balance);
    const txids: string[] = [];
    for (const certified of chain.blocks) {
      for (const tx of certified.block.transactions) {
        const pays = tx.outputs.some((o) => toHex(o.address) === hex);
        const spends = tx.inputs.some((i) => toHex(addressPayloadFromPublicKey(i.publicKey)) === hex);
        if (pays || spends) txids.push(toHex(transactionId(tx)));
      }
    }
    expect(await index.txids(key.address)).toEqual(txids);
  }
}

describe("AddressIndex", () => {
  it("follows the chain: built from the store, moved by blocks, rebuilt after a rollback or a gap", async () => {
    const chain = new TestChain({ seed: 11, keyCount: 5 });
    const backend = new MemoryChainBackend({ params: chain.params });
    await backend.connectBlock(chain.blocks[0]!);
    for (let i = 0; i < 3; i++) await backend.connectBlock(chain.extend());
    const events = new EventHub<NodeEvents>(silentLogger);
    let rollback: (() => void) | null = null;
    const index = new AddressIndex(
      {},
      {
        view: backend,
        events,
        onRollback: (listener) => {
          rollback = listener;
          return () => {
            rollback = null;
          };
        },
        logger: silentLogger,
      },
    );
    await index.start();
    await expectMatches(index, chain);
    // Spends happened, so the index had inputs to resolve, not only outputs to add.
    expect(chain.blocks.slice(1).some((b) => b.block.transactions.some((tx) => tx.inputs.length > 0))).toBe(
      true,
    );

    for (let i = 0; i < 3; i++) {
      const certified = chain.extend();
      const effects = await backend.connectBlock(certified);
      events.emit("chain:block", { certified, effects });
    }
    await expectMatches(index, chain);

    await backend.rollbackTo(chain.height - 2n);
    chain.disconnect();
    chain.disconnect();
    expect(rollback).not.toBeNull();
    rollback!();
    await expectMatches(index, chain);

    // A block the index never heard of, then its child: the child does not extend what it holds.
    await backend.connectBlock(chain.extend());
    const certified = chain.extend();
    const effects = await backend.connectBlock(certified);
    events.emit("chain:block", { certified, effects });
    await expectMatches(index, chain);

    index.close();
    expect(events.listenerCount("chain:block")).toBe(0);
    expect(rollback).toBeNull();
  });
});
