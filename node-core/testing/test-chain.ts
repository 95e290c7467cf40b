// Deterministic generator of VALID chains for tests, benchmarks and the crash test (no test-runner imports).
// From a seed it derives wallet keys, a devnet-style genesis funding them, and child blocks with random
// valid spends (several inputs and outputs, spends of outputs created earlier in the same block) and
// masternode registrations, payout changes and deregistrations, all signed with the real signing messages.
// Blocks carry real precommit certificates from a fixed set of validator keys. The proposer key is a
// validator's key but the VRF proof is zero bytes: nothing below the consensus layer checks it.
// TestChain keeps the reference state (a MapStateView driven by the kernel's checkBlock/applyEffects and
// revertUndo), so every block it builds has already been accepted by the kernel when it is returned.
import {
  blockExtrasHash,
  blockHash,
  decodeCertifiedBlock,
  encodeCertifiedBlock,
  merkleRoot,
  specialSigningMessage,
  transactionId,
  transactionSize,
  txInputSigningMessage,
  voteSigningMessage,
} from "../codec/index.js";
import { publicKeyFromSeed, sign } from "../crypto/ed25519.js";
import { blake3Parts, sha256 } from "../crypto/hash.js";
import type { BlockEffects } from "../kernel/effects.js";
import { applyEffects, checkBlock, revertUndo } from "../kernel/index.js";
import { summarizeUtxos, type UtxoSetSummary } from "../kernel/utxo-set-summary.js";
import { MapStateView, outpointKey } from "../kernel/view.js";
import {
  BLOCK_REWARD,
  BLOCK_VERSION,
  DOMAIN,
  DUST_LIMIT,
  minimumFee,
  TX_VERSION,
} from "../params/consensus.js";
import { DEVNET, type NetworkParams } from "../params/network.js";
import { SAT_PER_TIME } from "../types/amount.js";
import { compareBytes, toHex, utf8 } from "../types/bytes.js";
import type {
  AddressPayload,
  Block,
  CertificateSignature,
  CertifiedBlock,
  Hash32,
  OutPoint,
  PublicKey,
  SpecialPayload,
  Transaction,
  TxInput,
} from "../types/chain.js";
import type { MasternodeRecord, UndoRecord, Utxo, UtxoEntry } from "../types/state.js";

const ZERO_HASH = new Uint8Array(32);
const ZERO_SIGNATURE = new Uint8Array(64);
const ZERO_VRF_PROOF = new Uint8Array(80);

/** Small fast seeded PRNG (mulberry32): the same seed gives the same chain. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform u32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return n <= 1 ? 0 : this.next() % n;
  }

  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.next();
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  }
}

export interface TestKey {
  readonly seed: Uint8Array;
  readonly publicKey: PublicKey;
  readonly address: AddressPayload;
}

export function testKeyFromSeed(seed: Uint8Array): TestKey {
  const publicKey = publicKeyFromSeed(seed);
  return { seed, publicKey, address: sha256(publicKey).slice(0, 20) };
}

/** Keys derived from a label and an index, so the same wallet is rebuilt in another process. */
export function deriveTestKeys(label: string, count: number): TestKey[] {
  const tag = utf8.encode(`TIME/test-chain/${label}`);
  const keys: TestKey[] = [];
  for (let i = 0; i < count; i++) {
    const index = new Uint8Array(4);
    new DataView(index.buffer).setUint32(0, i, false);
    keys.push(testKeyFromSeed(blake3Parts(tag, index)));
  }
  return keys;
}

export class TestWallet {
  private readonly byAddress = new Map<string, TestKey>();

  constructor(readonly keys: readonly TestKey[]) {
    for (const key of keys) this.byAddress.set(toHex(key.address), key);
  }

  owner(address: AddressPayload): TestKey | undefined {
    return this.byAddress.get(toHex(address));
  }
}

/** A spendable output together with the key that owns it. */
export interface OwnedUtxo {
  readonly outpoint: OutPoint;
  readonly entry: UtxoEntry;
  readonly key: TestKey;
}

/**
 * A signed transaction spending `inputs` into `outputCount` outputs to `recipients` (chosen at random),
 * paying at least the minimum fee for its size plus `extraFee`. Returns null when the inputs cannot pay
 * the fee and a dust-free output.
 */
export function buildSpend(
  chainId: number,
  inputs: readonly OwnedUtxo[],
  recipients: readonly AddressPayload[],
  rng: Prng,
  opts: {
    outputCount: number;
    extraFee?: bigint;
    special?: SpecialPayload | null;
    /** Keys signing the special payload (collateral key; operator key too for a registration). */
    specialKeys?: { collateral?: TestKey; operator?: TestKey };
    lockTime?: bigint;
  },
): Transaction | null {
  let total = 0n;
  for (const input of inputs) total += input.entry.amount;
  const special = opts.special ?? null;
  const draftInputs: TxInput[] = inputs.map((input) => ({
    prevout: input.outpoint,
    publicKey: input.key.publicKey,
    signature: ZERO_SIGNATURE,
  }));
  let outputCount = opts.outputCount;
  // Sizes do not depend on amounts or signatures (fixed width), so the fee is known from a draft.
  const sizeWith = (n: number) =>
    transactionSize({
      version: TX_VERSION,
      inputs: draftInputs,
      outputs: Array.from({ length: n }, () => ({
        amount: DUST_LIMIT,
        address: recipients[0] as AddressPayload,
      })),
      lockTime: opts.lockTime ?? 0n,
      special,
    });
  let fee = minimumFee(sizeWith(outputCount)) + (opts.extraFee ?? 0n);
  while (outputCount > 0 && total - fee < BigInt(outputCount) * DUST_LIMIT) {
    outputCount -= 1;
    fee = minimumFee(sizeWith(outputCount)) + (opts.extraFee ?? 0n);
  }
  if (total < fee || (outputCount === 0 && special === null)) return null;
  const amounts = splitAmount(total - fee, outputCount, rng);
  const unsigned: Transaction = {
    version: TX_VERSION,
    inputs: draftInputs,
    outputs: amounts.map((amount) => ({ amount, address: rng.pick(recipients) })),
    lockTime: opts.lockTime ?? 0n,
    special,
  };
  return signTransaction(
    chainId,
    unsigned,
    inputs.map((input) => input.key),
    opts.specialKeys,
  );
}

/** Splits `total` into `n` amounts of at least DUST_LIMIT each (n * DUST_LIMIT <= total). */
function splitAmount(total: bigint, n: number, rng: Prng): bigint[] {
  if (n === 0) return [];
  const amounts: bigint[] = [];
  let rest = total - BigInt(n) * DUST_LIMIT;
  for (let i = 0; i < n - 1; i++) {
    const share = (rest * BigInt(rng.int(1001))) / 1000n;
    amounts.push(DUST_LIMIT + share);
    rest -= share;
  }
  amounts.push(DUST_LIMIT + rest);
  return amounts;
}

/**
 * Fills in every witness: input signatures by `inputKeys` (in input order) and the special payload's
 * signatures by `specialKeys` (collateral key, then operator key for registrations).
 */
export function signTransaction(
  chainId: number,
  tx: Transaction,
  inputKeys: readonly TestKey[],
  specialKeys: { collateral?: TestKey; operator?: TestKey } = {},
): Transaction {
  const txid = transactionId(tx);
  const inputs = tx.inputs.map((input, i) => ({
    ...input,
    signature: sign((inputKeys[i] as TestKey).seed, txInputSigningMessage(chainId, txid, i)),
  }));
  let special = tx.special;
  if (special && specialKeys.collateral) {
    const collateralSignature = sign(
      specialKeys.collateral.seed,
      specialSigningMessage(DOMAIN.masternodeCollateral, chainId, txid),
    );
    special = { ...special, collateralSignature };
    if (special.kind === "masternodeRegistration" && specialKeys.operator) {
      const operatorSignature = sign(
        specialKeys.operator.seed,
        specialSigningMessage(DOMAIN.masternodeOperator, chainId, txid),
      );
      special = { ...special, operatorSignature };
    }
  }
  return { ...tx, inputs, special };
}

/** Precommits from `validators` for a block (strictly ascending voter keys, as the codec requires). */
export function certify(chainId: number, block: Block, validators: readonly TestKey[]): CertifiedBlock {
  const hash = blockHash(block.header);
  const { height, round } = block.header;
  const precommits: CertificateSignature[] = [...validators]
    .sort((a, b) => compareBytes(a.publicKey, b.publicKey))
    .map((v) => ({
      voterPublicKey: v.publicKey,
      signature: sign(
        v.seed,
        voteSigningMessage(chainId, {
          phase: "precommit",
          height,
          round,
          blockHash: hash,
          voterPublicKey: v.publicKey,
        }),
      ),
    }));
  return { block, certificate: { height, round, blockHash: hash, precommits } };
}

/**
 * Puts a block together: the reward first, the other transactions sorted by txid, merkle root, extras
 * hash and header fields derived from the parent. Certified by `validators`, or uncertified for genesis.
 */
export function assembleBlock(
  params: NetworkParams,
  parent: CertifiedBlock | null,
  reward: Transaction,
  transactions: readonly Transaction[],
  validators: readonly TestKey[],
  timestamp?: bigint,
): CertifiedBlock {
  const rest = transactions
    .map((tx) => ({ tx, id: transactionId(tx) }))
    .sort((a, b) => compareBytes(a.id, b.id));
  const txs = [reward, ...rest.map((r) => r.tx)];
  const txids = [transactionId(reward), ...rest.map((r) => r.id)];
  const previousCertificate = parent?.certificate ?? null;
  const parentHeader = parent?.block.header ?? null;
  const block: Block = {
    header: {
      version: BLOCK_VERSION,
      chainId: params.chainId,
      height: parentHeader ? parentHeader.height + 1n : 0n,
      previousHash: parentHeader ? blockHash(parentHeader) : ZERO_HASH,
      merkleRoot: merkleRoot(txids),
      extrasHash: blockExtrasHash([], previousCertificate),
      timestamp: timestamp ?? (parentHeader ? parentHeader.timestamp + BigInt(params.blockIntervalMs) : 0n),
      round: 0,
      proposerPublicKey:
        parentHeader && validators.length > 0 ? (validators[0] as TestKey).publicKey : ZERO_HASH,
      vrfProof: ZERO_VRF_PROOF,
    },
    transactions: txs,
    heartbeats: [],
    previousCertificate,
  };
  return parent ? certify(params.chainId, block, validators) : { block, certificate: null };
}

export interface GenesisOptions {
  /** Outputs per wallet key (default 3). */
  readonly outputsPerKey?: number;
  /** Amount of each output (default 50,000 TIME, enough for Bronze and Silver collateral). */
  readonly amount?: bigint;
  readonly timestamp?: bigint;
}

/** A genesis block funding every wallet key; allocation transactions of at most 1,000 outputs each. */
export function buildGenesis(
  params: NetworkParams,
  wallet: TestWallet,
  opts: GenesisOptions = {},
): CertifiedBlock {
  const perKey = opts.outputsPerKey ?? 3;
  const amount = opts.amount ?? 50_000n * SAT_PER_TIME;
  const outputs = [];
  for (let round = 0; round < perKey; round++) {
    for (const key of wallet.keys) outputs.push({ amount, address: key.address });
  }
  const txs: Transaction[] = [];
  for (let i = 0; i < outputs.length || i === 0; i += 1000) {
    txs.push({
      version: TX_VERSION,
      inputs: [],
      outputs: outputs.slice(i, i + 1000),
      lockTime: BigInt(i / 1000),
      special: null,
    });
  }
  const [first, ...rest] = txs as [Transaction, ...Transaction[]];
  return assembleBlock(params, null, first, rest, [], opts.timestamp ?? 1_700_000_000_000n);
}

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
  rng: Prng,
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
    const txid = transactionId(tx);
    tx.outputs.forEach((output, index) => {
      outTotal += output.amount;
      const key = wallet.owner(output.address);
      if (key) {
        inBlock.push({
          outpoint: { txid, index },
          entry: { amount: output.amount, address: output.address, height, isReward: false },
          key,
        });
      }
    });
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
      const special: SpecialPayload = {
        kind: "masternodeRegistration",
        collateral: collateral.outpoint,
        collateralPublicKey: collateral.key.publicKey,
        operatorPublicKey: operator.publicKey,
        payoutAddress: rng.pick(recipients),
        networkAddress: `10.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}:${params.p2pPort}`,
        collateralSignature: ZERO_SIGNATURE,
        operatorSignature: ZERO_SIGNATURE,
      };
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
  return assembleBlock(params, parent, reward, txs, validators);
}

function buildSpecialSpend(
  chainId: number,
  inputs: readonly OwnedUtxo[],
  recipients: readonly AddressPayload[],
  rng: Prng,
  special: SpecialPayload,
  specialKeys: { collateral: TestKey; operator?: TestKey },
): Transaction | null {
  // Sometimes no outputs at all: a special transaction may give everything it spends to the fee.
  const outputCount = rng.chance(0.15) ? 0 : rng.range(1, 2);
  return buildSpend(chainId, inputs, recipients, rng, { outputCount, special, specialKeys });
}

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
  private rng: Prng;

  constructor(private readonly opts: TestChainOptions = {}) {
    this.params = opts.params ?? DEVNET;
    const label = opts.label ?? "default";
    this.wallet = new TestWallet(deriveTestKeys(label, opts.keyCount ?? 8));
    this.validators = deriveTestKeys(`${label}/validators`, opts.validatorCount ?? 3);
    this.rng = new Prng(opts.seed ?? 1);
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
    this.rng = new Prng(seed);
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

/** Blocks as one byte string (repeated u32le length ‖ encodeCertifiedBlock), to hand a chain to a child process. */
export function encodeBlockList(blocks: readonly CertifiedBlock[]): Uint8Array {
  const parts = blocks.map(encodeCertifiedBlock);
  let total = 0;
  for (const part of parts) total += 4 + part.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length, true);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

export function decodeBlockList(bytes: Uint8Array): CertifiedBlock[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: CertifiedBlock[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new RangeError("truncated block list");
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > bytes.length) throw new RangeError("truncated block list");
    blocks.push(decodeCertifiedBlock(bytes.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return blocks;
}
