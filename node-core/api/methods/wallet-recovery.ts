// Wallet methods for a stuck or rejected send: explaintransaction (why it is not final, in plain words and
// as a problem code with its figures, what it spent and whom it paid: what "send again" needs) and
// abandontransaction (Bitcoin Core's name and rule: only a transaction that is neither final nor in a block;
// its coins become spendable again). Both work while the wallet is locked: nothing is signed.
import { encodeAddress } from "../../keys/index.js";
import type { NetworkParams } from "../../params/index.js";
import { formatTime, toHex } from "../../types/index.js";
import { isNodeCoreError } from "../../util/index.js";
import type { SendInputState, WalletService } from "../../wallet/index.js";
import { ApiError } from "../errors.js";
import { defineMethod } from "../method.js";
import type { ApiRuntime } from "../runtime.js";
import { hash32, text } from "../schemas.js";
import { walletApiError } from "../wallet-errors.js";

const walletName = text(64);
const WALLET_HELP = "the wallet (default: the one loaded)";

function wallets(api: ApiRuntime): WalletService {
  const service = api.ctx.wallets;
  if (service === undefined) throw new ApiError("API_WALLET_ERROR", "this node runs without wallets");
  return service;
}

/** The tracker's refusals as Bitcoin Core words them (-5 for both); the rest as every wallet method maps them. */
function recoveryError(error: unknown): ApiError {
  if (isNodeCoreError(error)) {
    if (error.code === "TRACKER_TX_NOT_FOUND") {
      return new ApiError("API_NOT_FOUND", "invalid or non-wallet transaction id", { reason: error.code });
    }
    if (error.code === "TRACKER_TX_NOT_ABANDONABLE") {
      return new ApiError("API_NOT_FOUND", `transaction not eligible for abandonment: ${error.message}`, {
        reason: error.code,
        details: { why: String((error.payload as { why?: unknown }).why) },
      });
    }
  }
  return walletApiError(error);
}

function inputJson(input: SendInputState) {
  return {
    txid: toHex(input.outpoint.txid),
    vout: input.outpoint.index,
    amount: input.amount === null ? null : formatTime(input.amount),
    /** reserved (by this transaction), free (spendable again), held (by held_by), gone (spent elsewhere). */
    state: input.state,
    held_by: input.heldBy,
  };
}

function explanationJson(
  service: WalletService,
  name: string | undefined,
  txid: string,
  network: NetworkParams,
) {
  const { details, explanation } = service.explainTransaction(name, txid);
  const tx = details.transaction;
  let paid = 0n;
  for (const output of details.recipients) paid += output.amount;
  return {
    txid: tx.txid,
    status: tx.status.state,
    abandoned: tx.abandoned,
    problem: explanation.problem,
    stuck: explanation.stuck,
    can_abandon: explanation.canAbandon,
    age_ms: explanation.ageMs,
    conflict: explanation.conflict,
    percent: explanation.percent,
    coins_gone: explanation.coinsGone,
    reason: explanation.reason,
    explanation: explanation.text,
    /** What it paid to addresses that are not this wallet's (the recipients of a send). */
    paid: formatTime(paid),
    fee: tx.fee === null ? null : formatTime(tx.fee),
    recipients: details.recipients.map((output) => ({
      address: encodeAddress(output.address, network),
      amount: formatTime(output.amount),
    })),
    inputs: details.inputs.map(inputJson),
  };
}

export function walletRecoveryMethods() {
  return [
    defineMethod({
      name: "explaintransaction",
      summary:
        "why a wallet transaction is not final (stuck: no votes for N s, rejected: lost to a conflict, …), " +
        "in plain words, with what it spent and whom it paid",
      params: { txid: hash32, wallet_name: walletName.optional() },
      paramHelp: { txid: "transaction id (hex)", wallet_name: WALLET_HELP },
      result:
        "{txid, status, abandoned, problem, stuck, can_abandon, age_ms, conflict, percent, coins_gone, reason, " +
        "explanation, paid, fee, recipients: [{address, amount}], inputs: [{txid, vout, amount, state, held_by}]}",
      handler: (call, p) => {
        const service = wallets(call.api);
        try {
          return explanationJson(service, p.wallet_name, toHex(p.txid), call.api.ctx.params);
        } catch (error) {
          throw recoveryError(error);
        }
      },
    }),
    defineMethod({
      name: "abandontransaction",
      summary:
        "gives up on a wallet transaction that is neither final nor in a block (stuck or rejected): its " +
        "coins, and those of its descendants of ours, are spendable again; if the network makes it final " +
        "anyway it counts again",
      params: { txid: hash32, wallet_name: walletName.optional() },
      paramHelp: { txid: "transaction id (hex)", wallet_name: WALLET_HELP },
      result:
        "{abandoned: [txid] (it, then its descendants), inputs: [{txid, vout, amount, state, held_by}] " +
        "(free: spendable again; held: another pending send of ours spends it; gone: spent elsewhere)}",
      handler: async (call, p) => {
        const service = wallets(call.api);
        try {
          const result = await service.abandonTransaction(p.wallet_name, toHex(p.txid));
          return { abandoned: [...result.abandoned], inputs: result.inputs.map(inputJson) };
        } catch (error) {
          throw recoveryError(error);
        }
      },
    }),
  ] as const;
}
