// Block rewards exactly as DESIGN.md "Rewards" says, computed only from chain data. 100 TIME per block:
// treasury 5 to the treasury address (genesis allocation 0); producer 30 plus all fees to the proposer's
// payout address; pools Gold 25 / Silver 18 / Bronze 14 / Free 8, each split evenly among that tier's
// ELIGIBLE masternodes. A masternode registered at the parent state is eligible iff its operator signed the
// block's previous certificate or the block carries a heartbeat from it: both are inside the block, so every
// node computes the same reward whatever heartbeats it happened to see (the original node's worst bugs were
// rewards computed from diverging local views).
import {
  DUST_LIMIT,
  MASTERNODE_TIERS,
  MAX_TX_OUTPUTS,
  REWARD_SPLIT,
  TX_VERSION,
  tierForCollateral,
} from "../params/index.js";
import type {
  AddressPayload,
  Block,
  Certificate,
  Heartbeat,
  MasternodeRecord,
  PublicKey,
  Transaction,
  TxOutput,
} from "../types/index.js";
import { bytesEqual, compareBytes, toHex } from "../types/index.js";
import { MasternodeError } from "./errors.js";
import { operatorsById, type TierName } from "./registry.js";

export interface RewardInputs {
  /** Height of the block being rewarded (>= 1). */
  readonly height: bigint;
  /** Masternodes registered at the parent state (after block height-1), in any order. */
  readonly parentRecords: Iterable<MasternodeRecord>;
  /** The block's previousCertificate, already verified as the parent's certificate by the caller. */
  readonly previousCertificate: Certificate | null;
  /** The block's heartbeats, already checked with checkBlockHeartbeats by the caller. */
  readonly heartbeats: readonly Heartbeat[];
  /** The block header's proposerPublicKey. */
  readonly proposerPublicKey: PublicKey;
  /** Sum of the fees of the block's other transactions (the kernel's BlockEffects.fees). */
  readonly fees: bigint;
  /** Payout of the treasury share: the address of genesis allocation 0. */
  readonly treasuryAddress: AddressPayload;
}

export interface PoolShare {
  readonly tier: TierName;
  /** The pool's size in sat (REWARD_SPLIT for the tier). */
  readonly amount: bigint;
  /** Operator ids of the tier's eligible masternodes, sorted. */
  readonly eligible: readonly string[];
  /** What each eligible masternode receives (0 when the pool goes to the producer). */
  readonly perNode: bigint;
  /** The part of the pool paid to the producer: all of it if empty or dust, else the division remainder. */
  readonly toProducer: bigint;
}

export interface RewardBreakdown {
  readonly treasury: bigint;
  readonly producer: {
    readonly id: string;
    readonly payoutAddress: AddressPayload;
    /** Producer share + fees + every pool's toProducer. */
    readonly total: bigint;
    readonly fees: bigint;
  };
  /** Gold, Silver, Bronze, Free. */
  readonly pools: readonly PoolShare[];
}

export interface RewardComputation {
  /** Aggregated per address (one output per address), sorted by address bytes. */
  readonly outputs: readonly TxOutput[];
  readonly breakdown: RewardBreakdown;
}

/**
 * Splits a pool evenly among `count` eligible masternodes. The remainder of the integer division goes to
 * the producer. If the per-node share would be below DUST_LIMIT (an output the transaction rules refuse),
 * the whole pool goes to the producer instead. With the current constants that cannot happen through
 * computeReward (at most 20,000 eligible: certificate signers plus carried heartbeats, and the smallest
 * pool, 8 TIME, gives each of them 40,000 sat), but the rule keeps rewards valid if the constants change.
 */
export function splitPool(amount: bigint, count: number): { perNode: bigint; toProducer: bigint } {
  if (count <= 0) return { perNode: 0n, toProducer: amount };
  const perNode = amount / BigInt(count);
  if (perNode < DUST_LIMIT) return { perNode: 0n, toProducer: amount };
  return { perNode, toProducer: amount - perNode * BigInt(count) };
}

/**
 * The reward of a block. Throws MasternodeError: REWARD_UNKNOWN_PROPOSER (proposer not registered at the
 * parent state), REWARD_TOO_MANY_OUTPUTS (more than MAX_TX_OUTPUTS distinct payout addresses; never
 * truncated, which would pay some and not others), REWARD_BAD_INPUT (height 0 or negative fees).
 */
export function computeReward(inputs: RewardInputs): RewardComputation {
  if (inputs.height < 1n) {
    throw new MasternodeError("REWARD_BAD_INPUT", "genesis has no reward", {
      actual: inputs.height.toString(),
    });
  }
  if (inputs.fees < 0n) {
    throw new MasternodeError("REWARD_BAD_INPUT", "fees cannot be negative", {
      actual: inputs.fees.toString(),
    });
  }
  const operators = operatorsById(inputs.parentRecords);
  const proposerId = toHex(inputs.proposerPublicKey);
  const proposer = operators.get(proposerId);
  if (!proposer) {
    throw new MasternodeError("REWARD_UNKNOWN_PROPOSER", "the proposer is not a registered masternode", {
      operator: proposerId,
    });
  }

  // Eligible operators, from the block only; ids of unregistered signers are simply not in `operators`.
  const eligibleIds = new Set<string>();
  for (const p of inputs.previousCertificate?.precommits ?? []) {
    const id = toHex(p.voterPublicKey);
    if (operators.has(id)) eligibleIds.add(id);
  }
  for (const hb of inputs.heartbeats) {
    const id = toHex(hb.operatorPublicKey);
    if (operators.has(id)) eligibleIds.add(id);
  }
  const byTier: Record<TierName, string[]> = { gold: [], silver: [], bronze: [], free: [] };
  for (const id of eligibleIds) {
    const record = operators.get(id) as MasternodeRecord;
    byTier[tierForCollateral(record.collateralAmount).name].push(id);
  }

  const payouts = new Map<string, { address: AddressPayload; amount: bigint }>();
  const pay = (address: AddressPayload, amount: bigint): void => {
    const key = toHex(address);
    const held = payouts.get(key);
    if (held) held.amount += amount;
    else payouts.set(key, { address, amount });
  };

  let producerTotal = REWARD_SPLIT.producer + inputs.fees;
  const pools: PoolShare[] = [];
  for (const tier of MASTERNODE_TIERS) {
    const eligible = byTier[tier.name].sort();
    const amount = REWARD_SPLIT[tier.name];
    const { perNode, toProducer } = splitPool(amount, eligible.length);
    if (perNode > 0n) {
      for (const id of eligible) pay((operators.get(id) as MasternodeRecord).payoutAddress, perNode);
    }
    producerTotal += toProducer;
    pools.push(
      Object.freeze({ tier: tier.name, amount, eligible: Object.freeze(eligible), perNode, toProducer }),
    );
  }
  pay(inputs.treasuryAddress, REWARD_SPLIT.treasury);
  pay(proposer.payoutAddress, producerTotal);

  if (payouts.size > MAX_TX_OUTPUTS) {
    throw new MasternodeError("REWARD_TOO_MANY_OUTPUTS", "the reward would pay too many addresses", {
      expected: `<= ${MAX_TX_OUTPUTS}`,
      actual: String(payouts.size),
    });
  }
  const outputs = [...payouts.values()]
    .sort((a, b) => compareBytes(a.address, b.address))
    .map((p) => Object.freeze({ amount: p.amount, address: p.address }));
  return Object.freeze({
    outputs: Object.freeze(outputs),
    breakdown: Object.freeze({
      treasury: REWARD_SPLIT.treasury,
      producer: Object.freeze({
        id: proposerId,
        payoutAddress: proposer.payoutAddress,
        total: producerTotal,
        fees: inputs.fees,
      }),
      pools: Object.freeze(pools),
    }),
  });
}

/** The reward transaction paying `outputs`: version TX_VERSION, no inputs, lockTime = height, no special. */
export function rewardTransaction(height: bigint, outputs: readonly TxOutput[]): Transaction {
  return {
    version: TX_VERSION,
    inputs: [],
    outputs: outputs.map((o) => ({ ...o })),
    lockTime: height,
    special: null,
  };
}

function describeOutput(output: TxOutput | undefined): string {
  return output === undefined ? "none" : `${output.amount} sat to ${toHex(output.address)}`;
}

/**
 * Null when the block's first transaction is exactly rewardTransaction(height, expected.outputs), else a
 * REWARD_MISMATCH naming the first difference (field, and for outputs the first differing index).
 */
export function checkRewardTransaction(
  block: Pick<Block, "header" | "transactions">,
  expected: Pick<RewardComputation, "outputs">,
): MasternodeError | null {
  const tx = block.transactions[0];
  const mismatch = (
    field: string,
    message: string,
    details: { outputIndex?: number; expected: string; actual: string },
  ) => new MasternodeError("REWARD_MISMATCH", message, { field, ...details });
  if (tx === undefined)
    return mismatch("transactions", "block has no reward transaction", { expected: "1", actual: "0" });
  if (tx.version !== TX_VERSION) {
    return mismatch("version", "wrong reward version", {
      expected: String(TX_VERSION),
      actual: String(tx.version),
    });
  }
  if (tx.inputs.length !== 0) {
    return mismatch("inputs", "a reward has no inputs", { expected: "0", actual: String(tx.inputs.length) });
  }
  if (tx.special !== null)
    return mismatch("special", "a reward has no special payload", {
      expected: "none",
      actual: tx.special.kind,
    });
  if (tx.lockTime !== block.header.height) {
    return mismatch("lockTime", "reward lock time must be the height", {
      expected: block.header.height.toString(),
      actual: tx.lockTime.toString(),
    });
  }
  const want = expected.outputs;
  const n = Math.max(want.length, tx.outputs.length);
  for (let i = 0; i < n; i++) {
    const a = want[i];
    const b = tx.outputs[i];
    if (a === undefined || b === undefined || a.amount !== b.amount || !bytesEqual(a.address, b.address)) {
      return mismatch("outputs", `reward output ${i} differs`, {
        outputIndex: i,
        expected: describeOutput(a),
        actual: describeOutput(b),
      });
    }
  }
  return null;
}
