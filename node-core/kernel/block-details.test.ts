// Block refusals with their messages and details (block.test.ts checks the codes), and the effects of an
// accepted block: what it creates and spends, its undo record and its fees.
import { describe, expect, it } from "vitest";
import { blockHash, merkleRoot, transactionId } from "../codec/index.js";
import { BLOCK_REWARD, TX_VERSION } from "../params/consensus.js";
import {
  assembleTestBlock,
  buildSpend,
  deriveTestKeys,
  type OwnedUtxo,
  registrationPayload,
  SeededRng,
  TestChain,
  type TestKey,
} from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { Block, Transaction } from "../types/chain.js";
import { assembleBlock } from "./assemble-block.js";
import { blockPrefetch, checkBlock } from "./block.js";
import { refusal } from "./test-support.js";
import { outpointKey } from "./view.js";

const chain = new TestChain({ seed: 12, label: "kernel-block-details" });
const parent = { hash: blockHash(chain.tip.block.header), height: chain.height };
const check = (block: Block) => checkBlock(block, chain.state, { params: chain.params, parent });

function reward(amount = BLOCK_REWARD, lockTime = chain.height + 1n): Transaction {
  return {
    version: TX_VERSION,
    inputs: [],
    outputs: [{ amount, address: (chain.wallet.keys[0] as { address: Uint8Array }).address }],
    lockTime,
    special: null,
  };
}

const blockWith = (txs: Transaction[], rewardTx = reward()) =>
  assembleTestBlock(chain.params, chain.tip, rewardTx, txs, chain.validators).block;

function reassemble(txs: Transaction[]): Block {
  const { header, heartbeats, previousCertificate } = blockWith([]);
  return assembleBlock({ ...header, transactions: txs, heartbeats, previousCertificate });
}

function spend(inputs: OwnedUtxo[], outputCount = 2, extraFee = 0n): Transaction {
  const tx = buildSpend(
    chain.params.chainId,
    inputs,
    chain.wallet.keys.map((k) => k.address),
    new SeededRng(7),
    { outputCount, extraFee },
  );
  if (!tx) throw new Error("test setup: inputs cannot pay the fee");
  return tx;
}

const fee = (tx: Transaction, inputs: OwnedUtxo[]) =>
  inputs.reduce((s, u) => s + u.entry.amount, 0n) - tx.outputs.reduce((s, o) => s + o.amount, 0n);

describe("block refusals name the rule and the values", () => {
  const block = blockWith([]);

  it("header: version, chain, height, parent", () => {
    expect(refusal(() => check({ ...block, header: { ...block.header, version: 2 } }))).toEqual({
      message: "BLOCK_BAD_VERSION: unsupported block version 2",
      details: {},
    });
    expect(refusal(() => check({ ...block, header: { ...block.header, chainId: 77 } }))).toEqual({
      message: "BLOCK_WRONG_CHAIN: block belongs to another network",
      details: { expected: String(chain.params.chainId), actual: "77" },
    });
    expect(refusal(() => check({ ...block, header: { ...block.header, height: 99n } }))).toEqual({
      message: "BLOCK_BAD_HEIGHT: block height does not follow its parent",
      details: { expected: String(chain.height + 1n), actual: "99" },
    });
    const previousHash = new Uint8Array(32).fill(1);
    expect(refusal(() => check({ ...block, header: { ...block.header, previousHash } }))).toEqual({
      message: "BLOCK_BAD_PARENT: block does not extend the current tip",
      details: { expected: toHex(parent.hash), actual: toHex(previousHash) },
    });
  });

  it("merkle root, extras hash, an empty block", () => {
    const zero = new Uint8Array(32);
    expect(refusal(() => check({ ...block, header: { ...block.header, merkleRoot: zero } }))).toEqual({
      message: "BLOCK_BAD_MERKLE_ROOT: merkle root does not match the transactions",
      details: { expected: toHex(merkleRoot(block.transactions.map(transactionId))), actual: toHex(zero) },
    });
    expect(refusal(() => check({ ...block, header: { ...block.header, extrasHash: zero } }))).toEqual({
      message: "BLOCK_BAD_EXTRAS_HASH: extras hash does not match heartbeats and certificate",
      details: {},
    });
    expect(refusal(() => check(reassemble([])))).toEqual({
      message: "BLOCK_NO_TRANSACTIONS: a block holds at least its reward",
      details: {},
    });
  });

  it("duplicated and unsorted transactions, with their position", () => {
    const [a, b] = chain.spendable() as OwnedUtxo[];
    const tx1 = spend([a as OwnedUtxo]);
    const tx2 = spend([b as OwnedUtxo]);
    const [first, second] = [tx1, tx2].sort((x, y) => Buffer.compare(transactionId(x), transactionId(y)));
    const r = reward();
    expect(refusal(() => check(reassemble([r, first as Transaction, first as Transaction])))).toEqual({
      message: "BLOCK_DUPLICATE_TX: the same transaction appears twice",
      details: { txIndex: 2, txid: toHex(transactionId(first as Transaction)) },
    });
    expect(refusal(() => check(reassemble([r, second as Transaction, first as Transaction])))).toEqual({
      message: "BLOCK_UNSORTED: transactions after the reward must be sorted by txid",
      details: { txIndex: 2 },
    });
    expect(refusal(() => check(reassemble([r, r])))).toEqual({
      message: "BLOCK_DUPLICATE_TX: the same transaction appears twice",
      details: { txIndex: 1, txid: toHex(transactionId(r)) },
    });
  });

  it("a first transaction with an input is refused as a reward by its shape, not its lock time", () => {
    const [a] = chain.spendable() as OwnedUtxo[];
    const paying = { ...spend([a as OwnedUtxo], 1), lockTime: chain.height + 1n };
    const asFirst = assembleTestBlock(chain.params, chain.tip, paying, [], chain.validators).block;
    expect(refusal(() => check(asFirst)).message).toBe(
      "BLOCK_BAD_REWARD: the reward transaction has no inputs and no special payload",
    );
  });

  it("the reward's lock time and amount, a double spend", () => {
    const late = reward(BLOCK_REWARD, chain.height);
    expect(refusal(() => check(blockWith([], late)))).toEqual({
      message: "BLOCK_BAD_REWARD: reward lock time must equal the block height",
      details: {
        expected: String(chain.height + 1n),
        actual: String(chain.height),
        txIndex: 0,
        txid: toHex(transactionId(late)),
      },
    });
    const [a, c] = chain.spendable() as OwnedUtxo[];
    const paying = spend([a as OwnedUtxo], 1, 5_000n);
    const f = fee(paying, [a as OwnedUtxo]);
    expect(refusal(() => check(blockWith([paying], reward(BLOCK_REWARD + f + 1n))))).toEqual({
      message: "BLOCK_REWARD_TOO_HIGH: reward exceeds the block subsidy plus fees",
      details: { txIndex: 0, expected: `<= ${BLOCK_REWARD + f}`, actual: String(BLOCK_REWARD + f + 1n) },
    });
    const conflictA = spend([a as OwnedUtxo], 1);
    const conflictB = spend([c as OwnedUtxo, a as OwnedUtxo], 1);
    const doubled = blockWith([conflictA, conflictB]);
    const dup = refusal(() => check(doubled));
    expect(dup.message).toBe("BLOCK_DOUBLE_SPEND: outpoint already spent earlier in this block");
    expect(dup.details).toMatchObject({ inputIndex: 1, outpoint: outpointKey((a as OwnedUtxo).outpoint) });
    // the one of the two that sorts later is refused, at its position in the block
    expect(doubled.transactions[dup.details.txIndex as number]).toBe(conflictB);
  });
});

describe("the effects of an accepted block", () => {
  it("created, spent, undo record, fees, txids and hash", () => {
    const [a, b] = chain.spendable() as OwnedUtxo[];
    const tx1 = spend([a as OwnedUtxo], 2, 3_000n);
    const tx2 = spend([b as OwnedUtxo], 1, 4_000n);
    const fees = fee(tx1, [a as OwnedUtxo]) + fee(tx2, [b as OwnedUtxo]);
    const block = blockWith([tx1, tx2], reward(BLOCK_REWARD + fees));
    const effects = check(block);
    const txids = block.transactions.map(transactionId);
    expect(effects.txids).toEqual(txids);
    expect(effects.height).toBe(chain.height + 1n);
    expect(effects.blockHash).toEqual(blockHash(block.header));
    expect(effects.fees).toBe(fees);
    expect(effects.created).toHaveLength(1 + 2 + 1);
    for (const utxo of effects.created) {
      const t = txids.findIndex((id) => toHex(id) === toHex(utxo.outpoint.txid));
      const tx = block.transactions[t] as Transaction;
      expect(utxo.entry).toEqual({
        amount: tx.outputs[utxo.outpoint.index]?.amount,
        address: tx.outputs[utxo.outpoint.index]?.address,
        height: chain.height + 1n,
        isReward: t === 0,
      });
    }
    const spentKeys = effects.spent.map(outpointKey).sort();
    expect(spentKeys).toEqual(
      [outpointKey((a as OwnedUtxo).outpoint), outpointKey((b as OwnedUtxo).outpoint)].sort(),
    );
    expect(effects.undo).toEqual({
      height: chain.height + 1n,
      blockHash: blockHash(block.header),
      spent: expect.any(Array),
      created: effects.created.map((u) => u.outpoint),
      masternodes: [],
    });
    expect(effects.undo.spent.map((u) => outpointKey(u.outpoint)).sort()).toEqual(spentKeys);
    expect(effects.masternodes).toEqual([]);
  });

  it("an output spent inside its own block is neither created nor spent from the state", () => {
    const [a] = chain.spendable() as OwnedUtxo[];
    const parentTx = spend([a as OwnedUtxo], 1);
    const parentId = transactionId(parentTx);
    const key = chain.wallet.keys.find(
      (k) => Buffer.compare(k.address, parentTx.outputs[0]?.address as Uint8Array) === 0,
    );
    if (!key) throw new Error("test setup: output to an unknown key");
    const child = spend(
      [
        {
          outpoint: { txid: parentId, index: 0 },
          entry: {
            amount: parentTx.outputs[0]?.amount as bigint,
            address: key.address,
            height: chain.height + 1n,
            isReward: false,
          },
          key,
        } as OwnedUtxo,
      ],
      1,
    );
    const effects = check(blockWith([parentTx, child], reward(BLOCK_REWARD)));
    const created = effects.created.map((u) => outpointKey(u.outpoint));
    expect(created).not.toContain(outpointKey({ txid: parentId, index: 0 }));
    expect(effects.spent.map(outpointKey)).toEqual([outpointKey((a as OwnedUtxo).outpoint)]);
  });
});

describe("blockPrefetch", () => {
  it("lists every spent outpoint and every named collateral once, and the operators of registrations", () => {
    const [a, b, collateral] = chain.spendable() as OwnedUtxo[];
    const operator = deriveTestKeys("kernel/block-details/operator", 1)[0] as TestKey;
    const tx1 = spend([a as OwnedUtxo, b as OwnedUtxo], 1);
    const registration: Transaction = {
      ...spend([b as OwnedUtxo], 1),
      special: registrationPayload(collateral as OwnedUtxo, operator, operator.address, "10.0.0.1:24200"),
    };
    const deregistration: Transaction = {
      ...spend([a as OwnedUtxo], 1),
      special: {
        kind: "masternodeDeregistration",
        collateral: (collateral as OwnedUtxo).outpoint,
        collateralPublicKey: (collateral as OwnedUtxo).key.publicKey,
        collateralSignature: new Uint8Array(64),
      },
    };
    const block = reassemble([reward(), tx1, registration, deregistration]);
    const prefetch = blockPrefetch(block);
    const keys = [a, b, collateral].map((u) => outpointKey((u as OwnedUtxo).outpoint));
    expect(prefetch.utxos.map(outpointKey)).toEqual(keys);
    expect(prefetch.masternodes.map(outpointKey)).toEqual(keys);
    expect(prefetch.operators).toEqual([operator.publicKey]);
  });
});

describe("masternode operations inside one block", () => {
  const operators = deriveTestKeys("kernel/block-details/operators", 2) as [TestKey, TestKey];
  const registrationTx = (fee: OwnedUtxo, collateral: OwnedUtxo, operator: TestKey, port = 24200) => ({
    ...spend([fee], 1, 10_000n),
    special: registrationPayload(collateral, operator, operator.address, `10.0.0.1:${port}`),
  });
  const idOf = (tx: Transaction) => toHex(transactionId(tx));

  it("two registrations with one operator key, two operations on one collateral", () => {
    const [f1, f2, c1, c2] = chain.spendable() as OwnedUtxo[];
    const sameOperator = [
      registrationTx(f1 as OwnedUtxo, c1 as OwnedUtxo, operators[0]),
      registrationTx(f2 as OwnedUtxo, c2 as OwnedUtxo, operators[0]),
    ];
    const block1 = blockWith(sameOperator);
    const second1 = block1.transactions[2] as Transaction;
    expect(refusal(() => check(block1))).toEqual({
      message: "MN_OPERATOR_IN_USE: two registrations with one operator key in a block",
      details: { txIndex: 2, txid: idOf(second1) },
    });
    const sameCollateral = [
      registrationTx(f1 as OwnedUtxo, c1 as OwnedUtxo, operators[0]),
      registrationTx(f2 as OwnedUtxo, c1 as OwnedUtxo, operators[1]),
    ];
    const block2 = blockWith(sameCollateral);
    expect(refusal(() => check(block2))).toEqual({
      message:
        "BLOCK_CONFLICTING_MASTERNODE_OPS: two masternode operations on the same collateral in one block",
      details: {
        outpoint: outpointKey((c1 as OwnedUtxo).outpoint),
        txIndex: 2,
        txid: idOf(block2.transactions[2] as Transaction),
      },
    });
  });

  it("a collateral spent in the same block, before or after its registration", () => {
    const [f1, c1] = chain.spendable() as OwnedUtxo[];
    const spender = spend([c1 as OwnedUtxo], 1);
    const orders = new Map<boolean, Transaction>();
    for (let port = 24200; orders.size < 2; port++) {
      const reg = registrationTx(f1 as OwnedUtxo, c1 as OwnedUtxo, operators[0], port);
      orders.set(Buffer.compare(transactionId(reg), transactionId(spender)) < 0, reg);
    }
    // registration first: the later spend is refused at the end of the block
    expect(refusal(() => check(blockWith([orders.get(true) as Transaction, spender])))).toEqual({
      message: "MN_COLLATERAL_SPENT_BY_REGISTRATION: collateral registered and spent in one block",
      details: { outpoint: outpointKey((c1 as OwnedUtxo).outpoint) },
    });
    // spend first: the registration no longer finds its collateral
    const late = orders.get(false) as Transaction;
    const block = blockWith([spender, late]);
    expect(refusal(() => check(block))).toEqual({
      message: "MN_COLLATERAL_MISSING: the collateral outpoint is not an unspent output",
      details: {
        outpoint: outpointKey((c1 as OwnedUtxo).outpoint),
        txIndex: block.transactions.indexOf(late),
        txid: idOf(late),
      },
    });
  });

  it("an error that is not a rule violation passes through unchanged", () => {
    const [a] = chain.spendable() as OwnedUtxo[];
    const failing = {
      getUtxo: () => {
        throw new Error("storage failed");
      },
      getMasternode: () => undefined,
      getCollateralByOperator: () => undefined,
    };
    const block = blockWith([spend([a as OwnedUtxo], 1)]);
    expect(() => checkBlock(block, failing, { params: chain.params, parent })).toThrow(
      new Error("storage failed"),
    );
  });
});
