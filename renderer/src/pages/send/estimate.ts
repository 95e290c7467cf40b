// The review's estimate of a payment, computed the way the node's coin selection does (settled coins,
// largest first, until inputs cover the outputs plus the minimum fee for the exact size; change below the
// dust limit goes to the fee). The node has no "preview" method yet, so this mirrors its rules (the
// constants of node-core/params/consensus.ts and codec/caps.ts); the node builds the real transaction.
import { formatSats } from "../../ui/amount.js";

export const MIN_TRANSACTION_BYTES = 19;
export const TX_INPUT_BYTES = 132;
export const TX_OUTPUT_BYTES = 28;
export const MIN_FEE_FLOOR = 1_000n;
export const FEE_PER_KB = 10_000n;
export const DUST_LIMIT = 1_000n;

export function minimumFee(sizeBytes: number): bigint {
  const sizeFee = (BigInt(sizeBytes) * FEE_PER_KB + 999n) / 1000n;
  return sizeFee > MIN_FEE_FLOOR ? sizeFee : MIN_FEE_FLOOR;
}

export function transactionSize(inputs: number, outputs: number): number {
  return MIN_TRANSACTION_BYTES + inputs * TX_INPUT_BYTES + outputs * TX_OUTPUT_BYTES;
}

export interface Coin {
  readonly txid: string;
  readonly vout: number;
  readonly address: string;
  readonly sats: bigint;
}

export interface Estimate {
  readonly inputs: readonly Coin[];
  /** What the recipient gets. */
  readonly recipientSats: bigint;
  readonly changeSats: bigint;
  readonly feeSats: bigint;
  readonly size: number;
}

export type EstimateOutcome =
  | { readonly ok: true; readonly estimate: Estimate }
  | { readonly ok: false; readonly shortBySats: bigint };

/**
 * Picks coins for paying `amountSats`; with `subtractFee` the recipient gets the amount less the fee
 * (how "Max" sends everything).
 */
export function estimatePayment(
  coins: readonly Coin[],
  amountSats: bigint,
  subtractFee: boolean,
): EstimateOutcome {
  const sorted = [...coins].sort((a, b) => (a.sats === b.sats ? 0 : a.sats > b.sats ? -1 : 1));
  const chosen: Coin[] = [];
  let total = 0n;
  for (const coin of sorted) {
    chosen.push(coin);
    total += coin.sats;
    const n = chosen.length;
    if (subtractFee) {
      if (total < amountSats) continue;
      const leftover = total - amountSats;
      const withChange = minimumFee(transactionSize(n, 2));
      if (leftover >= DUST_LIMIT) {
        const fee = withChange;
        if (amountSats <= fee) break;
        return {
          ok: true,
          estimate: {
            inputs: chosen,
            recipientSats: amountSats - fee,
            changeSats: leftover,
            feeSats: fee,
            size: transactionSize(n, 2),
          },
        };
      }
      const fee = minimumFee(transactionSize(n, 1)) + leftover;
      if (amountSats + leftover <= fee) break;
      return {
        ok: true,
        estimate: {
          inputs: chosen,
          recipientSats: amountSats + leftover - fee,
          changeSats: 0n,
          feeSats: fee,
          size: transactionSize(n, 1),
        },
      };
    }
    const feeWithChange = minimumFee(transactionSize(n, 2));
    if (total >= amountSats + feeWithChange + DUST_LIMIT) {
      return {
        ok: true,
        estimate: {
          inputs: chosen,
          recipientSats: amountSats,
          changeSats: total - amountSats - feeWithChange,
          feeSats: feeWithChange,
          size: transactionSize(n, 2),
        },
      };
    }
    const feeNoChange = minimumFee(transactionSize(n, 1));
    if (total >= amountSats + feeNoChange) {
      return {
        ok: true,
        estimate: {
          inputs: chosen,
          recipientSats: amountSats,
          changeSats: 0n,
          feeSats: total - amountSats,
          size: transactionSize(n, 1),
        },
      };
    }
  }
  const fee = minimumFee(transactionSize(Math.max(1, chosen.length), 1));
  const needed = subtractFee ? amountSats : amountSats + fee;
  return { ok: false, shortBySats: needed > total ? needed - total : fee };
}

/** The fee shown beside the amount before review: one input, recipient and change. */
export function typicalFee(): string {
  return formatSats(minimumFee(transactionSize(1, 2)));
}
