// Transaction builders for tests: signed spends of wallet-owned outputs (random split of the amount over
// random recipients, paying the minimum fee for the size), and the witness signer they share with any test
// that builds a transaction by hand. Signatures use the real signing messages.

import {
  specialSigningMessage,
  transactionId,
  transactionSize,
  txInputSigningMessage,
} from "../codec/index.js";
import type { SeededRng } from "../consensus/index.js";
import { sign } from "../crypto/ed25519.js";
import { DOMAIN, DUST_LIMIT, minimumFee, TX_VERSION } from "../params/consensus.js";
import type { AddressPayload, OutPoint, SpecialPayload, Transaction, TxInput } from "../types/chain.js";
import type { UtxoEntry } from "../types/state.js";
import type { TestKey, TestWallet } from "./keys.js";

const ZERO_SIGNATURE = new Uint8Array(64);

/** A spendable output together with the key that owns it. */
export interface OwnedUtxo {
  readonly outpoint: OutPoint;
  readonly entry: UtxoEntry;
  readonly key: TestKey;
}

/**
 * A signed transaction spending `inputs` into `outputCount` outputs to `recipients` (chosen at random),
 * paying at least the minimum fee for its size plus `extraFee`. Returns null when the inputs cannot pay
 * the fee and a dust-free output.
 */
export function buildSpend(
  chainId: number,
  inputs: readonly OwnedUtxo[],
  recipients: readonly AddressPayload[],
  rng: SeededRng,
  opts: {
    outputCount: number;
    extraFee?: bigint;
    special?: SpecialPayload | null;
    /** Keys signing the special payload (collateral key; operator key too for a registration). */
    specialKeys?: { collateral?: TestKey; operator?: TestKey };
    lockTime?: bigint;
    /** Equal outputs (the remainder on the last) instead of a random split: every output stays spendable. */
    equal?: boolean;
  },
): Transaction | null {
  let total = 0n;
  for (const input of inputs) total += input.entry.amount;
  const special = opts.special ?? null;
  const draftInputs: TxInput[] = inputs.map((input) => ({
    prevout: input.outpoint,
    publicKey: input.key.publicKey,
    signature: ZERO_SIGNATURE,
  }));
  let outputCount = opts.outputCount;
  // Sizes do not depend on amounts or signatures (fixed width), so the fee is known from a draft.
  const sizeWith = (n: number) =>
    transactionSize({
      version: TX_VERSION,
      inputs: draftInputs,
      outputs: Array.from({ length: n }, () => ({
        amount: DUST_LIMIT,
        address: recipients[0] as AddressPayload,
      })),
      lockTime: opts.lockTime ?? 0n,
      special,
    });
  let fee = minimumFee(sizeWith(outputCount)) + (opts.extraFee ?? 0n);
  while (outputCount > 0 && total - fee < BigInt(outputCount) * DUST_LIMIT) {
    outputCount -= 1;
    fee = minimumFee(sizeWith(outputCount)) + (opts.extraFee ?? 0n);
  }
  if (total < fee || (outputCount === 0 && special === null)) return null;
  const amounts = opts.equal
    ? equalSplit(total - fee, outputCount)
    : splitAmount(total - fee, outputCount, rng);
  const unsigned: Transaction = {
    version: TX_VERSION,
    inputs: draftInputs,
    outputs: amounts.map((amount) => ({ amount, address: rng.pick(recipients) })),
    lockTime: opts.lockTime ?? 0n,
    special,
  };
  return signTransaction(
    chainId,
    unsigned,
    inputs.map((input) => input.key),
    opts.specialKeys,
  );
}

/** Splits `total` into `n` equal amounts, the remainder on the last. */
export function equalSplit(total: bigint, n: number): bigint[] {
  if (n === 0) return [];
  const share = total / BigInt(n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? total - share * BigInt(n - 1) : share));
}

/** Splits `total` into `n` amounts of at least DUST_LIMIT each (n * DUST_LIMIT <= total). */
export function splitAmount(total: bigint, n: number, rng: SeededRng): bigint[] {
  if (n === 0) return [];
  const amounts: bigint[] = [];
  let rest = total - BigInt(n) * DUST_LIMIT;
  for (let i = 0; i < n - 1; i++) {
    const share = (rest * BigInt(rng.int(1001))) / 1000n;
    amounts.push(DUST_LIMIT + share);
    rest -= share;
  }
  amounts.push(DUST_LIMIT + rest);
  return amounts;
}

/**
 * Fills in every witness: input signatures by `inputKeys` (in input order) and the special payload's
 * signatures by `specialKeys` (collateral key, then operator key for registrations).
 */
export function signTransaction(
  chainId: number,
  tx: Transaction,
  inputKeys: readonly TestKey[],
  specialKeys: { collateral?: TestKey; operator?: TestKey } = {},
): Transaction {
  const txid = transactionId(tx);
  const inputs = tx.inputs.map((input, i) => ({
    ...input,
    signature: sign((inputKeys[i] as TestKey).seed, txInputSigningMessage(chainId, txid, i)),
  }));
  let special = tx.special;
  if (special && specialKeys.collateral) {
    const collateralSignature = sign(
      specialKeys.collateral.seed,
      specialSigningMessage(DOMAIN.masternodeCollateral, chainId, txid),
    );
    special = { ...special, collateralSignature };
    if (special.kind === "masternodeRegistration" && specialKeys.operator) {
      const operatorSignature = sign(
        specialKeys.operator.seed,
        specialSigningMessage(DOMAIN.masternodeOperator, chainId, txid),
      );
      special = { ...special, operatorSignature };
    }
  }
  return { ...tx, inputs, special };
}

/**
 * A masternode registration locking `collateral` under `operator` (payouts to the operator's address), its
 * fee paid by `feeInput` with one change output back to the fee input's owner. Null when the fee input
 * cannot pay.
 */
export function buildRegistration(
  chainId: number,
  feeInput: OwnedUtxo,
  collateral: OwnedUtxo,
  operator: TestKey,
  networkAddress: string,
  rng: SeededRng,
): Transaction | null {
  return buildSpend(chainId, [feeInput], [feeInput.key.address], rng, {
    outputCount: 1,
    special: registrationPayload(collateral, operator, operator.address, networkAddress),
    specialKeys: { collateral: collateral.key, operator },
  });
}

/** An unsigned registration payload (signTransaction fills in the collateral and operator signatures). */
export function registrationPayload(
  collateral: OwnedUtxo,
  operator: TestKey,
  payoutAddress: AddressPayload,
  networkAddress: string,
): SpecialPayload {
  return {
    kind: "masternodeRegistration",
    collateral: collateral.outpoint,
    collateralPublicKey: collateral.key.publicKey,
    operatorPublicKey: operator.publicKey,
    payoutAddress,
    networkAddress,
    collateralSignature: ZERO_SIGNATURE,
    operatorSignature: ZERO_SIGNATURE,
  };
}

/** The outputs of `tx` that `wallet` owns, as spendable coins created at `height`. */
export function ownedOutputs(tx: Transaction, wallet: TestWallet, height: bigint): OwnedUtxo[] {
  const txid = transactionId(tx);
  const owned: OwnedUtxo[] = [];
  tx.outputs.forEach((output, index) => {
    const key = wallet.owner(output.address);
    if (key) {
      owned.push({
        outpoint: { txid, index },
        entry: { amount: output.amount, address: output.address, height, isReward: false },
        key,
      });
    }
  });
  return owned;
}
