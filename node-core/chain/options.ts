// Chain service options (what the network fixes) and modules (what the composition root injects). The
// consensus checkers are injected as plain functions typed here by the minimum the service needs, so the
// node wires the real ones (consensus/tsdc/certificate, consensus/tsdc/proposer, masternodes/block-
// heartbeats, masternodes/rewards) and nothing here depends on how they are built.
import type { Clock, SignatureScheme, VotingSet, VrfScheme } from "../consensus/index.js";
import type { ChainBackend } from "../db/index.js";
import type { BlockHeartbeatContext, MasternodeErrorCode, RewardInputs } from "../masternodes/index.js";
import type { Mempool } from "../mempool/index.js";
import type { NetworkParams } from "../params/index.js";
import type { AddressPayload, Block, BlockHeader, Certificate, Hash32, TxOutput } from "../types/index.js";
import type { Logger } from "../util/index.js";
import type { FaultReason } from "./errors.js";

export interface ChainServiceOptions {
  readonly params: NetworkParams;
  /** The network's genesis block (connected by init() into an empty backend). */
  readonly genesis: Block;
  /** Where the treasury share of every reward goes (genesis allocation 0). */
  readonly treasuryAddress: AddressPayload;
}

/** Null when `certificate` proves `blockHash` final for `votingSet`, else the fault. */
export type VerifyCertificateFn = (
  certificate: Certificate,
  blockHash: Hash32,
  votingSet: VotingSet,
  scheme: SignatureScheme,
  chainId: number,
  expectedHeight?: bigint,
) => FaultReason | null;

/** Null when the header's proposer is a validator of `votingSet` with a valid VRF proof for its round. */
export type VerifyProposerProofFn = (
  header: BlockHeader,
  votingSet: VotingSet,
  vrf: VrfScheme,
  chainId: number,
) => FaultReason | null;

/** The context checkBlockHeartbeats takes (masternodes/block-heartbeats.ts). */
export type BlockHeartbeatCheckContext = BlockHeartbeatContext & { readonly signatures: SignatureScheme };

/** Null when every heartbeat the block carries is valid, else the fault. */
export type CheckBlockHeartbeatsFn = (
  block: Pick<Block, "heartbeats">,
  ctx: BlockHeartbeatCheckContext,
) => FaultReason | null;

/** The inputs computeReward takes (masternodes/rewards.ts): chain data only. */
export type RewardComputationInputs = RewardInputs;

/**
 * The reward's outputs, in order. When no valid reward exists it throws a NodeCoreError with one of
 * REWARD_FAILURE_CODES (as masternodes/rewards computeReward does); anything else it throws is a fault.
 */
export type ComputeRewardFn = (inputs: RewardComputationInputs) => { readonly outputs: readonly TxOutput[] };

/** The codes computeReward documents for "no valid reward exists" (masternodes/rewards.ts). */
export const REWARD_FAILURE_CODES = [
  "REWARD_UNKNOWN_PROPOSER",
  "REWARD_TOO_MANY_OUTPUTS",
  "REWARD_BAD_INPUT",
] as const satisfies readonly MasternodeErrorCode[];

/** What the service needs from the mempool (the real Mempool fits). */
export type ChainMempool = Pick<Mempool, "finalizedSpends" | "removeForBlock" | "returnTransactions">;

export interface ChainServiceModules {
  readonly backend: ChainBackend;
  readonly mempool: ChainMempool;
  readonly signatures: SignatureScheme;
  readonly vrf: VrfScheme;
  readonly verifyCertificate: VerifyCertificateFn;
  readonly verifyProposerProof: VerifyProposerProofFn;
  readonly checkBlockHeartbeats: CheckBlockHeartbeatsFn;
  readonly computeReward: ComputeRewardFn;
  /** The local clock: a block stamped more than MAX_BLOCK_FUTURE_MS ahead of it is refused. */
  readonly clock: Clock;
  /** Where the service reports what it cannot throw (a listener that threw). */
  readonly logger: Logger;
}
