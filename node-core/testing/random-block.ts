// Random valid child blocks: spends of wallet-owned unlocked outputs (several inputs and outputs, spends of
// outputs created earlier in the same block), masternode registrations, payout changes and deregistrations,
// and a reward of BLOCK_REWARD plus fees (sometimes less), all drawn from a seeded stream.

import type { SeededRng } from "../consensus/index.js";
import { sha256 } from "../crypto/hash.js";
import { type MapStateView, outpointKey } from "../kernel/view.js";
import { BLOCK_REWARD, TX_VERSION } from "../params/consensus.js";
import type { NetworkParams } from "../params/network.js";
import { compareBytes } from "../types/bytes.js";
import type { AddressPayload, CertifiedBlock, SpecialPayload, Transaction } from "../types/chain.js";
import { assembleTestBlock } from "./blocks.js";
import type { TestKey, TestWallet } from "./keys.js";
import { buildSpend, type OwnedUtxo, ownedOutputs, registrationPayload, splitAmount } from "./spend.js";

const ZERO_SIGNATURE = new Uint8Array(64);

export interface ChildOptions {
  /** Non-reward transactions per block: uniform in [0, maxTransactions] (default 4). */
  readonly maxTransactions?: number;
  /** Inputs per transaction: uniform in [1, maxInputs] (default 3). */
  readonly maxInputs?: number;
  /** Outputs per transaction: uniform in [1, maxOutputs] (default 3). */
  readonly maxOutputs?: number;
  /** Chance per block of each masternode operation (register, change payout, deregister). Default 0.3. */
  readonly masternodeOpChance?: number;
  /** Chance that an input spends an output created earlier in the same block. Default 0.25. */
  readonly inBlockSpendChance?: number;
}

/**
 * A valid child of `parent`, whose post-state is `state`: random spends of wallet-owned unlocked UTXOs,
 * random masternode operations, and a reward paying BLOCK_REWARD plus fees (sometimes less).
 */
export function buildChild(
  params: NetworkParams,
  parent: CertifiedBlock,
  state: MapStateView,
  wallet: TestWallet,
  validators: readonly TestKey[],
  rng: SeededRng,
  opts: ChildOptions = {},
): CertifiedBlock {
  const chainId = params.chainId;
  const height = parent.block.header.height + 1n;
  const recipients = wallet.keys.map((k) => k.address);
  const used = new Set<string>();
  const free: OwnedUtxo[] = [];
  for (const utxo of state.utxos.values()) {
    const key = wallet.owner(utxo.entry.address);
    if (key && !state.getMasternode(utxo.outpoint)) free.push({ ...utxo, key });
  }
  const inBlock: OwnedUtxo[] = [];
  const txs: Transaction[] = [];
  let fees = 0n;

  const takeFree = (): OwnedUtxo | undefined => {
    for (let tries = 0; tries < 8 && free.length > 0; tries++) {
      const i = rng.int(free.length);
      const candidate = free[i] as OwnedUtxo;
      free[i] = free[free.length - 1] as OwnedUtxo;
      free.pop();
      if (!used.has(outpointKey(candidate.outpoint))) {
        used.add(outpointKey(candidate.outpoint));
        return candidate;
      }
    }
    return undefined;
  };
  const takeInBlock = (): OwnedUtxo | undefined => {
    if (inBlock.length === 0) return undefined;
    const i = rng.int(inBlock.length);
    const candidate = inBlock[i] as OwnedUtxo;
    inBlock.splice(i, 1);
    return candidate;
  };
  const addTx = (tx: Transaction, inputs: readonly OwnedUtxo[]): void => {
    txs.push(tx);
    let inTotal = 0n;
    for (const input of inputs) inTotal += input.entry.amount;
    let outTotal = 0n;
    for (const output of tx.outputs) outTotal += output.amount;
    inBlock.push(...ownedOutputs(tx, wallet, height));
    fees += inTotal - outTotal;
  };
  const opChance = opts.masternodeOpChance ?? 0.3;

  // Masternode operations first, so their collateral is reserved before ordinary spends pick inputs.
  const registered = [...state.masternodes.values()];
  if (registered.length > 0 && rng.chance(opChance)) {
    const record = rng.pick(registered);
    used.add(outpointKey(record.collateral));
    const key = wallet.owner(sha256(record.collateralPublicKey).slice(0, 20));
    const collateralUtxo = state.utxos.get(outpointKey(record.collateral));
    if (key && collateralUtxo) {
      // Deregister, spending the collateral in the same transaction or leaving it unlocked.
      const spendCollateral = rng.chance(0.5);
      const inputs: OwnedUtxo[] = [];
      if (spendCollateral) inputs.push({ ...collateralUtxo, key });
      else {
        const feeInput = takeFree();
        if (feeInput) inputs.push(feeInput);
      }
      if (inputs.length > 0) {
        const special: SpecialPayload = {
          kind: "masternodeDeregistration",
          collateral: record.collateral,
          collateralPublicKey: record.collateralPublicKey,
          collateralSignature: ZERO_SIGNATURE,
        };
        const tx = buildSpecialSpend(chainId, inputs, recipients, rng, special, { collateral: key });
        if (tx) addTx(tx, inputs);
      }
    }
  }
  const others = registered.filter((r) => !used.has(outpointKey(r.collateral)));
  if (others.length > 0 && rng.chance(opChance)) {
    const record = rng.pick(others);
    used.add(outpointKey(record.collateral));
    const key = wallet.owner(sha256(record.collateralPublicKey).slice(0, 20));
    const feeInput = takeFree();
    const payouts = recipients.filter((a) => compareBytes(a, record.payoutAddress) !== 0);
    if (key && feeInput && payouts.length > 0) {
      const special: SpecialPayload = {
        kind: "payoutChange",
        collateral: record.collateral,
        payoutAddress: rng.pick(payouts),
        collateralPublicKey: record.collateralPublicKey,
        collateralSignature: ZERO_SIGNATURE,
      };
      const tx = buildSpecialSpend(chainId, [feeInput], recipients, rng, special, { collateral: key });
      if (tx) addTx(tx, [feeInput]);
    }
  }
  if (rng.chance(opChance)) {
    const collateral = takeFree();
    const feeInput = takeFree();
    const operators = wallet.keys.filter((k) => !state.getCollateralByOperator(k.publicKey));
    if (collateral && feeInput && operators.length > 0) {
      const operator = rng.pick(operators);
      // Arguments evaluate left to right: the payout is drawn before the network address.
      const special = registrationPayload(
        collateral,
        operator,
        rng.pick(recipients),
        `10.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}:${params.p2pPort}`,
      );
      const tx = buildSpecialSpend(chainId, [feeInput], recipients, rng, special, {
        collateral: collateral.key,
        operator,
      });
      if (tx) addTx(tx, [feeInput]);
    }
  }

  const spendCount = rng.int((opts.maxTransactions ?? 4) + 1);
  const inBlockChance = opts.inBlockSpendChance ?? 0.25;
  for (let t = 0; t < spendCount; t++) {
    const inputCount = rng.range(1, opts.maxInputs ?? 3);
    const inputs: OwnedUtxo[] = [];
    for (let i = 0; i < inputCount; i++) {
      const input = (rng.chance(inBlockChance) ? takeInBlock() : undefined) ?? takeFree();
      if (input) inputs.push(input);
    }
    if (inputs.length === 0) break;
    const tx = buildSpend(chainId, inputs, recipients, rng, {
      outputCount: rng.range(1, opts.maxOutputs ?? 3),
      extraFee: BigInt(rng.int(3)) * 1_000n,
    });
    if (tx) addTx(tx, inputs);
  }

  const rewardTotal = rng.chance(0.8) ? BLOCK_REWARD + fees : BLOCK_REWARD;
  const rewardOutputs = rng.range(1, 2);
  const reward: Transaction = {
    version: TX_VERSION,
    inputs: [],
    outputs: splitAmount(rewardTotal, rewardOutputs, rng).map((amount) => ({
      amount,
      address: rng.pick(recipients),
    })),
    lockTime: height,
    special: null,
  };
  return assembleTestBlock(params, parent, reward, txs, validators);
}

function buildSpecialSpend(
  chainId: number,
  inputs: readonly OwnedUtxo[],
  recipients: readonly AddressPayload[],
  rng: SeededRng,
  special: SpecialPayload,
  specialKeys: { collateral: TestKey; operator?: TestKey },
): Transaction | null {
  // Sometimes no outputs at all: a special transaction may give everything it spends to the fee.
  const outputCount = rng.chance(0.15) ? 0 : rng.range(1, 2);
  return buildSpend(chainId, inputs, recipients, rng, { outputCount, special, specialKeys });
}
