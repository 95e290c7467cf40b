// The block a proposer puts forward for TSDC's buildBlock: the reward transaction computed from chain data
// (the parent registry, the parent's certificate, the carried heartbeats, the reward window's ancestors, the
// selection's fees), then the
// final transactions the mempool selected, sorted by txid. The kernel's one block assembler computes the
// commitments. Import judges the same reward with the same rule (masternodes/rewards), so the builder and
// the importer cannot disagree on what a block must pay.

import { transactionId } from "../codec/index.js";
import type { BuildBlockParams } from "../consensus/tsdc/index.js";
import { assembleBlock } from "../kernel/index.js";
import {
  computeReward,
  type RegistrySnapshot,
  type RewardWindowBlock,
  rewardTransaction,
} from "../masternodes/index.js";
import type { NetworkParams } from "../params/index.js";
import type { AddressPayload, Block, Certificate, Hash32, Heartbeat, Transaction } from "../types/index.js";

export interface Selection {
  /** Sorted by txid. */
  readonly transactions: readonly Transaction[];
  readonly txids: readonly Hash32[];
  readonly fees: bigint;
}

export const EMPTY_SELECTION: Selection = Object.freeze({ transactions: [], txids: [], fees: 0n });

export interface ProposalInputs {
  readonly params: NetworkParams;
  /** The registry at the parent state (the tip). */
  readonly registry: RegistrySnapshot;
  /** The tip's certificate (null when the tip is genesis). */
  readonly previousCertificate: Certificate | null;
  readonly selection: Selection;
  readonly heartbeats: readonly Heartbeat[];
  /** The block's ancestors inside its reward eligibility window (loadRewardWindow on the chain store). */
  readonly window: readonly RewardWindowBlock[];
  readonly treasuryAddress: AddressPayload;
  readonly header: BuildBlockParams;
}

/** A complete block with exactly the header fields TSDC gave. */
export function assembleProposal(inputs: ProposalInputs): Block {
  const { header, selection } = inputs;
  const reward = computeReward({
    height: header.height,
    parentRecords: inputs.registry.records,
    previousCertificate: inputs.previousCertificate,
    heartbeats: inputs.heartbeats,
    window: inputs.window,
    proposerPublicKey: header.proposerPublicKey,
    fees: selection.fees,
    treasuryAddress: inputs.treasuryAddress,
  });
  const rewardTx = rewardTransaction(header.height, reward.outputs);
  return assembleBlock({
    chainId: inputs.params.chainId,
    height: header.height,
    previousHash: header.previousHash,
    timestamp: header.timestamp,
    round: header.round,
    proposerPublicKey: header.proposerPublicKey,
    vrfProof: header.vrfProof,
    transactions: [rewardTx, ...selection.transactions],
    txids: [transactionId(rewardTx), ...selection.txids],
    heartbeats: inputs.heartbeats,
    previousCertificate: inputs.previousCertificate,
  });
}
