// Kernel rules that no other suite triggers: each is broken on purpose and must be reported with its own
// code (a removed rule then fails here instead of passing silently). The amount-overflow rule is the one
// that stops inflation where no input total bounds the outputs: genesis and the reward transaction.
import { describe, expect, it } from "vitest";
import { blockHash, transactionId, transactionSize } from "../codec/index.js";
import { BLOCK_REWARD, DUST_LIMIT, MAX_BLOCK_BYTES, MAX_TX_BYTES, TX_VERSION } from "../params/consensus.js";
import { DEVNET } from "../params/network.js";
import { assembleTestBlock, buildSpend, type OwnedUtxo, SeededRng, TestChain } from "../testing/index.js";
import { MAX_AMOUNT } from "../types/amount.js";
import type { Block, CertifiedBlock, Transaction, TxInput } from "../types/chain.js";
import { checkBlock } from "./block.js";
import { KernelError } from "./errors.js";
import { expectKernelError as expectCode } from "./test-support.js";
import { checkTransactionStructure } from "./transaction.js";
import { MapStateView } from "./view.js";

const ADDRESS = new Uint8Array(20).fill(7);

function check(chain: TestChain, block: Block) {
  return checkBlock(block, chain.state, {
    params: chain.params,
    parent: { hash: blockHash(chain.tip.block.header), height: chain.height },
  });
}

function reward(chain: TestChain, outputs: Transaction["outputs"]): Transaction {
  return { version: TX_VERSION, inputs: [], outputs, lockTime: chain.height + 1n, special: null };
}

function blockWith(chain: TestChain, rewardTx: Transaction, txs: Transaction[] = []): CertifiedBlock {
  return assembleTestBlock(chain.params, chain.tip, rewardTx, txs, chain.validators);
}

function spend(chain: TestChain, utxo: OwnedUtxo): Transaction {
  const tx = buildSpend(chain.params.chainId, [utxo], [utxo.entry.address], new SeededRng(3), {
    outputCount: 1,
  });
  if (tx === null) throw new Error("test setup: the coin cannot pay the fee");
  return tx;
}

/** A genesis block (no parent) holding `txs` in order, checked against an empty state. */
function checkGenesis(txs: Transaction[]) {
  const [first, ...rest] = txs as [Transaction, ...Transaction[]];
  const genesis = assembleTestBlock(DEVNET, null, first, rest, [], 1_700_000_000_000n);
  return checkBlock(genesis.block, new MapStateView(), { params: DEVNET, parent: null });
}

function inputs(count: number): TxInput[] {
  return Array.from({ length: count }, (_, i) => ({
    prevout: { txid: new Uint8Array(32).fill(1), index: i },
    publicKey: new Uint8Array(32).fill(2),
    signature: new Uint8Array(64),
  }));
}

describe("TX_AMOUNT_OVERFLOW (inflation)", () => {
  it("a genesis allocation whose outputs add up past MAX_AMOUNT is refused; exactly MAX_AMOUNT is not", () => {
    const allocation = (amounts: bigint[]): Transaction => ({
      version: TX_VERSION,
      inputs: [],
      outputs: amounts.map((amount) => ({ amount, address: ADDRESS })),
      lockTime: 0n,
      special: null,
    });
    const err = expectCode(() => checkGenesis([allocation([MAX_AMOUNT, MAX_AMOUNT])]), "TX_AMOUNT_OVERFLOW");
    expect(err.details.outputIndex).toBe(1);
    expectCode(
      () => checkGenesis([allocation([MAX_AMOUNT - DUST_LIMIT + 1n, DUST_LIMIT])]),
      "TX_AMOUNT_OVERFLOW",
    );
    // The largest amount itself is a legal total (the rule is "more than", not "at least").
    expect(() => checkGenesis([allocation([MAX_AMOUNT - DUST_LIMIT, DUST_LIMIT])])).not.toThrow();
    expect(() => checkGenesis([allocation([MAX_AMOUNT])])).not.toThrow();
  });

  it("a reward whose outputs overflow is refused for the overflow, before the reward amount rule", () => {
    const chain = new TestChain({ seed: 21, label: "rules-overflow" });
    const greedy = reward(chain, [
      { amount: MAX_AMOUNT, address: ADDRESS },
      { amount: DUST_LIMIT, address: ADDRESS },
    ]);
    const err = expectCode(() => check(chain, blockWith(chain, greedy).block), "TX_AMOUNT_OVERFLOW");
    expect(err.details.txIndex).toBe(0);
  });

  it("a regular transaction's outputs are bounded by MAX_AMOUNT before any input is looked up", () => {
    const tx: Transaction = {
      version: TX_VERSION,
      inputs: inputs(1),
      outputs: [
        { amount: MAX_AMOUNT, address: ADDRESS },
        { amount: MAX_AMOUNT, address: ADDRESS },
      ],
      lockTime: 0n,
      special: null,
    };
    expectCode(() => checkTransactionStructure(tx, "regular"), "TX_AMOUNT_OVERFLOW");
    expect(() =>
      checkTransactionStructure({ ...tx, outputs: [{ amount: MAX_AMOUNT, address: ADDRESS }] }, "regular"),
    ).not.toThrow();
  });
});

describe("structural rules", () => {
  it("TX_BAD_VERSION: a regular transaction or a reward of another version", () => {
    const chain = new TestChain({ seed: 22, label: "rules-version" });
    const [coin] = chain.spendable() as [OwnedUtxo];
    const good = spend(chain, coin);
    const err = expectCode(
      () =>
        check(
          chain,
          blockWith(chain, reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }]), [
            { ...good, version: 2 },
          ]).block,
        ),
      "TX_BAD_VERSION",
    );
    expect(err.details).toMatchObject({ txIndex: 1, expected: "1", actual: "2" });
    const oldReward = { ...reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }]), version: 0 };
    expectCode(() => check(chain, blockWith(chain, oldReward).block), "TX_BAD_VERSION");
    // The same block with the right versions passes.
    expect(() =>
      check(
        chain,
        blockWith(chain, reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }]), [good]).block,
      ),
    ).not.toThrow();
  });

  it("TX_NO_OUTPUTS: a reward, a regular transaction and a genesis allocation without outputs", () => {
    const chain = new TestChain({ seed: 23, label: "rules-outputs" });
    expectCode(() => check(chain, blockWith(chain, reward(chain, [])).block), "TX_NO_OUTPUTS");
    const [coin] = chain.spendable() as [OwnedUtxo];
    const noOutputs: Transaction = { ...spend(chain, coin), outputs: [] };
    const err = expectCode(
      () =>
        check(
          chain,
          blockWith(chain, reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }]), [noOutputs]).block,
        ),
      "TX_NO_OUTPUTS",
    );
    expect(err.details.txIndex).toBe(1);
    expectCode(
      () => checkGenesis([{ version: TX_VERSION, inputs: [], outputs: [], lockTime: 0n, special: null }]),
      "TX_NO_OUTPUTS",
    );
  });

  it("TX_TOO_LARGE: a transaction over MAX_TX_BYTES; exactly MAX_TX_BYTES is allowed", () => {
    const big: Transaction = {
      version: TX_VERSION,
      inputs: inputs(760),
      outputs: [{ amount: DUST_LIMIT, address: ADDRESS }],
      lockTime: 0n,
      special: null,
    };
    expect(transactionSize(big)).toBeGreaterThan(MAX_TX_BYTES);
    const err = expectCode(() => checkTransactionStructure(big, "regular"), "TX_TOO_LARGE");
    expect(err.details.actual).toBe(String(transactionSize(big)));
    // The boundary, with the size the caller measured (the encoding has no transaction of exactly 100,000
    // bytes without a special payload: every input and output has an even size, the fixed part an odd one).
    const small: Transaction = { ...big, inputs: inputs(1) };
    expect(() => checkTransactionStructure(small, "regular", MAX_TX_BYTES)).not.toThrow();
    expectCode(() => checkTransactionStructure(small, "regular", MAX_TX_BYTES + 1), "TX_TOO_LARGE");
  });

  it("a block over MAX_BLOCK_BYTES is refused before any other rule runs", () => {
    // 81 transactions of ~99.8 kB: each is under the transaction cap, together over the block cap. Their
    // inputs are fake: the size rule must fire before any input is looked up.
    const chain = new TestChain({ seed: 24, label: "rules-block-size" });
    const filler: Transaction[] = Array.from({ length: 81 }, (_, t) => ({
      version: TX_VERSION,
      inputs: inputs(756).map((input) => ({
        ...input,
        prevout: { ...input.prevout, txid: new Uint8Array(32).fill(t + 1) },
      })),
      outputs: [{ amount: DUST_LIMIT, address: ADDRESS }],
      lockTime: 0n,
      special: null,
    }));
    expect(filler.reduce((sum, tx) => sum + transactionSize(tx), 0)).toBeGreaterThan(MAX_BLOCK_BYTES);
    const base = blockWith(chain, reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }])).block;
    const huge: Block = { ...base, transactions: [...base.transactions, ...filler] };
    // The encoder refuses to serialize it; the kernel reports that as its own size rule.
    const err = expectCode(() => check(chain, huge), "BLOCK_TOO_LARGE");
    expect(err.message).toBe(`BLOCK_TOO_LARGE: block is over the limit of ${MAX_BLOCK_BYTES} bytes`);
    expect(err.details.expected).toBe(`<= ${MAX_BLOCK_BYTES}`);
    expect(err.details.actual).toContain(`exceed the cap of ${MAX_BLOCK_BYTES}`);
  });

  it("other encoding failures are not reported as the size rule", () => {
    const chain = new TestChain({ seed: 24, label: "rules-block-size" });
    const base = blockWith(chain, reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }])).block;
    const badAmount: Transaction = {
      version: TX_VERSION,
      inputs: inputs(1),
      outputs: [{ amount: -1n, address: ADDRESS }],
      lockTime: 0n,
      special: null,
    };
    const tooManyOutputs: Transaction = {
      ...badAmount,
      outputs: Array.from({ length: 70_000 }, () => ({ amount: DUST_LIMIT, address: ADDRESS })),
    };
    for (const tx of [badAmount, tooManyOutputs]) {
      let caught: unknown;
      try {
        check(chain, { ...base, transactions: [...base.transactions, tx] });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Error);
      expect(caught).not.toBeInstanceOf(KernelError);
    }
  });

  it("BLOCK_NO_TRANSACTIONS: a block without even its reward, after genesis and as genesis", () => {
    const chain = new TestChain({ seed: 25, label: "rules-empty" });
    const base = blockWith(chain, reward(chain, [{ amount: BLOCK_REWARD, address: ADDRESS }])).block;
    expectCode(() => check(chain, { ...base, transactions: [] }), "BLOCK_NO_TRANSACTIONS");
    const genesis = assembleTestBlock(
      DEVNET,
      null,
      {
        version: TX_VERSION,
        inputs: [],
        outputs: [{ amount: DUST_LIMIT, address: ADDRESS }],
        lockTime: 0n,
        special: null,
      },
      [],
      [],
      1_700_000_000_000n,
    ).block;
    expectCode(
      () =>
        checkBlock({ ...genesis, transactions: [] }, new MapStateView(), { params: DEVNET, parent: null }),
      "BLOCK_NO_TRANSACTIONS",
    );
  });

  it("BLOCK_BAD_GENESIS: a genesis transaction that spends an input, first or later", () => {
    const allocation: Transaction = {
      version: TX_VERSION,
      inputs: [],
      outputs: [{ amount: DUST_LIMIT, address: ADDRESS }],
      lockTime: 0n,
      special: null,
    };
    const spending: Transaction = { ...allocation, inputs: inputs(1), lockTime: 1n };
    expectCode(() => checkGenesis([spending]), "BLOCK_BAD_GENESIS");
    const err = expectCode(() => checkGenesis([allocation, spending]), "BLOCK_BAD_GENESIS");
    expect(err.details.txIndex).toBe(1);
    expect(err.message).toBe("BLOCK_BAD_GENESIS: genesis transactions spend nothing");
    expect(() => checkGenesis([allocation])).not.toThrow();
  });

  it("BLOCK_DUPLICATE_TX at genesis: the first transaction listed again after a smaller txid", () => {
    const allocation = (amount: bigint): Transaction => ({
      version: TX_VERSION,
      inputs: [],
      outputs: [{ amount, address: ADDRESS }],
      lockTime: 0n,
      special: null,
    });
    const [lo, hi] = [allocation(DUST_LIMIT), allocation(DUST_LIMIT + 1n)].sort((x, y) =>
      Buffer.compare(transactionId(x), transactionId(y)),
    ) as [Transaction, Transaction];
    // [hi, lo, hi]: the list after the first is sorted and the first two differ, yet hi is there twice.
    const err = expectCode(() => checkGenesis([hi, lo, hi]), "BLOCK_DUPLICATE_TX");
    expect(err.details).toEqual({ txIndex: 2, txid: Buffer.from(transactionId(hi)).toString("hex") });
    expect(() => checkGenesis([hi, lo])).not.toThrow();
  });
});
