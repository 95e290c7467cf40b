// Test fixture for the chain service (never imported by product code): a genesis registering masternodes
// whose operator keys the test holds (two Silver, two Bronze validators and one Free node), funded wallet
// keys, the real consensus checkers wired as modules, and a builder of blocks that pass them: a real ECVRF
// proof from the chosen proposer, the parent's certificate carried, signed heartbeats, the reward computed
// by the real rules, precommits from the chosen signers. Every part can be overridden to build a bad block.

import { blockHash, transactionId, vrfInputMessage } from "../codec/index.js";
import type { Clock } from "../consensus/runtime.js";
import { ecvrfScheme, ed25519Scheme } from "../consensus/schemes.js";
import { verifyCertificate } from "../consensus/tsdc/certificate.js";
import { verifyProposerProof } from "../consensus/tsdc/proposer.js";
import type { ChainBackend } from "../db/index.js";
import { assembleBlock } from "../kernel/index.js";
import { checkBlockHeartbeats } from "../masternodes/block-heartbeats.js";
import { signHeartbeat } from "../masternodes/heartbeat.js";
import { loadRewardWindow } from "../masternodes/reward-window.js";
import { computeReward } from "../masternodes/rewards.js";
import { TX_VERSION } from "../params/consensus.js";
import { DEVNET, type NetworkParams } from "../params/network.js";
import {
  buildRegistration,
  certify,
  deriveTestKeys,
  type OwnedUtxo,
  ownedOutputs,
  SeededRng,
  signTransaction,
  type TestKey,
  TestWallet,
} from "../testing/index.js";
import { SAT_PER_TIME } from "../types/amount.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { Block, Certificate, CertifiedBlock, Heartbeat, Transaction, TxOutput } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import { type Logger, silentLogger } from "../util/index.js";
import type { ChainMempool, ChainServiceModules, ChainServiceOptions } from "./options.js";

export interface BlockPlan {
  /** Non-reward transactions (sorted by txid here). */
  readonly txs?: readonly Transaction[];
  /** Index into `validators` of the proposer (default 0), or any key. */
  readonly proposer?: number | TestKey;
  readonly round?: number;
  /** Validators whose heartbeats the block carries (indexes into `operators`). */
  readonly heartbeatsFrom?: readonly number[];
  /** Precommit signers (default: every validator). */
  readonly signers?: readonly TestKey[];
  /** Replaces the carried previous certificate. */
  readonly previousCertificate?: Certificate | null;
  /** Edits the computed reward outputs (to build a wrong reward). */
  readonly editReward?: (outputs: readonly TxOutput[]) => TxOutput[];
  /** Replaces the VRF proof. */
  readonly vrfProof?: Uint8Array;
  /** Edits the heartbeats after signing. */
  readonly editHeartbeats?: (heartbeats: Heartbeat[]) => Heartbeat[];
  /** Replaces the header timestamp (default: the parent's plus one block interval). */
  readonly timestamp?: bigint;
}

const TIERS = [10_000n, 10_000n, 1_000n, 1_000n, 10n] as const;

export class ChainFixture {
  readonly params: NetworkParams = DEVNET;
  /** Operator keys: the first four are validators (Silver, Silver, Bronze, Bronze), the fifth a Free node. */
  readonly operators: readonly TestKey[];
  readonly validators: readonly TestKey[];
  readonly collateralKeys: readonly TestKey[];
  readonly wallet: TestWallet;
  readonly treasury: TestKey;
  readonly genesis: CertifiedBlock;
  private heartbeatSequence = 1n;
  /** The latest timestamp buildBlock stamped: a node receives a block once its slot has started. */
  private latestBuiltMs = 0;
  /** The local clock modules() injects by default: at the slot of the latest block built. */
  readonly clock: Clock = { now: () => this.latestBuiltMs };

  constructor(label = "chain-service") {
    this.operators = deriveTestKeys(`${label}/operators`, TIERS.length);
    this.validators = this.operators.slice(0, 4);
    this.collateralKeys = deriveTestKeys(`${label}/collateral`, TIERS.length);
    this.wallet = new TestWallet(deriveTestKeys(`${label}/wallet`, 4));
    this.treasury = deriveTestKeys(`${label}/treasury`, 1)[0] as TestKey;
    this.genesis = { block: this.buildGenesis(), certificate: null };
    this.latestBuiltMs = Number(this.genesis.block.header.timestamp);
  }

  get options(): ChainServiceOptions {
    return { params: this.params, genesis: this.genesis.block, treasuryAddress: this.treasury.address };
  }

  /** The real checkers and schemes. */
  modules(
    backend: ChainBackend,
    mempool: ChainMempool,
    logger: Logger = silentLogger,
    clock: Clock = this.clock,
  ): ChainServiceModules {
    return {
      logger,
      clock,
      backend,
      mempool,
      signatures: ed25519Scheme,
      vrf: ecvrfScheme,
      verifyCertificate,
      verifyProposerProof,
      checkBlockHeartbeats,
      computeReward,
    };
  }

  /** Wallet coins created by genesis (output index order). */
  genesisCoins(): OwnedUtxo[] {
    return ownedOutputs(this.genesis.block.transactions[0] as Transaction, this.wallet, 0n);
  }

  /** A registration of `operator` locking `collateral`, paid for by `feeInput`. */
  register(feeInput: OwnedUtxo, collateral: OwnedUtxo, operator: TestKey): Transaction {
    const network = `10.1.0.1:${this.params.p2pPort}`;
    const tx = buildRegistration(
      this.params.chainId,
      feeInput,
      collateral,
      operator,
      network,
      new SeededRng(1),
    );
    if (!tx) throw new Error("fee input too small");
    return tx;
  }

  /** The wallet-owned outputs of `tx`, as coins created at `height`. */
  coinsOf(tx: Transaction, height: bigint): OwnedUtxo[] {
    return ownedOutputs(tx, this.wallet, height);
  }

  private buildGenesis(): Block {
    const outputs: TxOutput[] = [{ amount: 1_000n * SAT_PER_TIME, address: this.treasury.address }];
    for (const key of this.wallet.keys) {
      for (let i = 0; i < 4; i++) outputs.push({ amount: 5_000n * SAT_PER_TIME, address: key.address });
    }
    // Enough for Gold collateral, so a test can grow the voting set.
    outputs.push({ amount: 150_000n * SAT_PER_TIME, address: (this.wallet.keys[0] as TestKey).address });
    const collateralStart = outputs.length;
    TIERS.forEach((amount, i) => {
      outputs.push({ amount: amount * SAT_PER_TIME, address: (this.collateralKeys[i] as TestKey).address });
    });
    const allocation: Transaction = { version: TX_VERSION, inputs: [], outputs, lockTime: 0n, special: null };
    const allocationTxid = transactionId(allocation);
    const registrations = this.operators.map((operator, i) => {
      const collateralKey = this.collateralKeys[i] as TestKey;
      const unsigned: Transaction = {
        version: TX_VERSION,
        inputs: [],
        outputs: [],
        lockTime: 0n,
        special: {
          kind: "masternodeRegistration",
          collateral: { txid: allocationTxid, index: collateralStart + i },
          collateralPublicKey: collateralKey.publicKey,
          operatorPublicKey: operator.publicKey,
          payoutAddress: operator.address,
          networkAddress: `10.0.0.${i + 1}:${this.params.p2pPort}`,
          collateralSignature: new Uint8Array(64),
          operatorSignature: new Uint8Array(64),
        },
      };
      return signTransaction(this.params.chainId, unsigned, [], { collateral: collateralKey, operator });
    });
    const rest = registrations
      .map((tx) => ({ tx, id: transactionId(tx) }))
      .sort((a, b) => compareBytes(a.id, b.id));
    const transactions = [allocation, ...rest.map((r) => r.tx)];
    return assembleBlock({
      chainId: this.params.chainId,
      height: 0n,
      previousHash: new Uint8Array(32),
      timestamp: 1_767_225_600_000n,
      round: 0,
      proposerPublicKey: new Uint8Array(32),
      vrfProof: new Uint8Array(80),
      transactions,
      heartbeats: [],
      previousCertificate: null,
    });
  }

  /** A heartbeat signed by operator `index` at `height`. */
  heartbeat(index: number, height: bigint): Heartbeat {
    const operator = this.operators[index] as TestKey;
    const sequence = this.heartbeatSequence;
    this.heartbeatSequence += 1n;
    return signHeartbeat(ed25519Scheme, this.params.chainId, operator.seed, {
      operatorPublicKey: operator.publicKey,
      height,
      timestamp: 1_767_225_600_000n + height * 1_000n,
      sequence,
    });
  }

  /** Fees of `txs` against the backend's UTXO set (inputs may spend outputs of earlier entries). */
  async fees(backend: ChainBackend, txs: readonly Transaction[]): Promise<bigint> {
    const created = new Map<string, bigint>();
    for (const tx of txs) {
      const id = transactionId(tx);
      tx.outputs.forEach((o, index) => {
        created.set(`${toHex(id)}:${index}`, o.amount);
      });
    }
    let fees = 0n;
    for (const tx of txs) {
      const found = await backend.getUtxos(tx.inputs.map((i) => i.prevout));
      tx.inputs.forEach((input, i) => {
        fees += found[i]?.amount ?? created.get(`${toHex(input.prevout.txid)}:${input.prevout.index}`) ?? 0n;
      });
      for (const o of tx.outputs) fees -= o.amount;
    }
    return fees;
  }

  /** A certified child of the backend's tip that passes every check unless the plan says otherwise. */
  async buildBlock(backend: ChainBackend, plan: BlockPlan = {}): Promise<CertifiedBlock> {
    const tip = backend.getTip();
    if (!tip) throw new Error("the backend has no chain");
    const parent = (await backend.getBlockByHeight(tip.height)) as CertifiedBlock;
    const records: MasternodeRecord[] = await backend.listMasternodes();
    const height = tip.height + 1n;
    const round = plan.round ?? 0;
    const proposer =
      typeof plan.proposer === "object" ? plan.proposer : (this.validators[plan.proposer ?? 0] as TestKey);
    const txs = [...(plan.txs ?? [])]
      .map((tx) => ({ tx, id: transactionId(tx) }))
      .sort((a, b) => compareBytes(a.id, b.id));
    let heartbeats = (plan.heartbeatsFrom ?? [])
      .map((i) => this.heartbeat(i, tip.height))
      .sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
    if (plan.editHeartbeats) heartbeats = plan.editHeartbeats(heartbeats);
    const previousCertificate =
      plan.previousCertificate === undefined ? parent.certificate : plan.previousCertificate;
    const fees = await this.fees(
      backend,
      txs.map((t) => t.tx),
    );
    let outputs: TxOutput[] = [
      ...computeReward({
        height,
        parentRecords: records,
        previousCertificate,
        heartbeats,
        window: await loadRewardWindow(backend, height),
        proposerPublicKey: proposer.publicKey,
        fees,
        treasuryAddress: this.treasury.address,
      }).outputs,
    ];
    if (plan.editReward) outputs = plan.editReward(outputs);
    const reward: Transaction = { version: TX_VERSION, inputs: [], outputs, lockTime: height, special: null };
    const timestamp = plan.timestamp ?? parent.block.header.timestamp + BigInt(this.params.blockIntervalMs);
    // Only a plausible stamp moves the clock (a test's bogus one must stay ahead of it or behind it).
    if (plan.timestamp === undefined) this.latestBuiltMs = Math.max(this.latestBuiltMs, Number(timestamp));
    const block = assembleBlock({
      chainId: this.params.chainId,
      height,
      previousHash: tip.hash,
      timestamp,
      round,
      proposerPublicKey: proposer.publicKey,
      vrfProof:
        plan.vrfProof ??
        ecvrfScheme.prove(proposer.seed, vrfInputMessage(this.params.chainId, height, tip.hash, round)),
      transactions: [reward, ...txs.map((t) => t.tx)],
      txids: [transactionId(reward), ...txs.map((t) => t.id)],
      heartbeats,
      previousCertificate,
    });
    return certify(this.params.chainId, block, plan.signers ?? this.validators);
  }

  /** The hash of a certified block's header. */
  hashOf(certified: CertifiedBlock): Uint8Array {
    return blockHash(certified.block.header);
  }
}
