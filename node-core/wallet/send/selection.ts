// Coin selection: which coins pay a set of outputs, the exact minimum fee, and the change.
//
// Strategy (deterministic, documented in README.md): locked collateral and reserved outpoints are never
// candidates. Settled coins (final or in a block) come first, largest first (ties by txid bytes, then
// index); coins still pending finality follow, also largest first, only when the request allows them.
// Coins are added one at a time until the inputs pay the outputs plus the fee for the exact size: the
// network minimum, or size x a chosen fee rate when that is more (the mempool evicts the cheapest first).
// Largest-first keeps the input count (and so the size and fee) low, and it makes "too many inputs" a true
// statement: no other choice of that many coins from the same group holds more. Change goes back to the
// spending address (as the existing TIME wallets do): the address of the first input, i.e. the first
// required input or else the largest coin, unless the request names one; change below the dust limit is
// left to the fee. "Send max" (`sweepTo`) spends every usable coin and pays what is left after the fee to
// one address. Manual coin control spends exactly the listed coins, all of them, or refuses.
import { TX_INPUT_BYTES, transactionSize } from "../../codec/index.js";
import { outpointKey } from "../../kernel/index.js";
import { DUST_LIMIT, MAX_TX_BYTES, MAX_TX_OUTPUTS, minimumFee } from "../../params/index.js";
import type { AddressPayload, OutPoint, SpecialPayload, TxOutput } from "../../types/index.js";
import { formatTime, MAX_AMOUNT } from "../../types/index.js";
import { compareCoins, isSettled, type SpendCandidate, sumAmounts } from "./coins.js";
import { draftTransaction } from "./draft.js";
import { SendError } from "./errors.js";
import { DEFAULT_ALLOW_NON_FINAL, MAX_CHOSEN_FEE_RATE, MIN_CHOSEN_FEE_RATE } from "./options.js";

export interface CoinChoice {
  /** Spend coins not yet final when the settled ones do not suffice (default false). */
  readonly allowNonFinal?: boolean;
  /** Manual coin control: spend exactly these outpoints (each must be a usable candidate). */
  readonly coinControl?: readonly OutPoint[];
  /** Where change goes instead of the first input's address. */
  readonly changeAddress?: AddressPayload;
  /** sat per byte; the fee is the larger of size x rate and the network minimum (default: the minimum). */
  readonly feeRate?: number;
}

export interface SelectionRequest extends CoinChoice {
  /** The wallet's coins (the tracker's list); locked ones are skipped. */
  readonly candidates: readonly SpendCandidate[];
  /** Payments of fixed amounts, in output order. */
  readonly outputs: readonly TxOutput[];
  /** Send max: every usable coin is spent and this address gets all but the outputs and the fee. */
  readonly sweepTo?: AddressPayload;
  /** Inputs spent before any chosen coin, even if locked (a deregistration releases its collateral). */
  readonly required?: readonly SpendCandidate[];
  /** Outpoints that must not be spent (a registration's own collateral). */
  readonly reserved?: readonly OutPoint[];
  /** The special payload the transaction carries (its size counts toward the fee). */
  readonly special?: SpecialPayload | null;
}

export interface PlannedOutput {
  readonly address: AddressPayload;
  /** sat */
  readonly amount: bigint;
  /** Change back to the wallet (or a deregistration's released collateral). */
  readonly isChange: boolean;
}

export interface Selection {
  /** In transaction order: required inputs first, then chosen coins largest first. */
  readonly inputs: readonly SpendCandidate[];
  readonly outputs: readonly PlannedOutput[];
  /** sat: inputs minus outputs, at least feeFor(size, feeRate). */
  readonly fee: bigint;
  /** Encoded size of the signed transaction in bytes. */
  readonly size: number;
}

/** The fee a transaction of `size` bytes pays at `feeRate` sat/byte, never below the network minimum. */
export function feeFor(size: number, feeRate?: number): bigint {
  const minimum = minimumFee(size);
  if (feeRate === undefined) return minimum;
  const chosen = BigInt(size) * BigInt(feeRate);
  return chosen > minimum ? chosen : minimum;
}

export function selectCoins(request: SelectionRequest): Selection {
  const special = request.special ?? null;
  const { feeRate } = request;
  if (feeRate !== undefined) checkFeeRate(feeRate);
  const fixed = checkOutputs(request.outputs, request.sweepTo !== undefined || special !== null);
  const required = request.required ?? [];
  const blocked = new Set<string>([
    ...(request.reserved ?? []).map(outpointKey),
    ...required.map((coin) => outpointKey(coin.outpoint)),
  ]);
  const allowNonFinal = request.allowNonFinal ?? DEFAULT_ALLOW_NON_FINAL;
  const { pool, notFinal } =
    request.coinControl === undefined
      ? automaticPool(request.candidates, blocked, allowNonFinal)
      : { pool: manualPool(request.candidates, request.coinControl, blocked, allowNonFinal), notFinal: 0n };
  const useAll = request.sweepTo !== undefined || request.coinControl !== undefined;

  const fixedOutputs: PlannedOutput[] = request.outputs.map((o) => ({ ...o, isChange: false }));
  // Sizes are linear in the input count: the size without inputs plus one fixed-width input each.
  const baseSize = (outputs: readonly TxOutput[]) => transactionSize(draftTransaction([], outputs, special));
  // Stands for an output whose amount is not known yet (change, send max): amounts are fixed-width.
  const sizingOutput = (address: AddressPayload) => ({ amount: DUST_LIMIT, address });
  const changeTo = (inputs: readonly SpendCandidate[]) =>
    request.changeAddress ?? (inputs[0] as SpendCandidate).address;

  const chosen: SpendCandidate[] = [...required];
  let total = sumAmounts(chosen);
  let next = 0;
  if (useAll) {
    chosen.push(...pool);
    total += sumAmounts(pool);
    next = pool.length;
  }
  for (;;) {
    const n = chosen.length;
    if (n > 0) {
      const finished = finish();
      if (finished) {
        if (finished.size > MAX_TX_BYTES) throw tooManyInputs(n, baseSize(finished.outputs));
        return finished;
      }
    }
    if (next >= pool.length) break;
    const coin = pool[next++] as SpendCandidate;
    chosen.push(coin);
    total += coin.amount;
  }
  const allOutputs = request.sweepTo ? [...request.outputs, sizingOutput(request.sweepTo)] : request.outputs;
  const fee = feeFor(baseSize(allOutputs) + Math.max(1, chosen.length) * TX_INPUT_BYTES, feeRate);
  const needed = fixed + fee + (request.sweepTo ? DUST_LIMIT : 0n);
  const waiting =
    notFinal > 0n ? `; ${formatTime(notFinal)} TIME more is in coins still waiting for finality` : "";
  throw new SendError(
    "SEND_INSUFFICIENT_FUNDS",
    `insufficient funds: ${formatTime(total)} TIME spendable in ${chosen.length} coin(s), ` +
      `${formatTime(needed)} TIME needed (${formatTime(fixed)} to send plus a fee of ${formatTime(fee)})${waiting}`,
    { spendableSat: total.toString(), neededSat: needed.toString(), notFinalSat: notFinal.toString() },
  );

  /** The transaction the chosen coins make, or null when they cannot pay for it. */
  function finish(): Selection | null {
    const inputs = [...chosen];
    const inputBytes = inputs.length * TX_INPUT_BYTES;
    if (request.sweepTo !== undefined) {
      const outputs = [...request.outputs, sizingOutput(request.sweepTo)];
      const size = baseSize(outputs) + inputBytes;
      const fee = feeFor(size, feeRate);
      const rest = total - fixed - fee;
      if (rest < DUST_LIMIT) return null;
      return {
        inputs,
        outputs: [...fixedOutputs, { address: request.sweepTo, amount: rest, isChange: false }],
        fee,
        size,
      };
    }
    if (request.outputs.length < MAX_TX_OUTPUTS) {
      const change = changeTo(inputs);
      const size = baseSize([...request.outputs, sizingOutput(change)]) + inputBytes;
      const fee = feeFor(size, feeRate);
      if (total >= fixed + fee + DUST_LIMIT && size <= MAX_TX_BYTES) {
        return {
          inputs,
          outputs: [...fixedOutputs, { address: change, amount: total - fixed - fee, isChange: true }],
          fee,
          size,
        };
      }
    }
    // No change output: what is left over (less than the dust limit plus one output's fee) goes to the fee.
    const size = baseSize(request.outputs) + inputBytes;
    if (total < fixed + feeFor(size, feeRate)) return null;
    return { inputs, outputs: fixedOutputs, fee: total - fixed, size };
  }
}

function checkFeeRate(feeRate: number): void {
  if (!Number.isSafeInteger(feeRate) || feeRate < MIN_CHOSEN_FEE_RATE || feeRate > MAX_CHOSEN_FEE_RATE) {
    throw new SendError(
      "SEND_BAD_REQUEST",
      `the fee rate must be a whole number of sat per byte from ${MIN_CHOSEN_FEE_RATE} (the network minimum) to ${MAX_CHOSEN_FEE_RATE}`,
      { rule: "fee-rate" },
    );
  }
}

/** Sum of the fixed outputs, after checking each is payable. */
function checkOutputs(outputs: readonly TxOutput[], mayBeEmpty: boolean): bigint {
  if (outputs.length === 0 && !mayBeEmpty) {
    throw new SendError("SEND_BAD_REQUEST", "name at least one recipient", { rule: "no-recipients" });
  }
  if (outputs.length > MAX_TX_OUTPUTS) {
    throw new SendError("SEND_BAD_REQUEST", `one transaction pays at most ${MAX_TX_OUTPUTS} recipients`, {
      rule: "too-many-outputs",
    });
  }
  let total = 0n;
  outputs.forEach((output, i) => {
    if (output.amount < DUST_LIMIT) {
      throw new SendError(
        "SEND_BAD_REQUEST",
        `payment ${i + 1} is below the dust limit of ${formatTime(DUST_LIMIT)} TIME`,
        { rule: "output-dust", outputIndex: i },
      );
    }
    if (output.address.length !== 20) {
      throw new SendError("SEND_BAD_REQUEST", `payment ${i + 1} has no valid address`, {
        rule: "output-address",
        outputIndex: i,
      });
    }
    total += output.amount;
  });
  if (total > MAX_AMOUNT) {
    throw new SendError("SEND_BAD_REQUEST", "the payments add up to more than any amount can hold", {
      rule: "amount-overflow",
    });
  }
  return total;
}

/** Usable coins in selection order, and what the pending coins left out hold. */
function automaticPool(
  candidates: readonly SpendCandidate[],
  blocked: ReadonlySet<string>,
  allowNonFinal: boolean,
): { pool: SpendCandidate[]; notFinal: bigint } {
  const seen = new Set<string>();
  const settled: SpendCandidate[] = [];
  const pending: SpendCandidate[] = [];
  for (const coin of candidates) {
    const key = outpointKey(coin.outpoint);
    // A tracker listing one outpoint twice must not make the spend list it twice (the kernel refuses that).
    if (coin.locked || blocked.has(key) || seen.has(key)) continue;
    seen.add(key);
    (isSettled(coin) ? settled : pending).push(coin);
  }
  settled.sort(compareCoins);
  pending.sort(compareCoins);
  if (allowNonFinal) return { pool: [...settled, ...pending], notFinal: 0n };
  return { pool: settled, notFinal: sumAmounts(pending) };
}

/** The listed coins in selection order, or a refusal naming the first one that cannot be spent. */
function manualPool(
  candidates: readonly SpendCandidate[],
  outpoints: readonly OutPoint[],
  blocked: ReadonlySet<string>,
  allowNonFinal: boolean,
): SpendCandidate[] {
  if (outpoints.length === 0) {
    throw new SendError("SEND_BAD_REQUEST", "coin control lists no coins", { rule: "coin-control-empty" });
  }
  const byKey = new Map<string, SpendCandidate>();
  for (const coin of candidates) {
    const key = outpointKey(coin.outpoint);
    if (!byKey.has(key)) byKey.set(key, coin);
  }
  const picked = new Set<string>();
  const pool: SpendCandidate[] = [];
  for (const outpoint of outpoints) {
    const key = outpointKey(outpoint);
    const coin = byKey.get(key);
    const refuse = (reason: SendError<"SEND_COIN_UNAVAILABLE">["payload"]["reason"], why: string) =>
      new SendError("SEND_COIN_UNAVAILABLE", `coin ${key} ${why}`, { outpoint: key, reason });
    if (picked.has(key)) throw refuse("duplicate", "is listed twice");
    if (blocked.has(key)) throw refuse("reserved", "is already part of this transaction");
    if (!coin) throw refuse("unknown-or-spent", "is not an unspent coin of this wallet");
    if (coin.locked) throw refuse("locked-collateral", "is locked masternode collateral");
    if (!allowNonFinal && !isSettled(coin))
      throw refuse("not-final", "is not final yet (allow pending coins to spend it now)");
    picked.add(key);
    pool.push(coin);
  }
  return pool.sort(compareCoins);
}

function tooManyInputs(inputsNeeded: number, sizeWithoutInputs: number): SendError<"SEND_TOO_MANY_INPUTS"> {
  const maxInputs = Math.max(0, Math.floor((MAX_TX_BYTES - sizeWithoutInputs) / TX_INPUT_BYTES));
  return new SendError(
    "SEND_TOO_MANY_INPUTS",
    `this payment needs ${inputsNeeded} coins but one transaction holds at most ${maxInputs}: ` +
      "consolidate first (send part of the balance to your own address), then send again",
    { inputsNeeded, maxInputs },
  );
}
