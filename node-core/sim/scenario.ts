// The world a run starts from: a devnet-style genesis registering N masternodes of equal weight (Bronze
// collateral), each operated by one simulated node, plus funded wallet outputs, one per workload spend; and
// the seeded workload (honest transactions, some spending two inputs; double-spend pairs; overlapping
// conflict groups of multi-input transactions), each with a submission time and the node it is sent to. The genesis depends only on the shape (N, outputs, block interval) and is
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
import { fundedOutputCount, groupOutputs, multiInputCount, type SimOptions } from "./options.js";

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
  /** Index of its overlapping-conflict group (see buildWorkload), or null. */
  readonly group: number | null;
  /**
   * Who hands it to the network: a client (to `node`, honest), or the double-spender adversary `node`,
   * which gossips each member of a conflict to a different part of the network (byzantine.ts).
   */
  readonly origin: "client" | "adversary";
}

/** How long after a rival group's T and U its late spender W of T's other input arrives. */
export const LATE_SPENDER_DELAY_MS = 1_000;

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
 * Signed workload transactions, sorted by submission time (stable):
 * - `txs` honest spends, the first round(txs * multiInput) of them spending two funded outputs;
 * - `doubleSpends` pairs spending one output twice (different recipients and fees, so different txids),
 *   sent to two different honest nodes at the same instant;
 * - `overlaps` groups of overlapping conflicts, alternating two shapes (issue 7 item 2):
 *   "rival": T spends X and Y, its rival U spends Y (same instant, two nodes), and W spends X
 *   LATE_SPENDER_DELAY_MS later: when U wins Y, T is rejected and X must be released for W;
 *   "chain": A spends X and Y, B spends Y and Z, C spends Z (same instant, three nodes): A and C can both
 *   win, or B alone.
 * With the double-spender adversary, pairs and groups (all but W) come from a Byzantine node instead of
 * a client (origin "adversary").
 */
export function buildWorkload(
  opts: SimOptions,
  genesis: SimGenesis,
  honest: readonly number[],
  rng: Rng,
  byzantine: readonly number[] = [],
): WorkloadTx[] {
  if (honest.length === 0) throw new SimError("SIM_BAD_OPTION", "no honest node to send transactions to");
  const needed = fundedOutputCount(opts);
  if (genesis.funded.length < needed) {
    throw new SimError("SIM_WORKLOAD_TOO_LARGE", "genesis funds fewer outputs than the workload spends", {
      value: String(needed),
    });
  }
  const adversaryOrigin = opts.adversary === "double-spender" && byzantine.length > 0;
  const prng = new SeededRng(rng.nextU32());
  const chainId = genesis.params.chainId;
  const recipients = genesis.walletAddresses;
  const at = () => opts.warmupMs + Math.floor(rng.float() * opts.spreadMs);
  const pickHonest = () => honest[rng.int(honest.length)] as number;
  /** `count` honest nodes, different from each other while there are enough. */
  const pickDistinct = (count: number): number[] => {
    const out: number[] = [];
    while (out.length < count) {
      const n = pickHonest();
      if (!out.includes(n) || honest.length <= out.length) out.push(n);
    }
    return out;
  };
  let nextFunded = 0;
  const take = (count: number): OwnedUtxo[] => {
    const inputs = genesis.funded.slice(nextFunded, nextFunded + count) as OwnedUtxo[];
    nextFunded += count;
    return inputs;
  };
  const out: WorkloadTx[] = [];
  const make = (
    tx: Transaction | null,
    atMs: number,
    node: number,
    tags: { pair?: number; group?: number; adversary?: boolean } = {},
  ): void => {
    if (tx === null) throw new SimError("SIM_WORKLOAD_TOO_LARGE", "a funded output cannot pay a spend");
    const txid = transactionId(tx);
    const fromAdversary = adversaryOrigin && tags.adversary === true;
    out.push({
      tx,
      txid,
      txidHex: toHex(txid),
      spends: tx.inputs.map((input) => outpointKey(input.prevout)),
      atMs,
      node: fromAdversary ? (byzantine[(tags.pair ?? tags.group ?? 0) % byzantine.length] as number) : node,
      pair: tags.pair ?? null,
      group: tags.group ?? null,
      origin: fromAdversary ? "adversary" : "client",
    });
  };
  const multi = multiInputCount(opts);
  for (let i = 0; i < opts.txs; i++) {
    const inputs = take(i < multi ? 2 : 1);
    const tx = buildSpend(chainId, inputs, recipients, prng, { outputCount: 1 + rng.int(2) });
    make(tx, at(), pickHonest());
  }
  for (let d = 0; d < opts.doubleSpends; d++) {
    const input = take(1);
    const [first, second] = pickDistinct(2) as [number, number];
    const atMs = at();
    const a = buildSpend(chainId, input, recipients, prng, { outputCount: 1 });
    const b = buildSpend(chainId, input, recipients, prng, { outputCount: 1, extraFee: 1_000n });
    make(a, atMs, first, { pair: d, adversary: true });
    make(b, atMs, second, { pair: d, adversary: true });
  }
  for (let g = 0; g < opts.overlaps; g++) {
    const atMs = at();
    const tags = { group: g, adversary: true };
    if (groupOutputs(g) === 2) {
      const [x, y] = take(2) as [OwnedUtxo, OwnedUtxo];
      const [n1, n2, n3] = pickDistinct(3) as [number, number, number];
      make(buildSpend(chainId, [x, y], recipients, prng, { outputCount: 1 }), atMs, n1, tags);
      make(buildSpend(chainId, [y], recipients, prng, { outputCount: 1, extraFee: 1_000n }), atMs, n2, tags);
      make(
        buildSpend(chainId, [x], recipients, prng, { outputCount: 1, extraFee: 2_000n }),
        atMs + LATE_SPENDER_DELAY_MS,
        n3,
        { group: g },
      );
    } else {
      const [x, y, z] = take(3) as [OwnedUtxo, OwnedUtxo, OwnedUtxo];
      const [n1, n2, n3] = pickDistinct(3) as [number, number, number];
      make(buildSpend(chainId, [x, y], recipients, prng, { outputCount: 1 }), atMs, n1, tags);
      make(
        buildSpend(chainId, [y, z], recipients, prng, { outputCount: 1, extraFee: 1_000n }),
        atMs,
        n2,
        tags,
      );
      make(buildSpend(chainId, [z], recipients, prng, { outputCount: 1, extraFee: 2_000n }), atMs, n3, tags);
    }
  }
  return out
    .map((w, i) => ({ w, i }))
    .sort((x, y) => x.w.atMs - y.w.atMs || x.i - y.i)
    .map((x) => x.w);
}
