// Chain service options (what the network fixes) and modules (what the composition root injects). The
// consensus checkers are injected as plain functions typed here by the minimum the service needs, so the
// node wires the real ones (consensus/tsdc/certificate, consensus/tsdc/proposer, masternodes/block-
// heartbeats, masternodes/rewards) and nothing here depends on how they are built.
import type { SignatureScheme, VrfScheme } from "../consensus/schemes.js";
import type { VotingSet } from "../masternodes/voting-set.js";
import type { Mempool } from "../mempool/mempool.js";
import type { NetworkParams } from "../params/network.js";
import type {
  AddressPayload,
  Block,
  BlockHeader,
  Certificate,
  Hash32,
  Heartbeat,
  PublicKey,
  TxOutput,
} from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import type { ChainBackend } from "./backend.js";
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

export interface BlockHeartbeatCheckContext {
  readonly params: NetworkParams;
  readonly parentHeight: bigint;
  /** Masternodes registered at the parent state, by operator id (hex of the operator key). */
  readonly registeredOperators: ReadonlyMap<string, MasternodeRecord>;
  readonly signatures: SignatureScheme;
}

/** Null when every heartbeat the block carries is valid, else the fault. */
export type CheckBlockHeartbeatsFn = (
  block: Pick<Block, "heartbeats">,
  ctx: BlockHeartbeatCheckContext,
) => FaultReason | null;

export interface RewardComputationInputs {
  readonly height: bigint;
  /** Masternodes registered at the parent state. */
  readonly parentRecords: Iterable<MasternodeRecord>;
  /** The block's previous certificate, already verified as the parent's. */
  readonly previousCertificate: Certificate | null;
  /** The block's heartbeats, already checked. */
  readonly heartbeats: readonly Heartbeat[];
  readonly proposerPublicKey: PublicKey;
  /** Fees of the block's other transactions, as the kernel computes them. */
  readonly fees: bigint;
  readonly treasuryAddress: AddressPayload;
}

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
