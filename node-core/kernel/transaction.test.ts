// Transaction rules one at a time, straight on checkTransactionStructure / checkTransactionSpend over a
// MapStateView: each refusal with its code, its message and the details a caller logs, and the edges of
// the lock-time and collateral rules.
import { describe, expect, it } from "vitest";
import { transactionSize } from "../codec/index.js";
import { DUST_LIMIT, MAX_TX_BYTES, minimumFee, TX_VERSION } from "../params/consensus.js";
import { DEVNET } from "../params/network.js";
import { deriveTestKeys, type TestKey } from "../testing/index.js";
import { MAX_AMOUNT } from "../types/amount.js";
import type { OutPoint, SpecialPayload, Transaction } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import { KernelError } from "./errors.js";
import { checkTransaction, checkTransactionSpend, checkTransactionStructure } from "./transaction.js";
import { MapStateView, outpointKey } from "./view.js";

const [alice, bob] = deriveTestKeys("kernel/transaction", 2) as [TestKey, TestKey];
const ADDRESS = new Uint8Array(20).fill(7);
const ctx = { chainId: DEVNET.chainId, height: 10n };
const outpoint = (fill: number, index = 0): OutPoint => ({ txid: new Uint8Array(32).fill(fill), index });
const COIN = 1_000_000n;

function txOf(prevouts: OutPoint[], amounts: bigint[], extra: Partial<Transaction> = {}): Transaction {
  return {
    version: TX_VERSION,
    inputs: prevouts.map((prevout) => ({
      prevout,
      publicKey: alice.publicKey,
      signature: new Uint8Array(64),
    })),
    outputs: amounts.map((amount) => ({ amount, address: ADDRESS })),
    lockTime: 0n,
    special: null,
    ...extra,
  };
}

function viewOf(coins: [OutPoint, TestKey][]): MapStateView {
  const view = new MapStateView();
  for (const [op, owner] of coins) {
    view.setUtxo(op, { amount: COIN, address: owner.address, height: 1n, isReward: false });
  }
  return view;
}

function masternodeAt(collateral: OutPoint, operatorFill: number): MasternodeRecord {
  return {
    collateral,
    collateralAmount: COIN,
    collateralPublicKey: alice.publicKey,
    operatorPublicKey: new Uint8Array(32).fill(operatorFill),
    payoutAddress: ADDRESS,
    networkAddress: "127.0.0.1:24210",
    registeredHeight: 1n,
  };
}

function thrown(fn: () => unknown): KernelError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KernelError);
    return err as KernelError;
  }
  throw new Error("nothing was thrown");
}

const refusal = (fn: () => unknown) => {
  const err = thrown(fn);
  return { message: err.message, details: err.details };
};

const spend = (tx: Transaction, view: MapStateView) =>
  checkTransactionSpend(tx, new Uint8Array(32), view, ctx, (op) => view.getUtxo(op));

describe("structure refusals name the rule and the value", () => {
  const good = txOf([outpoint(1)], [COIN / 2n]);

  it("version, size and a regular transaction without inputs", () => {
    expect(refusal(() => checkTransactionStructure({ ...good, version: 9 }, "regular"))).toEqual({
      message: "TX_BAD_VERSION: unsupported transaction version 9",
      details: { expected: String(TX_VERSION), actual: "9" },
    });
    expect(refusal(() => checkTransactionStructure(good, "regular", MAX_TX_BYTES + 1))).toEqual({
      message: `TX_TOO_LARGE: transaction is ${MAX_TX_BYTES + 1} bytes, limit ${MAX_TX_BYTES}`,
      details: { actual: String(MAX_TX_BYTES + 1) },
    });
    expect(refusal(() => checkTransactionStructure({ ...good, inputs: [] }, "regular"))).toEqual({
      message: "TX_NO_INPUTS: a transaction must spend at least one input",
      details: {},
    });
  });

  it("a reward with an input or with a special payload, but not a regular transaction with an input", () => {
    const reward = txOf([], [COIN]);
    expect(() => checkTransactionStructure(reward, "reward")).not.toThrow();
    expect(() => checkTransactionStructure(good, "regular")).not.toThrow();
    const message = "BLOCK_BAD_REWARD: the reward transaction has no inputs and no special payload";
    expect(refusal(() => checkTransactionStructure(good, "reward"))).toEqual({ message, details: {} });
    const special: SpecialPayload = {
      kind: "masternodeDeregistration",
      collateral: outpoint(1),
      collateralPublicKey: alice.publicKey,
      collateralSignature: new Uint8Array(64),
    };
    expect(refusal(() => checkTransactionStructure({ ...reward, special }, "reward"))).toEqual({
      message,
      details: {},
    });
  });

  it("no outputs, a duplicate input, dust and overflow", () => {
    expect(refusal(() => checkTransactionStructure({ ...good, outputs: [] }, "regular"))).toEqual({
      message: "TX_NO_OUTPUTS: a transaction without a special payload must have outputs",
      details: {},
    });
    const twice = txOf([outpoint(1), outpoint(2), outpoint(1)], [COIN]);
    expect(refusal(() => checkTransactionStructure(twice, "regular"))).toEqual({
      message: "TX_DUPLICATE_INPUT: the same outpoint is spent twice",
      details: { inputIndex: 2, outpoint: outpointKey(outpoint(1)) },
    });
    const dust = txOf([outpoint(1)], [DUST_LIMIT, DUST_LIMIT - 1n]);
    expect(refusal(() => checkTransactionStructure(dust, "regular"))).toEqual({
      message: `TX_OUTPUT_DUST: output 1 is below the dust limit of ${DUST_LIMIT} sat`,
      details: { outputIndex: 1, actual: String(DUST_LIMIT - 1n) },
    });
    const overflow = txOf([outpoint(1)], [MAX_AMOUNT, DUST_LIMIT]);
    expect(refusal(() => checkTransactionStructure(overflow, "regular"))).toEqual({
      message: "TX_AMOUNT_OVERFLOW: outputs add up to more than the largest amount",
      details: { outputIndex: 1 },
    });
  });
});

describe("spending refusals name the rule and the value", () => {
  it("a lock time equal to the height is reached; one above it is not", () => {
    const view = viewOf([[outpoint(1), alice]]);
    expect(spend(txOf([outpoint(1)], [COIN / 2n], { lockTime: 10n }), view).fee).toBe(COIN / 2n);
    expect(refusal(() => spend(txOf([outpoint(1)], [COIN / 2n], { lockTime: 11n }), view))).toEqual({
      message: "TX_LOCKTIME_NOT_REACHED: locked until height 11",
      details: { expected: "11", actual: "10" },
    });
  });

  it("a missing input, a key that does not own the coin", () => {
    const view = viewOf([
      [outpoint(1), alice],
      [outpoint(2), bob],
    ]);
    expect(refusal(() => spend(txOf([outpoint(1), outpoint(3)], [COIN]), view))).toEqual({
      message: "TX_MISSING_INPUT: input spends an outpoint that is not in the UTXO set",
      details: { inputIndex: 1, outpoint: outpointKey(outpoint(3)) },
    });
    expect(refusal(() => spend(txOf([outpoint(1), outpoint(2)], [COIN]), view))).toEqual({
      message: "TX_PUBKEY_MISMATCH: input public key does not match the spent address",
      details: { inputIndex: 1, outpoint: outpointKey(outpoint(2)) },
    });
  });

  it("collateral is spendable only by the deregistration of that same collateral", () => {
    const view = viewOf([
      [outpoint(1), alice],
      [outpoint(2), alice],
    ]);
    view.setMasternode(masternodeAt(outpoint(1), 0x11));
    view.setMasternode(masternodeAt(outpoint(2), 0x22));
    const locked = {
      message:
        "TX_LOCKED_COLLATERAL: input spends masternode collateral; deregister the masternode in the same transaction",
      details: { inputIndex: 0, outpoint: outpointKey(outpoint(1)) },
    };
    expect(refusal(() => spend(txOf([outpoint(1)], [COIN / 2n]), view))).toEqual(locked);
    const otherDeregistration: SpecialPayload = {
      kind: "masternodeDeregistration",
      collateral: outpoint(2),
      collateralPublicKey: alice.publicKey,
      collateralSignature: new Uint8Array(64),
    };
    expect(
      refusal(() => spend(txOf([outpoint(1)], [COIN / 2n], { special: otherDeregistration }), view)),
    ).toEqual(locked);
  });

  it("outputs above the inputs, a fee below the minimum", () => {
    const view = viewOf([[outpoint(1), alice]]);
    expect(refusal(() => spend(txOf([outpoint(1)], [COIN + 1n]), view))).toEqual({
      message: "TX_INSUFFICIENT_FUNDS: outputs exceed inputs",
      details: { expected: `<= ${COIN}`, actual: String(COIN + 1n) },
    });
    const cheap = txOf([outpoint(1)], [COIN - 1n]);
    const required = minimumFee(transactionSize(cheap));
    expect(refusal(() => spend(cheap, view))).toEqual({
      message: `TX_FEE_TOO_LOW: fee 1 sat is below the minimum ${required} sat`,
      details: { expected: String(required), actual: "1" },
    });
  });

  it("checkTransaction runs the structure rules as a regular transaction, then spends from the view", () => {
    const view = viewOf([[outpoint(1), alice]]);
    const tx = txOf([outpoint(1)], [COIN / 2n]);
    const result = checkTransaction(tx, new Uint8Array(32), view, ctx);
    expect(result.fee).toBe(COIN / 2n);
    expect(result.size).toBe(transactionSize(tx));
    expect(result.spent).toEqual([{ outpoint: outpoint(1), entry: view.getUtxo(outpoint(1)) }]);
    expect(result.masternodeChange).toBeNull();
    // without a lookup, checkTransactionSpend reads the view
    expect(checkTransactionSpend(tx, new Uint8Array(32), view, ctx).fee).toBe(COIN / 2n);
    expect(thrown(() => checkTransaction({ ...tx, inputs: [] }, new Uint8Array(32), view, ctx)).code).toBe(
      "TX_NO_INPUTS",
    );
  });
});
