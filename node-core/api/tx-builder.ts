// Builds and signs a spend of one key's coins: largest coins first until the outputs and the minimum fee
// for the size are covered, change back to the key's own address unless it would be dust (then it is left
// to the fee). Sizes are fixed-width, so the fee is known from a draft before signing. The product twin of
// the test builder in testing/spend.ts, for the devnet faucet.
import { transactionId, transactionSize, txInputSigningMessage } from "../codec/index.js";
import { sign } from "../crypto/index.js";
import { addressPayloadFromPublicKey } from "../keys/index.js";
import { DUST_LIMIT, MAX_TX_BYTES, minimumFee, TX_VERSION } from "../params/index.js";
import type { AddressPayload, OutPoint, Transaction, TxOutput } from "../types/index.js";
import { formatTime } from "../types/index.js";
import { ApiError } from "./errors.js";

export interface Coin {
  readonly outpoint: OutPoint;
  readonly amount: bigint;
}

export interface SigningKey {
  /** 32-byte ed25519 seed. */
  readonly secret: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Most inputs one built spend takes (about 130 bytes each: well under MAX_TX_BYTES). */
export const MAX_SPEND_INPUTS = 500;

const ZERO_SIGNATURE = new Uint8Array(64);

/**
 * A signed transaction paying `outputs` from `coins` (all owned by `key`). Throws ApiError
 * API_MISC_ERROR when the coins cannot pay the outputs and the fee.
 */
export function buildSignedSpend(
  chainId: number,
  key: SigningKey,
  coins: readonly Coin[],
  outputs: readonly TxOutput[],
): Transaction {
  const change: AddressPayload = addressPayloadFromPublicKey(key.publicKey);
  let want = 0n;
  for (const output of outputs) want += output.amount;
  const sorted = [...coins].sort((a, b) => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0));
  const chosen: Coin[] = [];
  let total = 0n;
  for (const coin of sorted) {
    if (chosen.length >= MAX_SPEND_INPUTS) break;
    chosen.push(coin);
    total += coin.amount;
    const withChange = draft(chosen, key, [...outputs, { amount: DUST_LIMIT, address: change }]);
    const feeWithChange = minimumFee(transactionSize(withChange));
    if (total >= want + feeWithChange + DUST_LIMIT) {
      return signed(chainId, key, {
        ...withChange,
        outputs: [...outputs, { amount: total - want - feeWithChange, address: change }],
      });
    }
    const exact = draft(chosen, key, outputs);
    if (total >= want + minimumFee(transactionSize(exact))) return signed(chainId, key, exact);
  }
  throw new ApiError(
    "API_MISC_ERROR",
    `insufficient funds: ${formatTime(total)} TIME spendable in ${chosen.length} coin(s), ` +
      `${formatTime(want)} TIME wanted plus the fee`,
  );
}

function draft(coins: readonly Coin[], key: SigningKey, outputs: readonly TxOutput[]): Transaction {
  const tx: Transaction = {
    version: TX_VERSION,
    inputs: coins.map((coin) => ({
      prevout: coin.outpoint,
      publicKey: key.publicKey,
      signature: ZERO_SIGNATURE,
    })),
    outputs,
    lockTime: 0n,
    special: null,
  };
  return tx;
}

function signed(chainId: number, key: SigningKey, tx: Transaction): Transaction {
  if (transactionSize(tx) > MAX_TX_BYTES)
    throw new ApiError("API_MISC_ERROR", "the spend would be too large");
  const txid = transactionId(tx);
  return {
    ...tx,
    inputs: tx.inputs.map((input, i) => ({
      ...input,
      signature: sign(key.secret, txInputSigningMessage(chainId, txid, i)),
    })),
  };
}
