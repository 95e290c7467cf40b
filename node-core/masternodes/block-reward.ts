// The two block-level entry points of the reward rules. For the validator, checkBlockReward: the block's
// heartbeats are valid and its reward transaction is exactly the one the rules give from the block's own
// data, its ancestors' (the reward window) and the parent state (the caller has already run the kernel's
// checkBlock, for the fees, and verified the previous certificate against the parent). For the proposer,
// prepareBlockReward: the heartbeats to carry and the matching reward transaction. Both call computeReward.
import type { SignatureScheme } from "../consensus/index.js";
import type { NetworkParams } from "../params/index.js";
import type {
  AddressPayload,
  Block,
  Certificate,
  Heartbeat,
  PublicKey,
  Transaction,
} from "../types/index.js";
import { checkBlockHeartbeats, selectHeartbeatsForBlock } from "./block-heartbeats.js";
import { MasternodeError } from "./errors.js";
import type { RegistrySnapshot } from "./registry.js";
import type { RewardWindowBlock } from "./reward-window.js";
import {
  checkRewardTransaction,
  computeReward,
  type RewardComputation,
  rewardTransaction,
} from "./rewards.js";

export interface BlockRewardContext {
  readonly params: NetworkParams;
  /** The registry at the parent state: registryAt(parent records) or MasternodeRegistry.snapshot(). */
  readonly parentRegistry: RegistrySnapshot;
  /** Fees of the block's non-reward transactions (kernel BlockEffects.fees). */
  readonly fees: bigint;
  readonly treasuryAddress: AddressPayload;
  readonly signatures: SignatureScheme;
  /** The block's ancestors inside its eligibility window (loadRewardWindow). */
  readonly window: readonly RewardWindowBlock[];
}

/** The expected reward of `block` and the first rule it breaks (null: heartbeats and reward are valid). */
export function checkBlockReward(
  block: Block,
  ctx: BlockRewardContext,
): { reward: RewardComputation | null; error: MasternodeError | null } {
  const height = block.header.height;
  try {
    const heartbeatError = checkBlockHeartbeats(block, {
      params: ctx.params,
      parentHeight: height - 1n,
      registeredOperators: ctx.parentRegistry.operators,
      signatures: ctx.signatures,
    });
    if (heartbeatError) return { reward: null, error: heartbeatError };
    const reward = computeReward({
      height,
      parentRecords: ctx.parentRegistry.records,
      previousCertificate: block.previousCertificate,
      heartbeats: block.heartbeats,
      window: ctx.window,
      proposerPublicKey: block.header.proposerPublicKey,
      fees: ctx.fees,
      treasuryAddress: ctx.treasuryAddress,
    });
    return { reward, error: checkRewardTransaction(block, reward) };
  } catch (err) {
    if (err instanceof MasternodeError) return { reward: null, error: err };
    throw err;
  }
}

export interface BlockRewardProposal {
  readonly params: NetworkParams;
  /** Height of the block being proposed. */
  readonly height: bigint;
  readonly parentRegistry: RegistrySnapshot;
  /** The certificate of the parent that the block will carry. */
  readonly previousCertificate: Certificate | null;
  /** Heartbeats this node holds (HeartbeatTracker.recentHeartbeats()). */
  readonly candidateHeartbeats: Iterable<Heartbeat>;
  readonly proposerPublicKey: PublicKey;
  /** Fees of the transactions the block will hold. */
  readonly fees: bigint;
  readonly treasuryAddress: AddressPayload;
  /** The block's ancestors inside its eligibility window (loadRewardWindow). */
  readonly window: readonly RewardWindowBlock[];
  /** Set when the candidates' signatures were not verified already (the tracker's are). */
  readonly signatures?: SignatureScheme;
}

/**
 * What a proposer puts in its block: the heartbeats (selectHeartbeatsForBlock) and the reward transaction
 * they, the certificate and the window give. Throws MasternodeError when no valid reward exists (proposer
 * not registered at the parent state, a window that is not the block's).
 */
export function prepareBlockReward(input: BlockRewardProposal): {
  heartbeats: Heartbeat[];
  reward: RewardComputation;
  transaction: Transaction;
} {
  const heartbeats = selectHeartbeatsForBlock(input.candidateHeartbeats, {
    params: input.params,
    parentHeight: input.height - 1n,
    registeredOperators: input.parentRegistry.operators,
    previousCertificate: input.previousCertificate,
    ...(input.signatures ? { signatures: input.signatures } : {}),
  });
  const reward = computeReward({
    height: input.height,
    parentRecords: input.parentRegistry.records,
    previousCertificate: input.previousCertificate,
    heartbeats,
    window: input.window,
    proposerPublicKey: input.proposerPublicKey,
    fees: input.fees,
    treasuryAddress: input.treasuryAddress,
  });
  return { heartbeats, reward, transaction: rewardTransaction(input.height, reward.outputs) };
}
