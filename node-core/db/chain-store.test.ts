import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Level } from "level";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockHash, encodeCertifiedBlock, transactionId } from "../codec/index.js";
import { verifyAll } from "../crypto/index.js";
import { KernelError } from "../kernel/errors.js";
import { MAX_REORG_DEPTH } from "../params/consensus.js";
import { DEVNET, TESTNET } from "../params/network.js";
import { assembleTestBlock, buildSpend, SeededRng, TestChain } from "../testing/index.js";
import { bytesEqual, toHex } from "../types/bytes.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";
import { ChainStore } from "./chain-store.js";
import { DbError } from "./errors.js";
import { CHAIN_DB_DIR } from "./options.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "time-db-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openStore(params = DEVNET, extra: { genesisHash?: Uint8Array } = {}): Promise<ChainStore> {
  return ChainStore.open({ dataDir: dir, params, ...extra });
}

/** A store holding `chain`'s blocks, connected one by one. */
async function storeWith(chain: TestChain): Promise<ChainStore> {
  const store = await openStore();
  for (const block of chain.blocks) await store.connectBlock(block);
  return store;
}

async function expectDbError(promise: Promise<unknown>, code: string): Promise<DbError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DbError);
  expect((err as DbError).code).toBe(code);
  return err as DbError;
}

async function expectSameState(store: ChainStore, chain: TestChain): Promise<void> {
  expect(await store.utxoSetSummary()).toEqual(await chain.summary());
  expect(await store.listMasternodes()).toEqual(chain.masternodes());
  const tip = store.getTip();
  expect(tip?.height).toBe(chain.height);
  expect(toHex(tip?.hash ?? new Uint8Array())).toBe(toHex(chain.hashAt(Number(chain.height))));
}

describe("ChainStore", () => {
  it("connects genesis and child blocks and answers lookups", async () => {
    const chain = new TestChain({ seed: 7 });
    for (let i = 0; i < 6; i++) chain.extend();
    const store = await openStore();
    expect(store.getTip()).toBeNull();
    for (const block of chain.blocks) await store.connectBlock(block);
    await expectSameState(store, chain);
    expect(toHex(store.getGenesisHash() as Uint8Array)).toBe(toHex(chain.hashAt(0)));

    for (let h = 0; h < chain.blocks.length; h++) {
      const hash = chain.hashAt(h);
      expect(toHex((await store.getHashAtHeight(BigInt(h))) as Uint8Array)).toBe(toHex(hash));
      const byHeight = await store.getBlockByHeight(BigInt(h));
      const byHash = await store.getBlockByHash(hash);
      expect(byHeight).toEqual(chain.blocks[h]);
      expect(byHash).toEqual(chain.blocks[h]);
      expect(await store.hasBlock(hash)).toBe(true);
      const txs = (chain.blocks[h] as CertifiedBlock).block.transactions;
      for (let position = 0; position < txs.length; position++) {
        const tx = txs[position] as Transaction;
        const txid = transactionId(tx);
        const location = await store.getTransactionLocation(txid);
        expect(location).toEqual({ blockHash: hash, height: BigInt(h), position });
        expect(await store.getTransaction(txid)).toEqual({
          blockHash: hash,
          height: BigInt(h),
          position,
          transaction: tx,
        });
      }
    }
    expect(await store.getHashAtHeight(chain.height + 1n)).toBeNull();
    expect(await store.getBlockByHeight(chain.height + 1n)).toBeNull();
    expect(await store.getBlockByHash(new Uint8Array(32))).toBeNull();
    expect(await store.getTransaction(new Uint8Array(32))).toBeNull();
    // Served from the block cache: one decoded object for both reads, equal to what was stored.
    const byHeight = await store.getBlockByHeight(1n);
    expect(byHeight).toBe(await store.getBlockByHash(chain.hashAt(1)));
    expect(byHeight).toEqual(chain.blocks[1]);

    const utxos = chain.utxos();
    const probe = [...utxos.slice(0, 5).map((u) => u.outpoint), { txid: new Uint8Array(32), index: 0 }];
    const fetched = await store.getUtxos(probe);
    expect(fetched.slice(0, 5)).toEqual(utxos.slice(0, 5).map((u) => u.entry));
    expect(fetched[5]).toBeNull();
    expect(await store.getUtxo((utxos[0] as (typeof utxos)[number]).outpoint)).toEqual(utxos[0]?.entry);
    for (const record of chain.masternodes()) {
      expect(await store.getMasternode(record.collateral)).toEqual(record);
      expect(await store.getMasternodeByOperator(record.operatorPublicKey)).toEqual(record);
    }
    const records = chain.masternodes();
    const notCollateral = { txid: new Uint8Array(32), index: 0 };
    expect(await store.getMasternodes([notCollateral, ...records.map((r) => r.collateral)])).toEqual([
      null,
      ...records,
    ]);
    expect(await store.getMasternodes([])).toEqual([]);
    await store.close();
  });

  it("registers masternodes and stores undo records that match the kernel's", async () => {
    const chain = new TestChain({ seed: 3, child: { masternodeOpChance: 0.9 } });
    const store = await storeWith(chain);
    let sawMasternodes = false;
    for (let i = 0; i < 12; i++) {
      const block = chain.extend();
      const effects = await store.connectBlock(block);
      sawMasternodes ||= effects.masternodes.length > 0;
      expect(await store.getUndoRecord(effects.blockHash)).toEqual(effects.undo);
      await expectSameState(store, chain);
    }
    expect(sawMasternodes).toBe(true);
    expect(chain.masternodes().length).toBeGreaterThan(0);
    const stats = await store.stats();
    expect(stats.operators).toBe(chain.masternodes().length);
    expect(stats.masternodes).toBe(chain.masternodes().length);
    await store.close();
  });

  it("disconnects the tip back to the parent state and deletes the block's indexes", async () => {
    const chain = new TestChain({ seed: 11, child: { masternodeOpChance: 0.6 } });
    for (let i = 0; i < 5; i++) chain.extend();
    const store = await storeWith(chain);
    const before = await store.stats();
    while (chain.height > 0n) {
      const expected = chain.tip;
      const hash = chain.hashAt(Number(chain.height));
      const height = chain.height;
      chain.disconnect();
      const undone = await store.disconnectTip();
      expect(undone).toEqual(expected);
      await expectSameState(store, chain);
      expect(await store.getBlockByHash(hash)).toBeNull();
      expect(await store.getHashAtHeight(height)).toBeNull();
      expect(await store.getUndoRecord(hash)).toBeNull();
      for (const tx of expected.block.transactions)
        expect(await store.getTransactionLocation(transactionId(tx))).toBeNull();
    }
    const after = await store.stats();
    expect(after.blocks).toBe(1);
    expect(after.heights).toBe(1);
    expect(after.undo).toBe(1);
    expect(after.txindex).toBe(chain.tip.block.transactions.length);
    expect(before.blocks).toBe(6);
    await expectDbError(store.disconnectTip(), "DB_REFUSE_GENESIS");
    await store.close();
  });

  it("reconnects a disconnected block and a different fork at the same height", async () => {
    const chain = new TestChain({ seed: 5 });
    chain.extend();
    chain.extend();
    const store = await storeWith(chain);
    const summary = await store.utxoSetSummary();
    const b2 = chain.disconnect();
    await store.disconnectTip();
    await store.connectBlock(b2);
    chain.apply(b2);
    expect(await store.utxoSetSummary()).toEqual(summary);
    chain.disconnect();
    await store.disconnectTip();
    chain.reseed(999);
    const fork = chain.extend();
    expect(bytesEqual(blockHash(fork.block.header), blockHash(b2.block.header))).toBe(false);
    await store.connectBlock(fork);
    await expectSameState(store, chain);
    await store.close();
  });

  it("persists the tip and state across reopen", async () => {
    const chain = new TestChain({ seed: 21, child: { masternodeOpChance: 0.5 } });
    for (let i = 0; i < 4; i++) chain.extend();
    const store = await storeWith(chain);
    await store.close();
    await expectDbError(store.getBlockByHeight(0n), "DB_CLOSED");
    const reopened = await openStore(DEVNET, { genesisHash: chain.hashAt(0) });
    await expectSameState(reopened, chain);
    await reopened.connectBlock(chain.extend());
    await expectSameState(reopened, chain);
    await reopened.close();
  });

  it("refuses to open a store of another network or genesis", async () => {
    const chain = new TestChain({ seed: 1 });
    const store = await storeWith(chain);
    await store.close();
    const wrongNet = await expectDbError(openStore(TESTNET), "DB_WRONG_NETWORK");
    expect(wrongNet.message).toContain("devnet");
    const otherGenesis = new Uint8Array(32).fill(7);
    await expectDbError(openStore(DEVNET, { genesisHash: otherGenesis }), "DB_WRONG_NETWORK");
    // The failed opens released the lock: the right network still opens.
    const again = await openStore();
    expect(again.getTip()?.height).toBe(0n);
    await again.close();
  });

  it("refuses a genesis other than the configured one", async () => {
    const chain = new TestChain({ seed: 1 });
    const store = await openStore(DEVNET, { genesisHash: new Uint8Array(32).fill(1) });
    await expectDbError(store.connectBlock(chain.tip), "DB_WRONG_NETWORK");
    expect(store.getTip()).toBeNull();
    await store.close();
  });

  it("reports a second process-level open as DB_LOCKED", async () => {
    const store = await openStore();
    await expectDbError(openStore(), "DB_LOCKED");
    await store.close();
  });

  it("rebuilds the address index at open when it does not match the tip (a store made before it existed)", async () => {
    const chain = new TestChain({ seed: 23, keyCount: 4, child: { masternodeOpChance: 0.3 } });
    for (let i = 0; i < 5; i++) chain.extend();
    const store = await storeWith(chain);
    const addresses = [...chain.wallet.keys.map((k) => k.address), new Uint8Array(20).fill(9)];
    const answers = async (s: ChainStore) =>
      Promise.all(
        addresses.map(async (a) => [await s.getAddressUtxos(a), await s.getAddressTransactions(a)]),
      );
    const before = await answers(store);
    // Something was indexed (a rebuild that wrote nothing would pass otherwise).
    expect(before.some(([utxos]) => (utxos?.length ?? 0) > 0)).toBe(true);
    await store.close();
    const raw = new Level<Uint8Array, Uint8Array>(join(dir, CHAIN_DB_DIR), {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const sub = (name: string) =>
      raw.sublevel<Uint8Array, Uint8Array>(name, { keyEncoding: "view", valueEncoding: "view" });
    await sub("meta").del(new TextEncoder().encode("addressindex"));
    await sub("addrutxos").clear();
    // A stale entry an older index left behind must not survive the rebuild.
    await sub("addrtxs").put(new Uint8Array(32).fill(9), new Uint8Array(40));
    await raw.close();

    const reopened = await openStore();
    expect(await answers(reopened)).toEqual(before);
    // The rebuilt index moves on with the chain like one written block by block.
    await reopened.connectBlock(chain.extend());
    await reopened.disconnectTip();
    expect(await answers(reopened)).toEqual(before);
    await reopened.close();
  });

  it("detects a corrupted undo record and a corrupted block as DB_CORRUPT", async () => {
    const chain = new TestChain({ seed: 8 });
    chain.extend();
    chain.extend();
    const store = await storeWith(chain);
    await store.close();
    const tipHash = chain.hashAt(2);
    const raw = new Level<Uint8Array, Uint8Array>(join(dir, CHAIN_DB_DIR), {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const undo = raw.sublevel<Uint8Array, Uint8Array>("undo", { keyEncoding: "view", valueEncoding: "view" });
    const blocks = raw.sublevel<Uint8Array, Uint8Array>("blocks", {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const value = (await undo.get(tipHash)) as Uint8Array;
    const flipped = value.slice();
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    await undo.put(tipHash, flipped);
    const parentHash = chain.hashAt(1);
    const blockValue = (await blocks.get(parentHash)) as Uint8Array;
    await blocks.put(parentHash, blockValue.subarray(0, blockValue.length - 3));
    await raw.close();

    const reopened = await openStore();
    const err = await expectDbError(reopened.disconnectTip(), "DB_CORRUPT");
    expect(err.details.sublevel).toBe("undo");
    expect(err.details.key).toBe(toHex(tipHash));
    await expectDbError(reopened.getUndoRecord(tipHash), "DB_CORRUPT");
    const blockErr = await expectDbError(reopened.getBlockByHeight(1n), "DB_CORRUPT");
    expect(blockErr.details.sublevel).toBe("blocks");
    // Nothing was written: the tip is unchanged and the undamaged reads still work.
    expect(reopened.getTip()?.height).toBe(2n);
    expect(await reopened.getBlockByHeight(2n)).toEqual(chain.blocks[2]);
    await reopened.close();
  });

  it("rejects a double spend and leaves the store unchanged", async () => {
    const chain = new TestChain({ seed: 13 });
    chain.extend();
    const store = await storeWith(chain);
    const summary = await store.utxoSetSummary();
    const stats = await store.stats();
    const rng = new SeededRng(1);
    const [victim] = chain.spendable();
    if (!victim) throw new Error("no spendable output");
    const recipients = chain.wallet.keys.map((k) => k.address);
    const a = buildSpend(DEVNET.chainId, [victim], recipients, rng, { outputCount: 1 }) as Transaction;
    const b = buildSpend(DEVNET.chainId, [victim], recipients, rng, { outputCount: 2 }) as Transaction;
    expect(bytesEqual(transactionId(a), transactionId(b))).toBe(false);
    const reward: Transaction = {
      version: 1,
      inputs: [],
      outputs: [{ amount: 1_000_000n, address: recipients[0] as Uint8Array }],
      lockTime: chain.height + 1n,
      special: null,
    };
    const bad = assembleTestBlock(DEVNET, chain.tip, reward, [a, b], chain.validators);
    const err = await store.connectBlock(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KernelError);
    expect((err as KernelError).code).toBe("BLOCK_DOUBLE_SPEND");
    expect(await store.utxoSetSummary()).toEqual(summary);
    expect(await store.stats()).toEqual(stats);
    expect(store.getTip()?.height).toBe(chain.height);
    // Either spend alone is fine.
    const good = assembleTestBlock(DEVNET, chain.tip, reward, [a], chain.validators);
    chain.apply(good);
    await store.connectBlock(good);
    await expectSameState(store, chain);
    await store.close();
  });

  it("rejects a bad signature with DB_BAD_SIGNATURE naming the check", async () => {
    const chain = new TestChain({ seed: 17 });
    const store = await storeWith(chain);
    const rng = new SeededRng(2);
    const [victim] = chain.spendable();
    if (!victim) throw new Error("no spendable output");
    const recipients = chain.wallet.keys.map((k) => k.address);
    const tx = buildSpend(DEVNET.chainId, [victim], recipients, rng, { outputCount: 1 }) as Transaction;
    const input = tx.inputs[0] as Transaction["inputs"][number];
    const badSig = input.signature.slice();
    badSig[5] = (badSig[5] as number) ^ 0x40;
    const forged: Transaction = {
      ...tx,
      inputs: [{ ...input, signature: badSig }],
    };
    const reward: Transaction = {
      version: 1,
      inputs: [],
      outputs: [{ amount: 1_000_000n, address: recipients[0] as Uint8Array }],
      lockTime: 1n,
      special: null,
    };
    const block = assembleTestBlock(DEVNET, chain.tip, reward, [forged], chain.validators);
    const err = await expectDbError(store.connectBlock(block), "DB_BAD_SIGNATURE");
    expect(err.details.checkIndex).toBe(0);
    expect(err.details.publicKey).toBe(toHex(victim.key.publicKey));
    expect(store.getTip()?.height).toBe(0n);
    await store.close();
  });

  it("uses an injected verifier (async, like the worker pool) for every block with signatures", async () => {
    const chain = new TestChain({ seed: 19 });
    for (let i = 0; i < 4; i++) chain.extend();
    let calls = 0;
    let checked = 0;
    const store = await ChainStore.open(
      { dataDir: dir, params: DEVNET },
      {
        verifier: async (checks) => {
          calls += 1;
          checked += checks.length;
          return verifyAll(checks);
        },
      },
    );
    for (const block of chain.blocks) await store.connectBlock(block);
    const signed = chain.blocks.filter((b) =>
      b.block.transactions.some((tx) => tx.inputs.length > 0 || tx.special),
    );
    expect(signed.length).toBeGreaterThan(0);
    expect(calls).toBe(signed.length);
    expect(checked).toBeGreaterThanOrEqual(signed.length);
    await store.close();

    // A verifier failing only the last check: the error names that check.
    const refusing = await ChainStore.open(
      { dataDir: dir, params: DEVNET },
      { verifier: (checks) => checks.map((_, i) => i !== checks.length - 1) },
    );
    const rng = new SeededRng(3);
    const inputs = chain.spendable().slice(0, 3);
    const recipients = chain.wallet.keys.map((k) => k.address);
    const tx = buildSpend(DEVNET.chainId, inputs, recipients, rng, { outputCount: 1 }) as Transaction;
    const reward: Transaction = {
      version: 1,
      inputs: [],
      outputs: [{ amount: 1_000_000n, address: recipients[0] as Uint8Array }],
      lockTime: chain.height + 1n,
      special: null,
    };
    const block = assembleTestBlock(DEVNET, chain.tip, reward, [tx], chain.validators);
    const err = await expectDbError(refusing.connectBlock(block), "DB_BAD_SIGNATURE");
    expect(err.details.checkIndex).toBe(2);
    expect(err.details.publicKey).toBe(toHex((inputs[2] as (typeof inputs)[number]).key.publicKey));
    expect(err.details.height).toBe(String(chain.height + 1n));
    expect(refusing.getTip()?.height).toBe(chain.height);
    await refusing.close();
  });

  it("serializes concurrent writers", async () => {
    const chain = new TestChain({ seed: 23 });
    for (let i = 0; i < 4; i++) chain.extend();
    const store = await openStore();
    const results = await Promise.allSettled(chain.blocks.map((b) => store.connectBlock(b)));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    await expectSameState(store, chain);
    // Queued in call order: the rival takes height 4 first, so the old tip no longer fits.
    const tip = chain.disconnect();
    chain.reseed(4242);
    const rival = chain.extend();
    const [d, c1, c2] = await Promise.allSettled([
      store.disconnectTip(),
      store.connectBlock(rival),
      store.connectBlock(tip),
    ]);
    expect(d.status).toBe("fulfilled");
    expect(c1.status).toBe("fulfilled");
    expect(c2.status).toBe("rejected");
    expect(((c2 as PromiseRejectedResult).reason as KernelError).code).toBe("BLOCK_BAD_HEIGHT");
    await expectSameState(store, chain);
    await store.close();
  });

  it("rolls back to a height, refusing more than MAX_REORG_DEPTH blocks", async () => {
    const chain = new TestChain({ seed: 29, child: { maxTransactions: 1, masternodeOpChance: 0 } });
    for (let i = 0; i < MAX_REORG_DEPTH + 2; i++) chain.extend();
    const store = await storeWith(chain);
    await expectDbError(store.rollbackTo(0n), "DB_REORG_TOO_DEEP");
    await expectDbError(store.rollbackTo(chain.height + 1n), "DB_BAD_HEIGHT");
    expect(store.getTip()?.height).toBe(chain.height);
    const expected = chain.blocks.slice(5).reverse();
    const undone = await store.rollbackTo(4n);
    expect(undone.map((b) => toHex(blockHash(b.block.header)))).toEqual(
      expected.map((b) => toHex(blockHash(b.block.header))),
    );
    while (chain.height > 4n) chain.disconnect();
    await expectSameState(store, chain);
    expect(await store.rollbackTo(4n)).toEqual([]);
    await store.close();
  });

  it("rejects a certificate for another block", async () => {
    const chain = new TestChain({ seed: 31 });
    const store = await storeWith(chain);
    const b1 = chain.extend();
    const wrong: CertifiedBlock = {
      block: b1.block,
      certificate: { ...(b1.certificate as NonNullable<CertifiedBlock["certificate"]>), height: 2n },
    };
    await expectDbError(store.connectBlock(wrong), "DB_CERTIFICATE_MISMATCH");
    await store.connectBlock(b1);
    await expectSameState(store, chain);
    await store.close();
  });

  it("stores exactly the canonical block bytes", async () => {
    const chain = new TestChain({ seed: 37 });
    chain.extend();
    const store = await storeWith(chain);
    await store.close();
    const raw = new Level<Uint8Array, Uint8Array>(join(dir, CHAIN_DB_DIR), {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const blocks = raw.sublevel<Uint8Array, Uint8Array>("blocks", {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const stored = (await blocks.get(chain.hashAt(1))) as Uint8Array;
    expect(toHex(stored)).toBe(toHex(encodeCertifiedBlock(chain.blocks[1] as CertifiedBlock)));
    await raw.close();
  });
});
