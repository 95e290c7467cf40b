// The faucet's spend: a payment from one key's coins through the wallet's planner (wallet/send: settled
// coins before pending ones, largest first, the exact minimum fee for the size, change back to the key's
// own address unless it would be dust, then left to the fee), signed with that key. Coins still in the
// mempool may be spent, so consecutive requests chain on each other's change. A wallet refusal becomes an
// ApiError API_MISC_ERROR with the wallet's code as data.reason and its payload as data.details.
import type { NetworkParams } from "../params/index.js";
import type { Transaction, TxOutput } from "../types/index.js";
import { isSendError, planPayment, type SigningKey, type SpendCandidate, signPlan } from "../wallet/index.js";
import { ApiError } from "./errors.js";

export type { SigningKey, SpendCandidate };

/** A signed transaction paying `outputs` from `coins`, all owned by `key`. Throws ApiError API_MISC_ERROR. */
export function buildSignedSpend(
  params: NetworkParams,
  key: SigningKey,
  coins: readonly SpendCandidate[],
  outputs: readonly TxOutput[],
): Transaction {
  try {
    const plan = planPayment(params, { candidates: coins, payments: outputs, allowNonFinal: true });
    return signPlan(plan, () => key).transaction;
  } catch (error) {
    if (!isSendError(error)) throw error;
    const details: Record<string, string | number | boolean | null> = {};
    for (const [name, value] of Object.entries(error.payload)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        details[name] = value;
    }
    throw new ApiError("API_MISC_ERROR", error.message, { reason: error.code, details }, { cause: error });
  }
}
