// Consensus constants shared by all networks: transaction and block rules, codec caps, rewards and
// the domain-separation tags that make a signature for one purpose useless for any other.
import { SAT_PER_TIME } from "../types/index.js";

export const TX_VERSION = 1;
export const BLOCK_VERSION = 1;

/** Outputs below this are rejected (sat). */
export const DUST_LIMIT = 1_000n;
/** Minimum fee: max(MIN_FEE_FLOOR, ceil(size * FEE_PER_KB / 1000)). */
export const MIN_FEE_FLOOR = 1_000n;
export const FEE_PER_KB = 10_000n;

export const MAX_TX_BYTES = 100_000;
export const MAX_BLOCK_BYTES = 8_000_000;
export const MAX_TX_INPUTS = 2_000;
export const MAX_TX_OUTPUTS = 2_000;
export const MAX_BLOCK_TRANSACTIONS = 60_000;
export const MAX_BLOCK_HEARTBEATS = 10_000;
export const MAX_CERTIFICATE_SIGNATURES = 10_000;
export const MAX_NETWORK_ADDRESS_BYTES = 64;
export const VRF_PROOF_BYTES = 80;

/** A block may carry heartbeats signed at most this long (in blocks of the network's interval) before it. */
export const BLOCK_HEARTBEAT_WINDOW_MS = 180_000;

/**
 * A block stamped further than this ahead of the local clock is refused on import (it may be retried once
 * the clock catches up): the clock drift the seed nodes tolerate between peers.
 */
export const MAX_BLOCK_FUTURE_MS = 60_000;

/** Blocks that may be rolled back through undo records (admin only). */
export const MAX_REORG_DEPTH = 100;

export const BLOCK_REWARD = 100n * SAT_PER_TIME;
export const REWARD_SPLIT = Object.freeze({
  treasury: 5n * SAT_PER_TIME,
  producer: 30n * SAT_PER_TIME,
  gold: 25n * SAT_PER_TIME,
  silver: 18n * SAT_PER_TIME,
  bronze: 14n * SAT_PER_TIME,
  free: 8n * SAT_PER_TIME,
});

/**
 * The part of REWARD_SPLIT.producer paid in proportion to the voting weight whose precommits the block's
 * carried certificate includes (Cosmos' proposer bonus); the part not earned goes to the treasury, so a
 * proposer that leaves signers out loses money and gains none.
 */
export const REWARD_PRODUCER_BONUS = 10n * SAT_PER_TIME;
/**
 * A masternode is eligible for its pool when the block or one of its ancestors, this many blocks in all,
 * carried its precommit or its heartbeat: one proposer leaving it out cannot take its share.
 */
export const REWARD_ELIGIBILITY_BLOCKS = 4;
/**
 * Most masternodes one pool pays in one block (a rotating subset of the eligible ones). Four pools, the
 * treasury and the producer: 4 * 400 + 2 = 1,602 outputs, under MAX_TX_OUTPUTS whatever the voting set.
 */
export const REWARD_PAYEES_PER_POOL = 400;

/** Domain-separation tags, prefixed to every signed message before the chain id. */
export const DOMAIN = Object.freeze({
  txInput: "TIME/tx-input/v1",
  masternodeCollateral: "TIME/mn-collateral/v1",
  masternodeOperator: "TIME/mn-operator/v1",
  vote: "TIME/vote/v1",
  heartbeat: "TIME/heartbeat/v1",
  proposal: "TIME/proposal/v1",
  vrf: "TIME/vrf/v1",
});

export function minimumFee(sizeBytes: number): bigint {
  const sizeFee = (BigInt(sizeBytes) * FEE_PER_KB + 999n) / 1000n;
  return sizeFee > MIN_FEE_FLOOR ? sizeFee : MIN_FEE_FLOOR;
}
