// Whether this node may prepare a proposed block (TSDC's validateBlock): the kernel's rules and every
// signature against the parent state read from the chain store (only the outpoints and masternodes the
// block touches, so no in-memory copy of the UTXO set is needed), the heartbeats and the exact reward from
// chain data, and no transaction conflicting with one this node finalized. TSDC itself checks the
// proposer's draw, the timestamp and the previous certificate.
import type { SignatureScheme } from "../consensus/index.js";
import type { ChainTip, ChainView, SignatureVerifier } from "../db/index.js";
import {
  blockPrefetch,
  checkBlock,
  KernelError,
  MapStateView,
  transactionConflictKeys,
} from "../kernel/index.js";
import { checkBlockReward, loadRewardWindow, type RegistrySnapshot } from "../masternodes/index.js";
import type { NetworkParams } from "../params/index.js";
import type { AddressPayload, Block, Hash32, Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";

export interface CandidateContext {
  readonly params: NetworkParams;
  readonly chain: ChainView;
  readonly tip: ChainTip;
  readonly registry: RegistrySnapshot;
  readonly treasuryAddress: AddressPayload;
  readonly signatures: SignatureScheme;
  readonly verifier: SignatureVerifier;
  /** Conflict key -> txid hex this node finalized (mempool.finalizedSpends()). */
  readonly finalizedSpends: ReadonlyMap<string, string>;
}

/** The parent state the kernel needs for `block`: its outpoints' UTXOs and every registered masternode. */
async function parentView(block: Block, ctx: CandidateContext): Promise<MapStateView> {
  const view = new MapStateView();
  for (const record of ctx.registry.records) view.setMasternode(record);
  const { utxos } = blockPrefetch(block);
  const entries = await ctx.chain.getUtxos(utxos);
  utxos.forEach((outpoint, i) => {
    const entry = entries[i];
    if (entry) view.setUtxo(outpoint, entry);
  });
  return view;
}

/** Null when this node may prepare the block, else the reason (see the header). */
export async function checkCandidate(block: Block, ctx: CandidateContext): Promise<string | null> {
  const view = await parentView(block, ctx);
  let effects: ReturnType<typeof checkBlock>;
  try {
    effects = checkBlock(block, view, { params: ctx.params, parent: ctx.tip });
  } catch (error) {
    if (error instanceof KernelError) return `kernel: ${error.code}`;
    throw error;
  }
  const results = await ctx.verifier(effects.signatureChecks);
  if (results.some((ok) => ok !== true)) return "bad signature";
  const { error } = checkBlockReward(block, {
    params: ctx.params,
    parentRegistry: ctx.registry,
    fees: effects.fees,
    treasuryAddress: ctx.treasuryAddress,
    signatures: ctx.signatures,
    window: await loadRewardWindow(ctx.chain, block.header.height),
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
