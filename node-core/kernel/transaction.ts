// Transaction rules of DESIGN.md section 3: structure (stateless) and spending (against a state view).
// Signature verification is not done here: every signature is returned as a SignatureCheck so a block's
// checks can be verified in one batch, on the worker pool, by the caller.

import { transactionSize } from "../codec/index.js";
import type { SignatureCheck } from "../crypto/index.js";
import { addressPayloadFromPublicKey } from "../keys/index.js";
import { DUST_LIMIT, MAX_TX_BYTES, minimumFee, TX_VERSION } from "../params/index.js";
import type { Hash32, MasternodeChange, OutPoint, Transaction, Utxo, UtxoEntry } from "../types/index.js";
import { bytesEqual, MAX_AMOUNT } from "../types/index.js";
import { KernelError } from "./errors.js";
import { transactionSignatureChecks } from "./signatures.js";
import { checkSpecialPayload } from "./special.js";
import { outpointKey, type StateView } from "./view.js";

export interface TxContext {
  readonly chainId: number;
  /** Height of the block the transaction would be in. */
  readonly height: bigint;
}

export interface TxCheckResult {
  readonly fee: bigint;
  readonly size: number;
  /** The entries the inputs spend, in input order. */
  readonly spent: readonly Utxo[];
  readonly signatureChecks: readonly SignatureCheck[];
  readonly masternodeChange: MasternodeChange | null;
}

/** Rules that need no state. `kind` says which shape the transaction must have. */
export function checkTransactionStructure(
  tx: Transaction,
  kind: "regular" | "reward" | "genesis",
  size: number = transactionSize(tx),
): void {
  if (tx.version !== TX_VERSION) {
    throw new KernelError("TX_BAD_VERSION", `unsupported transaction version ${tx.version}`, {
      expected: String(TX_VERSION),
      actual: String(tx.version),
    });
  }
  if (size > MAX_TX_BYTES) {
    throw new KernelError("TX_TOO_LARGE", `transaction is ${size} bytes, limit ${MAX_TX_BYTES}`, {
      actual: String(size),
    });
  }
  if (kind === "regular" && tx.inputs.length === 0) {
    throw new KernelError("TX_NO_INPUTS", "a transaction must spend at least one input");
  }
  if (kind === "reward" && (tx.inputs.length > 0 || tx.special !== null)) {
    throw new KernelError("BLOCK_BAD_REWARD", "the reward transaction has no inputs and no special payload");
  }
  if (tx.outputs.length === 0 && (kind === "reward" || tx.special === null)) {
    throw new KernelError("TX_NO_OUTPUTS", "a transaction without a special payload must have outputs");
  }
  const seen = new Set<string>();
  for (let i = 0; i < tx.inputs.length; i++) {
    const key = outpointKey((tx.inputs[i] as Transaction["inputs"][number]).prevout);
    if (seen.has(key)) {
      throw new KernelError("TX_DUPLICATE_INPUT", "the same outpoint is spent twice", {
        inputIndex: i,
        outpoint: key,
      });
    }
    seen.add(key);
  }
  let total = 0n;
  for (let i = 0; i < tx.outputs.length; i++) {
    const amount = (tx.outputs[i] as Transaction["outputs"][number]).amount;
    if (amount < DUST_LIMIT) {
      throw new KernelError("TX_OUTPUT_DUST", `output ${i} is below the dust limit of ${DUST_LIMIT} sat`, {
        outputIndex: i,
        actual: amount.toString(),
      });
    }
    total += amount;
    if (total > MAX_AMOUNT) {
      throw new KernelError("TX_AMOUNT_OVERFLOW", "outputs add up to more than the largest amount", {
        outputIndex: i,
      });
    }
  }
}

export function sumOutputs(tx: Transaction): bigint {
  let total = 0n;
  for (const output of tx.outputs) total += output.amount;
  return total;
}

/**
 * Spending rules of a regular transaction against state: inputs exist, are unspent and are not locked
 * collateral (unless this transaction deregisters that collateral), each public key matches the spent
 * address, the fee covers the network minimum, plus the special payload's rules.
 * `lookup` resolves an outpoint (block checks layer outputs created earlier in the block over the view).
 */
export function checkTransactionSpend(
  tx: Transaction,
  txid: Hash32,
  view: StateView,
  ctx: TxContext,
  lookup: (outpoint: OutPoint) => UtxoEntry | undefined = (outpoint) => view.getUtxo(outpoint),
  size: number = transactionSize(tx),
): TxCheckResult {
  if (tx.lockTime > ctx.height) {
    throw new KernelError("TX_LOCKTIME_NOT_REACHED", `locked until height ${tx.lockTime}`, {
      expected: tx.lockTime.toString(),
      actual: ctx.height.toString(),
    });
  }
  const spent: Utxo[] = [];
  let inputTotal = 0n;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i] as Transaction["inputs"][number];
    const entry = lookup(input.prevout);
    if (!entry) {
      throw new KernelError("TX_MISSING_INPUT", "input spends an outpoint that is not in the UTXO set", {
        inputIndex: i,
        outpoint: outpointKey(input.prevout),
      });
    }
    if (view.getMasternode(input.prevout)) {
      const deregisters =
        tx.special?.kind === "masternodeDeregistration" &&
        outpointKey(tx.special.collateral) === outpointKey(input.prevout);
      if (!deregisters) {
        throw new KernelError(
          "TX_LOCKED_COLLATERAL",
          "input spends masternode collateral; deregister the masternode in the same transaction",
          { inputIndex: i, outpoint: outpointKey(input.prevout) },
        );
      }
    }
    if (!bytesEqual(addressPayloadFromPublicKey(input.publicKey), entry.address)) {
      throw new KernelError("TX_PUBKEY_MISMATCH", "input public key does not match the spent address", {
        inputIndex: i,
        outpoint: outpointKey(input.prevout),
      });
    }
    inputTotal += entry.amount;
    spent.push({ outpoint: input.prevout, entry });
  }
  const outputTotal = sumOutputs(tx);
  if (outputTotal > inputTotal) {
    throw new KernelError("TX_INSUFFICIENT_FUNDS", "outputs exceed inputs", {
      expected: `<= ${inputTotal}`,
      actual: outputTotal.toString(),
    });
  }
  const fee = inputTotal - outputTotal;
  const required = minimumFee(size);
  if (fee < required) {
    throw new KernelError("TX_FEE_TOO_LOW", `fee ${fee} sat is below the minimum ${required} sat`, {
      expected: required.toString(),
      actual: fee.toString(),
    });
  }
  const special = tx.special ? checkSpecialPayload(tx, view, ctx, lookup) : null;
  return {
    fee,
    size,
    spent,
    signatureChecks: transactionSignatureChecks(tx, txid, ctx.chainId),
    masternodeChange: special?.change ?? null,
  };
}

/** Full check of one transaction against a view (mempool admission uses this). */
export function checkTransaction(
  tx: Transaction,
  txid: Hash32,
  view: StateView,
  ctx: TxContext,
): TxCheckResult {
  const size = transactionSize(tx);
  checkTransactionStructure(tx, "regular", size);
  return checkTransactionSpend(tx, txid, view, ctx, undefined, size);
}
