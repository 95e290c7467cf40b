// The world a run starts from: a devnet-style genesis registering N masternodes of equal weight (Bronze
// collateral), each operated by one simulated node, plus funded wallet outputs, one per workload spend; and
// the seeded workload (honest transactions and double-spend pairs, each with a submission time and the
// honest node(s) it is sent to). The genesis depends only on the shape (N, outputs, block interval) and is
// cached across runs; the workload and the Byzantine set depend on the seed.
import { specialSigningMessage, transactionId } from "../codec/index.js";
import { type Rng, SeededRng } from "../consensus/index.js";
import { sign } from "../crypto/index.js";
import {
  allocationTransaction,
  buildGenesisBlock,
  type GenesisMasternode,
  type GenesisSpec,
  registrationTransaction,
  verifyGenesisBlock,
} from "../genesis/index.js";
import { outpointKey } from "../kernel/index.js";
import { DEVNET, DOMAIN, type NetworkParams, withBlockInterval } from "../params/index.js";
import { buildSpend, deriveTestKeys, type OwnedUtxo, type TestKey } from "../testing/index.js";
import type { AddressPayload, Block, Hash32, Transaction } from "../types/index.js";
import { SAT_PER_TIME, toHex } from "../types/index.js";
import { SimError } from "./errors.js";
import type { SimOptions } from "./options.js";

/** Bronze: every simulated masternode has voting weight 10, so weight fractions are node fractions. */
export const SIM_COLLATERAL = 1_000n * SAT_PER_TIME;
/** Each funded workload output. */
export const SIM_FUNDED_AMOUNT = 10n * SAT_PER_TIME;
const WALLET_KEYS = 64;

export interface SimGenesis {
  readonly params: NetworkParams;
  readonly block: Block;
  readonly hash: Hash32;
  /** Operator key of node i (its seed is the node's operator secret). */
  readonly operators: readonly TestKey[];
  /** Receives the treasury share of every reward: allocation 0. */
  readonly treasuryAddress: AddressPayload;
  /** One spendable genesis output per workload spend, in allocation order. */
  readonly funded: readonly OwnedUtxo[];
  readonly walletAddresses: readonly AddressPayload[];
}

const genesisCache = new Map<string, SimGenesis>();

/**
 * Genesis for `nodes` masternodes and `fundedOutputs` workload outputs: allocation 0 the treasury, then
 * one Bronze collateral per masternode, then the funded outputs; one signed registration per masternode.
 */
export function simGenesis(nodes: number, fundedOutputs: number, blockIntervalMs: number): SimGenesis {
  const cacheKey = `${nodes}:${fundedOutputs}:${blockIntervalMs}`;
  const cached = genesisCache.get(cacheKey);
  if (cached) return cached;
  const params = withBlockInterval(DEVNET, blockIntervalMs);
  const operators = deriveTestKeys("sim/operator", nodes);
  const collateralKeys = deriveTestKeys("sim/collateral", nodes);
  const [treasury, ...wallet] = deriveTestKeys("sim/wallet", WALLET_KEYS + 1) as [TestKey, ...TestKey[]];
  const allocations = [{ label: "treasury", address: treasury.address, amount: 1_000n * SAT_PER_TIME }];
  const unsigned: GenesisMasternode[] = [];
  for (let i = 0; i < nodes; i++) {
    const collateral = collateralKeys[i] as TestKey;
    allocations.push({ label: `masternode-${i}`, address: collateral.address, amount: SIM_COLLATERAL });
    unsigned.push({
      label: `masternode-${i}`,
      collateralIndex: allocations.length - 1,
      collateralPublicKey: collateral.publicKey,
      operatorPublicKey: (operators[i] as TestKey).publicKey,
      payoutAddress: collateral.address,
      networkAddress: `10.0.${i >> 8}.${(i & 0xff) + 1}:${params.p2pPort}`,
      collateralSignature: new Uint8Array(64),
      operatorSignature: new Uint8Array(64),
    });
  }
  const firstFunded = allocations.length;
  for (let j = 0; j < fundedOutputs; j++) {
    const key = wallet[j % wallet.length] as TestKey;
    allocations.push({ label: `funded-${j}`, address: key.address, amount: SIM_FUNDED_AMOUNT });
  }
  const allocationTxid = transactionId(allocationTransaction({ allocations }));
  const masternodes = unsigned.map((mn, i) => {
    const txid = transactionId(registrationTransaction(allocationTxid, mn));
    return {
      ...mn,
      collateralSignature: sign(
        (collateralKeys[i] as TestKey).seed,
        specialSigningMessage(DOMAIN.masternodeCollateral, params.chainId, txid),
      ),
      operatorSignature: sign(
        (operators[i] as TestKey).seed,
        specialSigningMessage(DOMAIN.masternodeOperator, params.chainId, txid),
      ),
    };
  });
  const spec: GenesisSpec = {
    network: params.name,
    chainId: params.chainId,
    timestamp: 0n,
    allocations,
    masternodes,
    blockHash: new Uint8Array(0),
  };
  const block = buildGenesisBlock(spec);
  const hash = verifyGenesisBlock(block, params);
  const funded: OwnedUtxo[] = [];
  for (let j = 0; j < fundedOutputs; j++) {
    const key = wallet[j % wallet.length] as TestKey;
    funded.push({
      outpoint: { txid: allocationTxid, index: firstFunded + j },
      entry: { amount: SIM_FUNDED_AMOUNT, address: key.address, height: 0n, isReward: false },
      key,
    });
  }
  const genesis: SimGenesis = {
    params,
    block,
    hash,
    operators,
    treasuryAddress: treasury.address,
    funded,
    walletAddresses: wallet.map((k) => k.address),
  };
  genesisCache.set(cacheKey, genesis);
  return genesis;
}

export interface WorkloadTx {
  readonly tx: Transaction;
  readonly txid: Hash32;
  readonly txidHex: string;
  /** Conflict keys: the outpoints it spends. */
  readonly spends: readonly string[];
  readonly atMs: number;
  /** Honest node the client hands it to. */
  readonly node: number;
  /** Index of its double-spend pair, or null for an honest non-conflicting transaction. */
  readonly pair: number | null;
}

/** The Byzantine nodes: explicit, or floor(fraction * N) nodes drawn with the seed (equal weights). */
export function chooseByzantine(opts: SimOptions, rng: Rng): number[] {
  if (opts.byzantineNodes !== null) return [...opts.byzantineNodes].sort((a, b) => a - b);
  const count = Math.min(opts.nodes - 1, Math.floor(opts.byzantine * opts.nodes + 1e-9));
  const order = Array.from({ length: opts.nodes }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.slice(0, count).sort((a, b) => a - b);
}

/**
 * Signed workload transactions: `txs` honest spends, then `doubleSpends` pairs spending one output twice
 * (different recipients and fees, so different txids), each pair sent to two different honest nodes at
 * the same instant. Sorted by submission time (stable).
 */
export function buildWorkload(
  opts: SimOptions,
  genesis: SimGenesis,
  honest: readonly number[],
  rng: Rng,
): WorkloadTx[] {
  if (honest.length === 0) throw new SimError("SIM_BAD_OPTION", "no honest node to send transactions to");
  const needed = opts.txs + opts.doubleSpends;
  if (genesis.funded.length < needed) {
    throw new SimError("SIM_WORKLOAD_TOO_LARGE", "genesis funds fewer outputs than the workload spends", {
      value: String(needed),
    });
  }
  const prng = new SeededRng(rng.nextU32());
  const chainId = genesis.params.chainId;
  const recipients = genesis.walletAddresses;
  const at = () => opts.warmupMs + Math.floor(rng.float() * opts.spreadMs);
  const pickHonest = () => honest[rng.int(honest.length)] as number;
  const out: WorkloadTx[] = [];
  const make = (tx: Transaction | null, atMs: number, node: number, pair: number | null): void => {
    if (tx === null) throw new SimError("SIM_WORKLOAD_TOO_LARGE", "a funded output cannot pay a spend");
    const txid = transactionId(tx);
    out.push({
      tx,
      txid,
      txidHex: toHex(txid),
      spends: tx.inputs.map((input) => outpointKey(input.prevout)),
      atMs,
      node,
      pair,
    });
  };
  for (let i = 0; i < opts.txs; i++) {
    const input = genesis.funded[i] as OwnedUtxo;
    const tx = buildSpend(chainId, [input], recipients, prng, { outputCount: 1 + rng.int(2) });
    make(tx, at(), pickHonest(), null);
  }
  for (let d = 0; d < opts.doubleSpends; d++) {
    const input = genesis.funded[opts.txs + d] as OwnedUtxo;
    const first = pickHonest();
    let second = pickHonest();
    if (honest.length > 1) while (second === first) second = pickHonest();
    const atMs = at();
    const a = buildSpend(chainId, [input], recipients, prng, { outputCount: 1 });
    const b = buildSpend(chainId, [input], recipients, prng, { outputCount: 1, extraFee: 1_000n });
    make(a, atMs, first, d);
    make(b, atMs, second, d);
  }
  return out
    .map((w, i) => ({ w, i }))
    .sort((x, y) => x.w.atMs - y.w.atMs || x.i - y.i)
    .map((x) => x.w);
}
