// Chain service options (what the network fixes) and modules (what the composition root injects). The
// consensus checkers are injected as plain functions typed here by the minimum the service needs, so the
// node wires the real ones (consensus/tsdc/certificate, consensus/tsdc/proposer, masternodes/block-
// heartbeats, masternodes/rewards) and nothing here depends on how they are built.
import type { SignatureScheme, VrfScheme } from "../consensus/schemes.js";
import type { VotingSet } from "../consensus/voting-set.js";
import type { ChainBackend } from "../db/index.js";
import type { BlockHeartbeatContext } from "../masternodes/block-heartbeats.js";
import type { RewardInputs } from "../masternodes/rewards.js";
import type { Mempool } from "../mempool/mempool.js";
import type { NetworkParams } from "../params/network.js";
import type { AddressPayload, Block, BlockHeader, Certificate, Hash32, TxOutput } from "../types/chain.js";
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

/** The reward's outputs, in order; may throw an error with a `code` when no valid reward exists. */
export type ComputeRewardFn = (inputs: RewardComputationInputs) => { readonly outputs: readonly TxOutput[] };

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
}
