// Tests only: a wallet of deterministic test keys, coins it owns, the kernel state view where exactly those
// coins exist, and the kernel's full check of a signed transaction (rules plus every signature).
import { expect } from "vitest";
import { transactionId } from "../../codec/index.js";
import { verifyAll } from "../../crypto/index.js";
import { checkTransaction, MapStateView, type TxCheckResult } from "../../kernel/index.js";
import { DEVNET } from "../../params/index.js";
import { deriveTestKeys, type TestKey } from "../../testing/index.js";
import type { AddressPayload, OutPoint, Transaction } from "../../types/index.js";
import { bytesEqual, SAT_PER_TIME } from "../../types/index.js";
import type { SigningKey } from "../accounts/index.js";
import type { SpendCandidate } from "./coins.js";

export const NETWORK = DEVNET;
export const HEIGHT = 50n;

export const KEYS: readonly TestKey[] = deriveTestKeys("wallet-send", 6);
export const [ALICE, BOB, CAROL, OPERATOR, STRANGER, SPARE] = KEYS as [
  TestKey,
  TestKey,
  TestKey,
  TestKey,
  TestKey,
  TestKey,
];

export function signingKey(key: TestKey): SigningKey {
  return { seed: key.seed, publicKey: key.publicKey };
}

/** keyFor of a wallet holding `keys`; refuses any other address, as an HD account would. */
export function keyFor(keys: readonly TestKey[] = KEYS): (address: AddressPayload) => SigningKey {
  return (address) => {
    const key = keys.find((k) => bytesEqual(k.address, address));
    if (!key) throw new Error("not a key of this wallet");
    return signingKey(key);
  };
}

export function outpoint(n: number, index = 0): OutPoint {
  const txid = new Uint8Array(32);
  new DataView(txid.buffer).setUint32(0, n, false);
  txid[31] = 0x5a;
  return { txid, index };
}

export function time(n: number | bigint): bigint {
  return BigInt(n) * SAT_PER_TIME;
}

let serial = 1;

/** A settled coin of `owner` (in a block and final) unless overridden. */
export function coin(
  amount: bigint,
  owner: TestKey = ALICE,
  flags: Partial<Pick<SpendCandidate, "final" | "locked" | "inBlock">> & { outpoint?: OutPoint } = {},
): SpendCandidate {
  return {
    outpoint: flags.outpoint ?? outpoint(serial++),
    amount,
    address: owner.address,
    final: flags.final ?? true,
    locked: flags.locked ?? false,
    inBlock: flags.inBlock ?? true,
  };
}

/** The kernel's state where exactly `coins` are unspent (created well before HEIGHT). */
export function stateWith(coins: readonly SpendCandidate[]): MapStateView {
  const view = new MapStateView();
  for (const c of coins) {
    view.setUtxo(c.outpoint, { amount: c.amount, address: c.address, height: 1n, isReward: false });
  }
  return view;
}

/** The kernel's full verdict on `tx`: its rules against `view` and every signature it carries. */
export function kernelAccepts(tx: Transaction, view: MapStateView): TxCheckResult {
  const result = checkTransaction(tx, transactionId(tx), view, { chainId: NETWORK.chainId, height: HEIGHT });
  expect(verifyAll(result.signatureChecks).every(Boolean)).toBe(true);
  return result;
}
