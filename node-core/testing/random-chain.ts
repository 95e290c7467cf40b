// Deterministic random VALID chains (no test-runner imports): from a label and a seed, wallet keys, a
// devnet-style genesis funding them, and random child blocks carrying real precommit certificates from a
// fixed set of validator keys. TestChain keeps the reference state (a MapStateView driven by the kernel's
// checkBlock/applyEffects and revertUndo), so every block it builds has been accepted by the kernel.

import { blockHash } from "../codec/index.js";
import { SeededRng } from "../consensus/index.js";
import type { BlockEffects } from "../kernel/effects.js";
import { applyEffects, checkBlock, revertUndo } from "../kernel/index.js";
import { summarizeUtxos, type UtxoSetSummary } from "../kernel/utxo-set-summary.js";
import { MapStateView } from "../kernel/view.js";
import { DEVNET, type NetworkParams } from "../params/network.js";
import { compareBytes } from "../types/bytes.js";
import type { CertifiedBlock, Hash32 } from "../types/chain.js";
import type { MasternodeRecord, UndoRecord, Utxo } from "../types/state.js";
import { buildGenesis, type GenesisOptions } from "./blocks.js";
import { deriveTestKeys, type TestKey, TestWallet } from "./keys.js";
import { buildChild, type ChildOptions } from "./random-block.js";
import type { OwnedUtxo } from "./spend.js";

export interface TestChainOptions {
  readonly params?: NetworkParams;
  /** Wallet keys funded by genesis (default 8). Keys are derived from `label`. */
  readonly keyCount?: number;
  /** Validators signing certificates (default 3). */
  readonly validatorCount?: number;
  readonly label?: string;
  readonly seed?: number;
  readonly genesis?: GenesisOptions;
  readonly child?: ChildOptions;
}

/**
 * A chain under construction plus its reference state. `extend()` builds a random valid child of the tip,
 * checks it with the kernel and applies its effects; `disconnect()` reverts the tip with its undo record.
 */
export class TestChain {
  readonly params: NetworkParams;
  readonly wallet: TestWallet;
  readonly validators: readonly TestKey[];
  readonly state = new MapStateView();
  /** The active chain, genesis first. */
  readonly blocks: CertifiedBlock[] = [];
  private readonly undos: UndoRecord[] = [];
  private rng: SeededRng;

  constructor(private readonly opts: TestChainOptions = {}) {
    this.params = opts.params ?? DEVNET;
    const label = opts.label ?? "default";
    this.wallet = new TestWallet(deriveTestKeys(label, opts.keyCount ?? 8));
    this.validators = deriveTestKeys(`${label}/validators`, opts.validatorCount ?? 3);
    this.rng = new SeededRng(opts.seed ?? 1);
    this.apply(buildGenesis(this.params, this.wallet, opts.genesis));
  }

  get tip(): CertifiedBlock {
    return this.blocks[this.blocks.length - 1] as CertifiedBlock;
  }

  get height(): bigint {
    return this.tip.block.header.height;
  }

  /** Restarts the random stream (the chain itself is unchanged). */
  reseed(seed: number): void {
    this.rng = new SeededRng(seed);
  }

  /** Builds, checks and applies a random child of the tip. */
  extend(): CertifiedBlock {
    const child = buildChild(
      this.params,
      this.tip,
      this.state,
      this.wallet,
      this.validators,
      this.rng,
      this.opts.child,
    );
    this.apply(child);
    return child;
  }

  /** Checks `certified` with the kernel on top of the tip and applies it; returns the effects. */
  apply(certified: CertifiedBlock): BlockEffects {
    const parent =
      this.blocks.length === 0 ? null : { hash: blockHash(this.tip.block.header), height: this.height };
    const effects = checkBlock(certified.block, this.state, { params: this.params, parent });
    applyEffects(this.state, effects);
    this.blocks.push(certified);
    this.undos.push(effects.undo);
    return effects;
  }

  /** Reverts the tip (never genesis) and returns it. */
  disconnect(): CertifiedBlock {
    if (this.blocks.length <= 1) throw new RangeError("cannot disconnect genesis");
    revertUndo(this.state, this.undos.pop() as UndoRecord);
    return this.blocks.pop() as CertifiedBlock;
  }

  /** Wallet-owned UTXOs that are not locked collateral, in state order. */
  spendable(): OwnedUtxo[] {
    const out: OwnedUtxo[] = [];
    for (const utxo of this.state.utxos.values()) {
      const key = this.wallet.owner(utxo.entry.address);
      if (key && !this.state.getMasternode(utxo.outpoint)) out.push({ ...utxo, key });
    }
    return out;
  }

  summary(): Promise<UtxoSetSummary> {
    return summarizeUtxos(this.state.utxos.values());
  }

  /** The registered masternodes in storage order (by collateral txid, then index). */
  masternodes(): MasternodeRecord[] {
    return [...this.state.masternodes.values()].sort(
      (a, b) => compareBytes(a.collateral.txid, b.collateral.txid) || a.collateral.index - b.collateral.index,
    );
  }

  hashAt(height: number): Hash32 {
    return blockHash((this.blocks[height] as CertifiedBlock).block.header);
  }

  /** Every UTXO of the reference state (for direct comparisons). */
  utxos(): Utxo[] {
    return [...this.state.utxos.values()];
  }
}
