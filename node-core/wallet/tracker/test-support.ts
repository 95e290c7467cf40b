// Tests only: a real chain paying an HdAccount. TestChain (funded test keys, real certificates) builds
// each block and keeps the kernel's reference state; the same block is connected to a real backend (the
// in-memory twin or a LevelDB ChainStore), whose ChainView the tracker reads. Payments to the account and
// spends of its coins are signed with the real keys (the account's own signing keys for its coins).
import { transactionId, transactionSize } from "../../codec/index.js";
import type { ChainBackend } from "../../db/index.js";
import { entropyToMnemonic } from "../../keys/index.js";
import { BLOCK_REWARD, DEVNET, minimumFee, TX_VERSION } from "../../params/index.js";
import {
  assembleTestBlock,
  type BackendKind,
  type OwnedUtxo,
  registrationPayload,
  signTransaction,
  TestBackends,
  TestChain,
  type TestKey,
  testKeyFromSeed,
} from "../../testing/index.js";
import type {
  AddressPayload,
  CertifiedBlock,
  SpecialPayload,
  Transaction,
  TxOutput,
} from "../../types/index.js";
import { SAT_PER_TIME } from "../../types/index.js";
import type { HdAccount } from "../accounts/index.js";
import type { WalletCoin } from "./types.js";

const ZERO_SIGNATURE = new Uint8Array(64);

/** A fixed 24-word mnemonic (entropy 0x01…0x20): never a real wallet's. */
export const TEST_MNEMONIC = entropyToMnemonic(Uint8Array.from({ length: 32 }, (_, i) => i + 1));

export const TIME = SAT_PER_TIME;

export class WalletChain {
  readonly chain: TestChain;
  private funderCursor = 0;

  private constructor(
    readonly backend: ChainBackend,
    private readonly backends: TestBackends,
    label: string,
  ) {
    this.chain = new TestChain({ label, keyCount: 4, genesis: { outputsPerKey: 40 } });
  }

  static async open(kind: BackendKind, label = "wallet-tracker"): Promise<WalletChain> {
    const backends = new TestBackends(DEVNET, label);
    const backend = await backends.open(kind);
    const fixture = new WalletChain(backend, backends, label);
    await backend.connectBlock(fixture.chain.blocks[0] as CertifiedBlock);
    return fixture;
  }

  get params(): TestChain["params"] {
    return this.chain.params;
  }

  get height(): bigint {
    return this.chain.height;
  }

  async close(): Promise<void> {
    await this.backends.closeAll();
  }

  /** A payment from a funder coin to `outputs` (change back to the funder), signed. */
  pay(outputs: readonly TxOutput[]): Transaction {
    const spendable = this.chain.spendable();
    const input = spendable[this.funderCursor++ % spendable.length] as OwnedUtxo;
    return this.build([input], outputs, input.key.address, null);
  }

  /** Pays `amount` to each payload in one transaction. */
  payTo(payloads: readonly AddressPayload[], amount: bigint): Transaction {
    return this.pay(payloads.map((address) => ({ amount, address })));
  }

  /** Spends account coins to `outputs`, change to `changeTo`, signed with the account's keys. */
  spend(
    account: HdAccount,
    coins: readonly WalletCoin[],
    outputs: readonly TxOutput[],
    changeTo: AddressPayload,
    special: SpecialPayload | null = null,
    specialKeys: { collateral?: TestKey; operator?: TestKey } = {},
  ): Transaction {
    const inputs: OwnedUtxo[] = coins.map((coin) => ({
      outpoint: coin.outpoint,
      entry: {
        amount: coin.amount,
        address: coin.address,
        height: coin.height ?? 0n,
        isReward: coin.isReward,
      },
      key: accountKey(account, coin.address),
    }));
    return this.build(inputs, outputs, changeTo, special, specialKeys);
  }

  /** A registration of `collateral` (an account coin) paid by another account coin. */
  register(account: HdAccount, collateral: WalletCoin, feeCoin: WalletCoin): Transaction {
    const operator = testKeyFromSeed(new Uint8Array(32).fill(42));
    const owned: OwnedUtxo = {
      outpoint: collateral.outpoint,
      entry: { amount: collateral.amount, address: collateral.address, height: 0n, isReward: false },
      key: accountKey(account, collateral.address),
    };
    const special = registrationPayload(owned, operator, operator.address, "10.0.0.1:24100");
    return this.spend(account, [feeCoin], [], feeCoin.address, special, { collateral: owned.key, operator });
  }

  /** Connects a block holding `txs` (reward to `rewardTo`, default a funder key) to the chain and backend. */
  async mine(txs: readonly Transaction[] = [], rewardTo?: AddressPayload): Promise<CertifiedBlock> {
    const height = this.chain.height + 1n;
    const reward: Transaction = {
      version: TX_VERSION,
      inputs: [],
      outputs: [
        { amount: BLOCK_REWARD, address: rewardTo ?? (this.chain.wallet.keys[0] as TestKey).address },
      ],
      lockTime: height,
      special: null,
    };
    const block = assembleTestBlock(this.params, this.chain.tip, reward, txs, this.chain.validators);
    this.chain.apply(block);
    await this.backend.connectBlock(block);
    return block;
  }

  /** Empty blocks up to `height`. */
  async mineTo(height: bigint): Promise<void> {
    while (this.chain.height < height) await this.mine();
  }

  /** Disconnects `count` blocks from both, tip first. */
  async rollback(count: number): Promise<CertifiedBlock[]> {
    const blocks: CertifiedBlock[] = [];
    for (let i = 0; i < count; i++) {
      this.chain.disconnect();
      blocks.push(await this.backend.disconnectTip());
    }
    return blocks;
  }

  private build(
    inputs: readonly OwnedUtxo[],
    outputs: readonly TxOutput[],
    changeTo: AddressPayload,
    special: SpecialPayload | null,
    specialKeys: { collateral?: TestKey; operator?: TestKey } = {},
  ): Transaction {
    let total = 0n;
    for (const input of inputs) total += input.entry.amount;
    let paid = 0n;
    for (const output of outputs) paid += output.amount;
    const draft = (change: bigint): Transaction => ({
      version: TX_VERSION,
      inputs: inputs.map((input) => ({
        prevout: input.outpoint,
        publicKey: input.key.publicKey,
        signature: ZERO_SIGNATURE,
      })),
      outputs: [...outputs, { amount: change, address: changeTo }],
      lockTime: 0n,
      special,
    });
    const fee = minimumFee(transactionSize(draft(0n)));
    const change = total - paid - fee;
    if (change < 1_000n) throw new RangeError("the inputs cannot pay these outputs and a change output");
    return signTransaction(
      this.params.chainId,
      draft(change),
      inputs.map((input) => input.key),
      specialKeys,
    );
  }
}

/** The test key of an account address (its real signing key, through the account). */
export function accountKey(account: HdAccount, payload: AddressPayload): TestKey {
  return testKeyFromSeed(account.signingKey(payload).seed);
}

export function txidHex(tx: Transaction): string {
  return Buffer.from(transactionId(tx)).toString("hex");
}
