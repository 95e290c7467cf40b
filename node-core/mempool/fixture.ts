// Test fixture for the mempool and chain tests (never imported by product code): a funded TestChain loaded
// into a MemoryChainBackend, a wallet that signs spends of any output it owns, and a block builder that
// turns a mempool selection into a certified block the real kernel accepts.

import { MemoryChainBackend } from "../db/memory-backend.js";
import { BLOCK_REWARD, TX_VERSION } from "../params/consensus.js";
import type { NetworkParams } from "../params/network.js";
import {
  assembleTestBlock,
  buildRegistration,
  buildSpend,
  type OwnedUtxo,
  ownedOutputs,
  SeededRng,
  TestChain,
  type TestChainOptions,
  type TestKey,
} from "../testing/index.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";

export class WalletFixture {
  readonly chain: TestChain;
  readonly params: NetworkParams;
  readonly rng: SeededRng;

  constructor(opts: TestChainOptions = {}) {
    this.chain = new TestChain({
      label: "mempool-fixture",
      keyCount: 6,
      validatorCount: 1,
      genesis: { outputsPerKey: 6 },
      child: { maxTransactions: 0, masternodeOpChance: 0 },
      ...opts,
    });
    this.params = this.chain.params;
    this.rng = new SeededRng(opts.seed ?? 17);
  }

  /** A MemoryChainBackend holding the fixture chain's blocks. */
  async backend(): Promise<MemoryChainBackend> {
    const backend = new MemoryChainBackend({ params: this.params });
    for (const block of this.chain.blocks) await backend.connectBlock(block);
    return backend;
  }

  /** Spendable genesis-funded outputs (not collateral), in state order. */
  coins(): OwnedUtxo[] {
    return this.chain.spendable();
  }

  /** A signed spend of `inputs` into `outputs` outputs, paying the minimum fee plus `extraFee`. */
  spend(inputs: readonly OwnedUtxo[], opts: { outputs?: number; extraFee?: bigint } = {}): Transaction {
    const tx = this.trySpend(inputs, opts);
    if (!tx) throw new Error("inputs cannot pay for this spend");
    return tx;
  }

  /** Like spend, but null when the inputs cannot pay the fee and a dust-free output. */
  trySpend(
    inputs: readonly OwnedUtxo[],
    opts: { outputs?: number; extraFee?: bigint } = {},
  ): Transaction | null {
    return buildSpend(
      this.params.chainId,
      inputs,
      this.chain.wallet.keys.map((k) => k.address),
      this.rng,
      { outputCount: opts.outputs ?? 2, extraFee: opts.extraFee ?? 0n },
    );
  }

  /** A masternode registration locking `collateral` under `operator`, paid for by `feeInput`. */
  register(feeInput: OwnedUtxo, collateral: OwnedUtxo, operator: TestKey): Transaction {
    const tx = buildRegistration(
      this.params.chainId,
      feeInput,
      collateral,
      operator,
      "10.0.0.1:24200",
      this.rng,
    );
    if (!tx) throw new Error("fee input too small");
    return tx;
  }

  /** The outputs of `tx` the wallet owns, as spendable coins (created at `height`). */
  outputsOf(tx: Transaction, height: bigint): OwnedUtxo[] {
    return ownedOutputs(tx, this.chain.wallet, height);
  }

  /** A certified child of `parent` holding the reward (subsidy plus `fees`) and `txs`. */
  block(parent: CertifiedBlock, txs: readonly Transaction[], fees: bigint): CertifiedBlock {
    const height = parent.block.header.height + 1n;
    const reward: Transaction = {
      version: TX_VERSION,
      inputs: [],
      outputs: [
        { amount: BLOCK_REWARD + fees, address: (this.chain.wallet.keys[0] as OwnedUtxo["key"]).address },
      ],
      lockTime: height,
      special: null,
    };
    return assembleTestBlock(this.params, parent, reward, txs, this.chain.validators);
  }
}
