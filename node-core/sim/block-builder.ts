// The proposer side of a simulated node: the block TSDC's buildBlock asks for (reward transaction computed
// from chain data, then the final transactions the mempool selected, sorted by txid; the heartbeats the
// proposer carries; the parent's certificate) and the synchronous check TSDC's validateBlock runs on a
// proposal before preparing it. Both compose the real rules (kernel checkBlock, masternodes reward and
// heartbeat checks, mempool conflict keys) over a node's view of its tip state. The real node needs the
// same two functions; they live here until the node's composition root exists.

import { blockExtrasHash, merkleRoot, transactionId } from "../codec/index.js";
import type { SignatureScheme } from "../consensus/schemes.js";
import type { BuildBlockParams } from "../consensus/tsdc/index.js";
import { checkBlock, KernelError, type MapStateView, transactionConflictKeys } from "../kernel/index.js";
import {
  checkBlockReward,
  computeReward,
  type RegistrySnapshot,
  rewardTransaction,
} from "../masternodes/index.js";
import { BLOCK_VERSION } from "../params/consensus.js";
import type { NetworkParams } from "../params/network.js";
import { toHex } from "../types/bytes.js";
import type { AddressPayload, Block, Certificate, Hash32, Heartbeat, Transaction } from "../types/chain.js";

export interface Selection {
  /** Sorted by txid. */
  readonly transactions: readonly Transaction[];
  readonly txids: readonly Hash32[];
  readonly fees: bigint;
}

export const EMPTY_SELECTION: Selection = Object.freeze({ transactions: [], txids: [], fees: 0n });

export interface AssembleInputs {
  readonly params: NetworkParams;
  /** The registry at the parent state (the tip). */
  readonly registry: RegistrySnapshot;
  /** The tip's certificate (null when the tip is genesis). */
  readonly previousCertificate: Certificate | null;
  readonly selection: Selection;
  readonly heartbeats: readonly Heartbeat[];
  readonly treasuryAddress: AddressPayload;
  readonly header: BuildBlockParams;
}

/** A complete block with exactly the header fields TSDC gave (see the header comment). */
export function assembleProposal(inputs: AssembleInputs): Block {
  const { header, selection } = inputs;
  const reward = computeReward({
    height: header.height,
    parentRecords: inputs.registry.records,
    previousCertificate: inputs.previousCertificate,
    heartbeats: inputs.heartbeats,
    proposerPublicKey: header.proposerPublicKey,
    fees: selection.fees,
    treasuryAddress: inputs.treasuryAddress,
  });
  const rewardTx = rewardTransaction(header.height, reward.outputs);
  const txids = [transactionId(rewardTx), ...selection.txids];
  return {
    header: {
      version: BLOCK_VERSION,
      chainId: inputs.params.chainId,
      height: header.height,
      previousHash: header.previousHash,
      merkleRoot: merkleRoot(txids),
      extrasHash: blockExtrasHash(inputs.heartbeats, inputs.previousCertificate),
      timestamp: header.timestamp,
      round: header.round,
      proposerPublicKey: header.proposerPublicKey,
      vrfProof: header.vrfProof,
    },
    transactions: [rewardTx, ...selection.transactions],
    heartbeats: inputs.heartbeats,
    previousCertificate: inputs.previousCertificate,
  };
}

export interface CandidateContext {
  readonly params: NetworkParams;
  /** The node's state after its tip (the proposal's parent state). */
  readonly view: MapStateView;
  readonly tip: { readonly hash: Hash32; readonly height: bigint };
  readonly registry: RegistrySnapshot;
  readonly treasuryAddress: AddressPayload;
  readonly signatures: SignatureScheme;
  /** Conflict key -> txid hex this node finalized (mempool.finalizedSpends()). */
  readonly finalizedSpends: ReadonlyMap<string, string>;
}

/**
 * Null when this node may prepare the block: kernel rules and every signature against its tip state, the
 * heartbeats and the exact reward from chain data, and no transaction conflicting with one it finalized.
 * (TSDC itself checks the proposer's draw, the timestamp and the previous certificate.)
 */
export function checkCandidate(block: Block, ctx: CandidateContext): string | null {
  let effects: ReturnType<typeof checkBlock>;
  try {
    effects = checkBlock(block, ctx.view, { params: ctx.params, parent: ctx.tip });
  } catch (error) {
    if (error instanceof KernelError) return `kernel: ${error.code}`;
    throw error;
  }
  for (const check of effects.signatureChecks) {
    if (!ctx.signatures.verify(check.publicKey, check.message, check.signature)) return "bad signature";
  }
  const { error } = checkBlockReward(block, {
    params: ctx.params,
    parentRegistry: ctx.registry,
    fees: effects.fees,
    treasuryAddress: ctx.treasuryAddress,
    signatures: ctx.signatures,
  });
  if (error) return `reward: ${error.code}`;
  if (ctx.finalizedSpends.size > 0) {
    for (let i = 1; i < block.transactions.length; i++) {
      const id = toHex(effects.txids[i] as Hash32);
      for (const key of transactionConflictKeys(block.transactions[i] as Transaction)) {
        const holder = ctx.finalizedSpends.get(key);
        if (holder !== undefined && holder !== id) return `conflicts with finalized transaction ${holder}`;
      }
    }
  }
  return null;
}
