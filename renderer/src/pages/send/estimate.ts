// The fee a typical payment pays (one input, recipient and change), shown beside the amount before the
// recipient and amount are filled in; from then on the node's own plan (previewsend) gives the exact fee.
// The constants mirror node-core/params/consensus.ts and codec/caps.ts (the renderer imports no node code).
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

/** The fee shown beside the amount before review: one input, recipient and change. */
export function typicalFee(): string {
  return formatSats(minimumFee(transactionSize(1, 2)));
}
