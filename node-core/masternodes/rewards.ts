// Block rewards exactly as DESIGN.md "Rewards" says, computed only from chain data. 100 TIME per block:
// treasury 5 to the treasury address (genesis allocation 0); producer 30 plus all fees to the proposer's
// payout address, of which REWARD_PRODUCER_BONUS is scaled by the voting weight whose precommits the
// block's carried certificate includes; pools Gold 25 / Silver 18 / Bronze 14 / Free 8, each split evenly
// among a rotating subset (reward-rotation.ts) of that tier's ELIGIBLE masternodes. A masternode registered
// at the parent state is eligible iff the block or one of its recent ancestors (reward-window.ts) carried
// its precommit or its heartbeat. Whatever is not paid out (empty pools, division remainders, the unearned
// bonus) goes to the treasury, never to the producer: a proposer that leaves signers out gains nothing and
// loses part of its bonus. Every input is inside the chain, so every node computes the same reward
// whatever heartbeats it happened to see (the original node's worst bugs were rewards computed from
// diverging local views).
import {
  DUST_LIMIT,
  MASTERNODE_TIERS,
  MAX_TX_OUTPUTS,
  REWARD_PAYEES_PER_POOL,
  REWARD_PRODUCER_BONUS,
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
import { rotatingPayees } from "./reward-rotation.js";
import { checkRewardWindow, operatorsSeenIn, type RewardWindowBlock } from "./reward-window.js";

export interface RewardInputs {
  /** Height of the block being rewarded (>= 1). */
  readonly height: bigint;
  /** Masternodes registered at the parent state (after block height-1), in any order. */
  readonly parentRecords: Iterable<MasternodeRecord>;
  /** The block's previousCertificate, already verified as the parent's certificate by the caller. */
  readonly previousCertificate: Certificate | null;
  /** The block's heartbeats, already checked with checkBlockHeartbeats by the caller. */
  readonly heartbeats: readonly Heartbeat[];
  /**
   * The block's ancestors inside its eligibility window, any order (loadRewardWindow; exactly the heights
   * rewardWindowHeights names, else REWARD_BAD_INPUT). Their certificates and heartbeats were checked when
   * they were imported.
   */
  readonly window: readonly RewardWindowBlock[];
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
  /** The ones this block pays (the rotating subset, at most REWARD_PAYEES_PER_POOL), sorted. */
  readonly paid: readonly string[];
  /** What each paid masternode receives (0 when the pool goes to the treasury). */
  readonly perNode: bigint;
  /** The part of the pool paid to the treasury: all of it if empty or dust, else the division remainder. */
  readonly toTreasury: bigint;
}

export interface RewardBreakdown {
  /** REWARD_SPLIT.treasury + the unearned bonus + every pool's toTreasury. */
  readonly treasury: bigint;
  readonly producer: {
    readonly id: string;
    readonly payoutAddress: AddressPayload;
    /** Base share + earned bonus + fees. */
    readonly total: bigint;
    readonly fees: bigint;
    /** The part of REWARD_PRODUCER_BONUS earned: bonus * includedWeight / totalWeight, rounded down. */
    readonly bonus: bigint;
    /** Voting weight (at the parent state) of the distinct registered voters the certificate includes. */
    readonly includedWeight: bigint;
    /** Voting weight of every masternode registered at the parent state. */
    readonly totalWeight: bigint;
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
 * Splits a pool evenly among `count` paid masternodes. The remainder of the integer division goes to the
 * treasury. If the per-node share would be below DUST_LIMIT (an output the transaction rules refuse), the
 * whole pool goes to the treasury instead. With the current constants that cannot happen through
 * computeReward (at most REWARD_PAYEES_PER_POOL = 400 paid per pool, and the smallest pool, 8 TIME, gives
 * each of them 2,000,000 sat), but the rule keeps rewards valid if the constants change.
 */
export function splitPool(amount: bigint, count: number): { perNode: bigint; toTreasury: bigint } {
  if (count <= 0) return { perNode: 0n, toTreasury: amount };
  const perNode = amount / BigInt(count);
  if (perNode < DUST_LIMIT) return { perNode: 0n, toTreasury: amount };
  return { perNode, toTreasury: amount - perNode * BigInt(count) };
}

/** The producer's earned bonus: REWARD_PRODUCER_BONUS scaled by the included share of the voting weight. */
export function producerBonus(includedWeight: bigint, totalWeight: bigint): bigint {
  if (totalWeight <= 0n) return 0n;
  const included = includedWeight < totalWeight ? includedWeight : totalWeight;
  return (REWARD_PRODUCER_BONUS * included) / totalWeight;
}

function votingWeight(record: MasternodeRecord): bigint {
  return BigInt(tierForCollateral(record.collateralAmount).votingWeight);
}

/**
 * The reward of a block. Throws MasternodeError: REWARD_UNKNOWN_PROPOSER (proposer not registered at the
 * parent state), REWARD_TOO_MANY_OUTPUTS (more than MAX_TX_OUTPUTS distinct payout addresses; unreachable
 * with the current constants, kept as the guard should they change; never truncated, which would pay some
 * and not others), REWARD_BAD_INPUT (height 0, negative fees, a window that is not the block's).
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
  const windowError = checkRewardWindow(inputs.height, inputs.window);
  if (windowError) throw windowError;
  const operators = operatorsById(inputs.parentRecords);
  const proposerId = toHex(inputs.proposerPublicKey);
  const proposer = operators.get(proposerId);
  if (!proposer) {
    throw new MasternodeError("REWARD_UNKNOWN_PROPOSER", "the proposer is not a registered masternode", {
      operator: proposerId,
    });
  }

  // The bonus counts each registered voter once, whatever the certificate repeats.
  let includedWeight = 0n;
  const voters = operatorsSeenIn([{ previousCertificate: inputs.previousCertificate, heartbeats: [] }]);
  for (const id of voters) {
    const record = operators.get(id);
    if (record) includedWeight += votingWeight(record);
  }
  let totalWeight = 0n;
  for (const record of operators.values()) totalWeight += votingWeight(record);
  const bonus = producerBonus(includedWeight, totalWeight);

  // Eligible operators, from chain data only; ids of unregistered ones are simply not in `operators`.
  const seen = operatorsSeenIn([inputs, ...inputs.window]);
  const byTier: Record<TierName, string[]> = { gold: [], silver: [], bronze: [], free: [] };
  for (const id of seen) {
    const record = operators.get(id);
    if (record) byTier[tierForCollateral(record.collateralAmount).name].push(id);
  }

  const payouts = new Map<string, { address: AddressPayload; amount: bigint }>();
  const pay = (address: AddressPayload, amount: bigint): void => {
    const key = toHex(address);
    const held = payouts.get(key);
    if (held) held.amount += amount;
    else payouts.set(key, { address, amount });
  };

  let treasuryTotal = REWARD_SPLIT.treasury + (REWARD_PRODUCER_BONUS - bonus);
  const pools: PoolShare[] = [];
  for (const tier of MASTERNODE_TIERS) {
    const eligible = byTier[tier.name].sort();
    const paid = rotatingPayees(eligible, inputs.height, REWARD_PAYEES_PER_POOL);
    const amount = REWARD_SPLIT[tier.name];
    const { perNode, toTreasury } = splitPool(amount, paid.length);
    if (perNode > 0n) {
      for (const id of paid) pay((operators.get(id) as MasternodeRecord).payoutAddress, perNode);
    }
    treasuryTotal += toTreasury;
    pools.push(
      Object.freeze({
        tier: tier.name,
        amount,
        eligible: Object.freeze(eligible),
        paid: Object.freeze(perNode > 0n ? paid : []),
        perNode,
        toTreasury,
      }),
    );
  }
  const producerTotal = REWARD_SPLIT.producer - REWARD_PRODUCER_BONUS + bonus + inputs.fees;
  pay(inputs.treasuryAddress, treasuryTotal);
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
      treasury: treasuryTotal,
      producer: Object.freeze({
        id: proposerId,
        payoutAddress: proposer.payoutAddress,
        total: producerTotal,
        fees: inputs.fees,
        bonus,
        includedWeight,
        totalWeight,
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
