// A prebuilt devnet chain: N certified blocks on the real devnet genesis, written to <dataDir>/chain in the
// LevelDB layout the daemon opens, so the sync test and the devnet benchmark start from a long chain without
// waiting N block intervals. The blocks are not forged: the four genesis masternodes (their operator keys are
// public) run as real nodes built by the composition root, in one process, on virtual time, over an
// in-process network with a fixed latency, with the real ed25519 and ECVRF schemes; node 0 keeps its chain
// in the LevelDB store, the others in memory. A wallet of public devnet faucet keys feeds the pool: it
// splits the faucet's genesis output once, then spends confirmed outputs (two in, two out) every block.
//
// The four nodes check the same signatures and VRF proofs (every vote, heartbeat, certificate, transaction,
// proposer proof), so they share one verification cache: each is verified once per build, not four times.
// It only remembers answers of the real schemes, keyed by all the bytes checked, so the blocks are the same.
//
// Virtual time only moves when this module steps it. After every step the nodes' asynchronous work (block
// imports, LevelDB reads and writes, mempool admission) is awaited to the end, so a step never overtakes an
// import and a run with the same options builds the same chain.
import { createHash } from "node:crypto";
import { transactionId, transactionSize } from "../codec/index.js";
import {
  type Cancel,
  ecvrfScheme,
  ed25519Scheme,
  SeededRng,
  type SignatureScheme,
  type Verdict,
  VirtualTime,
  type VrfScheme,
} from "../consensus/index.js";
import { type SignatureCheck, verifyAll } from "../crypto/index.js";
import { type ChainBackend, ChainStore, MemoryChainBackend, type SignatureVerifier } from "../db/index.js";
import { devnetRoleKey, loadGenesis } from "../genesis/index.js";
import { outpointKey, type UtxoSetSummary } from "../kernel/index.js";
import {
  createNode,
  type NodeMessage,
  type NodeTransport,
  type TaskRunner,
  type TimeNode,
} from "../node/index.js";
import {
  DEVNET,
  DUST_LIMIT,
  MAX_TX_OUTPUTS,
  minimumFee,
  TX_VERSION,
  withBlockInterval,
} from "../params/index.js";
import { type OwnedUtxo, signTransaction, type TestKey, testKeyFromSeed } from "../testing/index.js";
import type { AddressPayload, Block, Transaction, TxOutput } from "../types/index.js";
import { toHex } from "../types/index.js";
import { isNodeCoreError, type Logger, NodeCoreError, silentLogger } from "../util/index.js";

export interface PrebuiltChainErrorPayloads {
  /** An option is out of range; `option` names it. */
  PREBUILT_BAD_OPTION: { readonly option: string; readonly value: string };
  /** The data directory already holds blocks beyond genesis: a prebuilt chain starts from genesis. */
  PREBUILT_NOT_EMPTY: { readonly dataDir: string; readonly height: string };
  /** A node reported an error (a fault, a refused block, a failed task): the chain would not be honest. */
  PREBUILT_NODE_FAILED: { readonly node: number; readonly what: string; readonly reason: string };
  /** Node 0's chain did not grow for `stalledMs` of virtual time. */
  PREBUILT_STALLED: { readonly height: string; readonly stalledMs: number };
}

export type PrebuiltChainErrorCode = keyof PrebuiltChainErrorPayloads;

export class PrebuiltChainError<
  C extends PrebuiltChainErrorCode = PrebuiltChainErrorCode,
> extends NodeCoreError<C, PrebuiltChainErrorPayloads> {
  override name = "PrebuiltChainError";
}

export interface BuildDevnetChainOptions {
  /** Node data directory: the chain goes to <dataDir>/chain (created when missing). */
  readonly dataDir: string;
  /** Certified blocks to build on top of genesis. */
  readonly blocks: number;
  /** The devnet slot (withBlockInterval); the daemons that open the chain should use the same. */
  readonly blockIntervalMs?: number;
  /**
   * Transactions submitted per block (after the one that splits the faucet output). The split makes at most
   * MAX_TX_OUTPUTS coins, so past 250 per block the rate is what the confirmed outputs allow.
   */
  readonly txsPerBlock?: number;
  /** One-way delay of every message between the four nodes (virtual ms). */
  readonly latencyMs?: number;
  /** Seed of the nodes' randomness and of the wallet's recipients. */
  readonly seed?: number;
  /** Called after node 0 connected each block. */
  readonly onProgress?: (progress: BuildProgress) => void;
}

export interface BuildProgress {
  readonly height: number;
  readonly blocks: number;
  /** Real time since the nodes started. */
  readonly elapsedMs: number;
  /** Blocks per real second so far. */
  readonly blocksPerSecond: number;
  /** Transactions (reward transactions excluded) in node 0's chain so far. */
  readonly transactions: number;
}

export interface BuiltChain {
  readonly dataDir: string;
  readonly tipHeight: bigint;
  readonly tipHash: string;
  readonly genesisHash: string;
  readonly utxoSet: UtxoSetSummary;
  /** Transactions in the chain, reward transactions excluded. */
  readonly transactions: number;
  /** Transactions submitted that no block took (they were still pending when the build stopped). */
  readonly pendingTransactions: number;
  readonly elapsedMs: number;
  /** Virtual time the chain spans, from genesis to the last step. */
  readonly virtualMs: number;
  /** Signature and VRF checks the four nodes asked for: answered from the shared cache, or run. */
  readonly verifications: { readonly cached: number; readonly run: number };
}

const NODES = 4;
/** Keys of the devnet faucet account (index 0 holds the genesis output); the wallet pays among them. */
const WALLET_KEYS = 8;
/** Spendable outputs per transaction of a block: the split makes this many blocks' worth of inputs. */
const SPLIT_BLOCKS = 4;
/** Verification answers the shared cache keeps (oldest dropped first): far more than a few slots' worth. */
const VERIFY_CACHE_ENTRIES = 200_000;
/** Microtask hops with nothing in flight after which the nodes count as settled (see settle()). */
const QUIET_HOPS = 16;
/** Node 0's tip not moving for this many slots is a stall, not a slow round. */
const STALL_SLOTS = 50;

function option(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new PrebuiltChainError(
      "PREBUILT_BAD_OPTION",
      `${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
      { option: name, value: String(value) },
    );
  }
  return v;
}

function reason(error: unknown): string {
  if (isNodeCoreError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Memoizes the real ed25519 and ECVRF checks by the exact bytes checked. The key is a SHA-256 over the
 * length-framed parts, so two different checks never share an answer; a bounded insertion-ordered map keeps
 * the memory flat on long builds (an evicted check is simply verified again).
 */
class VerificationCache {
  private readonly answers = new Map<string, boolean | Uint8Array | null>();
  private hits = 0;
  private misses = 0;

  get counts(): { readonly cached: number; readonly run: number } {
    return { cached: this.hits, run: this.misses };
  }

  readonly signatures: SignatureScheme = {
    publicKey: (secret) => ed25519Scheme.publicKey(secret),
    sign: (secret, message) => ed25519Scheme.sign(secret, message),
    verify: (publicKey, message, signature) =>
      this.memo("s", [publicKey, message, signature], () =>
        ed25519Scheme.verify(publicKey, message, signature),
      ),
  };

  readonly vrf: VrfScheme = {
    prove: (secret, alpha) => ecvrfScheme.prove(secret, alpha),
    verify: (publicKey, proof, alpha) => {
      const beta = this.memo("v", [publicKey, proof, alpha], () =>
        ecvrfScheme.verify(publicKey, proof, alpha),
      );
      // A copy each time: a caller that writes into its output must not change what the others get.
      return beta === null ? null : beta.slice();
    },
    output: (proof) => ecvrfScheme.output(proof),
  };

  /** The batch verifier of stores, mempools and candidate checks: only the checks not seen yet are run. */
  readonly verifier: SignatureVerifier = (checks) => {
    const results = new Array<boolean>(checks.length);
    const keys = new Array<string | null>(checks.length);
    const missing: SignatureCheck[] = [];
    const missingAt: number[] = [];
    checks.forEach((c, i) => {
      const key = VerificationCache.key("s", [c.publicKey, c.message, c.signature]);
      keys[i] = key;
      const known = key === null ? undefined : this.answers.get(key);
      if (typeof known === "boolean") {
        this.hits++;
        results[i] = known;
      } else {
        missing.push(c);
        missingAt.push(i);
      }
    });
    const fresh = verifyAll(missing);
    fresh.forEach((ok, j) => {
      const i = missingAt[j] as number;
      results[i] = ok;
      const key = keys[i];
      if (key !== null && key !== undefined) this.remember(key, ok);
    });
    this.misses += missing.length;
    return results;
  };

  private memo<T extends boolean | Uint8Array | null>(
    kind: string,
    parts: readonly Uint8Array[],
    run: () => T,
  ): T {
    const key = VerificationCache.key(kind, parts);
    if (key === null) return run();
    if (this.answers.has(key)) {
      this.hits++;
      return this.answers.get(key) as T;
    }
    this.misses++;
    const answer = run();
    this.remember(key, answer);
    return answer;
  }

  private remember(key: string, answer: boolean | Uint8Array | null): void {
    this.answers.set(key, answer);
    if (this.answers.size > VERIFY_CACHE_ENTRIES) {
      const oldest = this.answers.keys().next().value as string;
      this.answers.delete(oldest);
    }
  }

  /** Null for a part that is not bytes (an untyped caller): such a check goes to the real scheme uncached. */
  private static key(kind: string, parts: readonly Uint8Array[]): string | null {
    const hash = createHash("sha256").update(kind);
    const length = Buffer.alloc(4);
    for (const part of parts) {
      if (!(part instanceof Uint8Array)) return null;
      length.writeUInt32LE(part.length);
      hash.update(length).update(part);
    }
    return hash.digest("base64");
  }
}

/** Counts the nodes' promises so the driver can wait until all of them (and their continuations) ran. */
class SettlingTasks implements TaskRunner {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly fail: (what: string, error: unknown) => void) {}

  get pending(): number {
    return this.inFlight;
  }

  track<T>(promise: Promise<T>, then: (value: T) => void, onError?: (error: unknown) => void): void {
    this.inFlight++;
    promise.then(
      (value) => {
        this.settled();
        this.guard(() => then(value));
      },
      (error: unknown) => {
        this.settled();
        if (onError) this.guard(() => onError(error));
        else this.fail("task", error);
      },
    );
  }

  wrap<T>(promise: Promise<T>): Promise<T> {
    this.inFlight++;
    return promise.finally(() => this.settled());
  }

  /**
   * Resolves once nothing is in flight and QUIET_HOPS microtask hops started nothing new: a promise handed
   * to an engine (TSDC awaits its validation) settles here first and the engine continues a few hops later.
   */
  async settle(): Promise<void> {
    let quiet = 0;
    while (quiet < QUIET_HOPS) {
      if (this.inFlight > 0) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        quiet = 0;
        continue;
      }
      await Promise.resolve();
      quiet = this.inFlight > 0 ? 0 : quiet + 1;
    }
  }

  private settled(): void {
    this.inFlight--;
    if (this.inFlight === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail("task continuation", error);
    }
  }
}

/** The four nodes' network: every message reaches its receiver `latencyMs` of virtual time later. */
class InProcessNet {
  private readonly handlers: (((from: string, message: NodeMessage) => Verdict) | null)[];

  constructor(
    private readonly time: VirtualTime,
    private readonly ids: readonly string[],
    private readonly latencyMs: number,
  ) {
    this.handlers = ids.map(() => null);
  }

  transport(self: number): NodeTransport {
    const selfId = this.ids[self] as string;
    return {
      peers: () => this.ids,
      send: (peer, message) => {
        const to = this.ids.indexOf(peer);
        if (to >= 0 && to !== self) this.deliver(selfId, to, message);
      },
      broadcast: (message) => {
        for (let to = 0; to < this.ids.length; to++) if (to !== self) this.deliver(selfId, to, message);
      },
      onMessage: (handler) => {
        this.handlers[self] = handler;
        return () => {
          if (this.handlers[self] === handler) this.handlers[self] = null;
        };
      },
    };
  }

  private deliver(from: string, to: number, message: NodeMessage): Cancel {
    return this.time.after(this.latencyMs, () => this.handlers[to]?.(from, message));
  }
}

/**
 * The client side: outputs of the faucet keys confirmed in node 0's chain, spent two at a time into two
 * equal outputs (the minimum fee off), never twice while a spend is pending.
 */
class Wallet {
  private readonly byAddress = new Map<string, TestKey>();
  private readonly spendable = new Map<string, OwnedUtxo>();
  private readonly pending = new Set<string>();
  private readonly addresses: AddressPayload[];
  private splitDone = false;

  constructor(
    private readonly chainId: number,
    keys: readonly TestKey[],
    private readonly rng: SeededRng,
  ) {
    for (const key of keys) this.byAddress.set(toHex(key.address), key);
    this.addresses = keys.map((k) => k.address);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Records a block of node 0's chain: its spends leave the wallet, its outputs to wallet keys join it. */
  connect(block: Block, height: bigint): void {
    block.transactions.forEach((tx, position) => {
      const txid = transactionId(tx);
      this.pending.delete(toHex(txid));
      for (const input of tx.inputs) this.spendable.delete(outpointKey(input.prevout));
      tx.outputs.forEach((output, index) => {
        const key = this.byAddress.get(toHex(output.address));
        if (key === undefined) return;
        const outpoint = { txid, index };
        this.spendable.set(outpointKey(outpoint), {
          outpoint,
          entry: {
            amount: output.amount,
            address: output.address,
            height,
            isReward: height > 0n && position === 0,
          },
          key,
        });
      });
    });
  }

  /**
   * The transactions for the next block: at first one transaction splitting the largest output into
   * `txsPerBlock * 2 * SPLIT_BLOCKS` outputs (at most MAX_TX_OUTPUTS), then up to `txsPerBlock` spends
   * of two confirmed outputs each (one when only one is left).
   */
  next(txsPerBlock: number): Transaction[] {
    if (txsPerBlock === 0) return [];
    if (!this.splitDone) {
      const largest = [...this.spendable.values()].sort((a, b) =>
        a.entry.amount < b.entry.amount ? 1 : a.entry.amount > b.entry.amount ? -1 : 0,
      )[0];
      if (largest === undefined) return [];
      const outputs = Math.min(MAX_TX_OUTPUTS, txsPerBlock * 2 * SPLIT_BLOCKS);
      const tx = this.spend([largest], outputs);
      if (tx === null) return [];
      this.splitDone = true;
      return [tx];
    }
    const txs: Transaction[] = [];
    const coins = [...this.spendable.values()];
    let i = 0;
    while (txs.length < txsPerBlock && i < coins.length) {
      const inputs = coins.slice(i, i + 2);
      i += inputs.length;
      const tx = this.spend(inputs, 2);
      if (tx !== null) txs.push(tx);
    }
    return txs;
  }

  /** A signed spend of `inputs` into `count` equal outputs; null when they cannot pay fee and dust. */
  private spend(inputs: readonly OwnedUtxo[], count: number): Transaction | null {
    let total = 0n;
    for (const input of inputs) total += input.entry.amount;
    const draft = (amounts: readonly bigint[]): Transaction => ({
      version: TX_VERSION,
      inputs: inputs.map((input) => ({
        prevout: input.outpoint,
        publicKey: input.key.publicKey,
        signature: new Uint8Array(64),
      })),
      outputs: amounts.map((amount): TxOutput => ({ amount, address: this.rng.pick(this.addresses) })),
      lockTime: 0n,
      special: null,
    });
    let n = count;
    // Sizes do not depend on amounts or signatures (fixed width), so the fee is known from a draft.
    let fee = minimumFee(transactionSize(draft(Array(n).fill(DUST_LIMIT))));
    while (n > 1 && total - fee < BigInt(n) * DUST_LIMIT) {
      n--;
      fee = minimumFee(transactionSize(draft(Array(n).fill(DUST_LIMIT))));
    }
    if (total - fee < BigInt(n) * DUST_LIMIT) {
      // Too small to spend at all: leave it out of later selections.
      for (const input of inputs) this.spendable.delete(outpointKey(input.outpoint));
      return null;
    }
    const share = (total - fee) / BigInt(n);
    const amounts = Array.from({ length: n }, (_, j) =>
      j === 0 ? total - fee - share * BigInt(n - 1) : share,
    );
    const tx = signTransaction(
      this.chainId,
      draft(amounts),
      inputs.map((input) => input.key),
    );
    for (const input of inputs) this.spendable.delete(outpointKey(input.outpoint));
    this.pending.add(toHex(transactionId(tx)));
    return tx;
  }
}

/** Turns every error a node logs into a failure of the build; everything else is dropped. */
function failingLogger(fail: (what: string, error: unknown) => void): Logger {
  const logger: Logger = {
    ...silentLogger,
    child: () => logger,
    error: (obj: unknown, msg?: string) =>
      fail(typeof obj === "string" ? obj : (msg ?? "error"), (obj as { err?: unknown } | null)?.err ?? obj),
    fatal: (obj: unknown, msg?: string) =>
      fail(typeof obj === "string" ? obj : (msg ?? "fatal"), (obj as { err?: unknown } | null)?.err ?? obj),
  } as Logger;
  return logger;
}

export type ResolvedBuildOptions = Required<Omit<BuildDevnetChainOptions, "onProgress">>;

/** The options with their defaults, checked (PREBUILT_BAD_OPTION names the first bad one). */
export function resolveBuildOptions(opts: BuildDevnetChainOptions): ResolvedBuildOptions {
  if (typeof opts.dataDir !== "string" || opts.dataDir.length === 0) {
    throw new PrebuiltChainError("PREBUILT_BAD_OPTION", "dataDir must be a directory path", {
      option: "dataDir",
      value: String(opts.dataDir),
    });
  }
  return {
    dataDir: opts.dataDir,
    blocks: option("blocks", opts.blocks, 0, 1, 1_000_000),
    blockIntervalMs: option("blockIntervalMs", opts.blockIntervalMs, DEVNET.blockIntervalMs, 100, 3_600_000),
    txsPerBlock: option("txsPerBlock", opts.txsPerBlock, 0, 0, 1_000),
    latencyMs: option("latencyMs", opts.latencyMs, 5, 0, 10_000),
    seed: option("seed", opts.seed, 1, 0, 0xffff_ffff),
  };
}

/**
 * Builds `blocks` certified blocks on the devnet genesis into <dataDir>/chain and closes the store. Refuses
 * a data directory whose chain is past genesis (PREBUILT_NOT_EMPTY); any error a node reports aborts the
 * build (PREBUILT_NODE_FAILED), as does a chain that stops growing (PREBUILT_STALLED). What was written
 * before an abort stays in the store.
 */
export async function buildDevnetChain(opts: BuildDevnetChainOptions): Promise<BuiltChain> {
  const { blocks, blockIntervalMs, txsPerBlock, latencyMs, seed } = resolveBuildOptions(opts);
  const params = withBlockInterval(DEVNET, blockIntervalMs);
  const genesis = await loadGenesis(params);
  const treasuryAddress = genesis.block.transactions[0]?.outputs[0]?.address;
  if (treasuryAddress === undefined) throw new Error("the devnet genesis block has no treasury output");
  const cache = new VerificationCache();
  const store = await ChainStore.open(
    { dataDir: opts.dataDir, params, genesisHash: genesis.hash },
    { verifier: cache.verifier },
  );
  const nodes: TimeNode[] = [];
  let tasks: SettlingTasks | null = null;
  let failure: PrebuiltChainError<"PREBUILT_NODE_FAILED"> | null = null;
  const failAs =
    (node: number) =>
    (what: string, error: unknown): void => {
      failure ??= new PrebuiltChainError(
        "PREBUILT_NODE_FAILED",
        `node ${node}: ${what}: ${reason(error)}`,
        { node, what, reason: reason(error) },
        { cause: error },
      );
    };
  try {
    const height = store.getTip()?.height ?? 0n;
    if (height > 0n) {
      throw new PrebuiltChainError(
        "PREBUILT_NOT_EMPTY",
        `${opts.dataDir} already holds a chain of ${height} blocks`,
        { dataDir: opts.dataDir, height: height.toString() },
      );
    }
    const genesisMs = Number(genesis.block.header.timestamp);
    const time = new VirtualTime(genesisMs);
    const operators = Array.from({ length: NODES }, (_, i) => devnetRoleKey("operator", i));
    const ids = operators.map((k) => toHex(k.publicKey));
    const net = new InProcessNet(time, ids, latencyMs);
    const rng = new SeededRng(seed);
    const settling = new SettlingTasks(failAs(-1));
    tasks = settling;
    for (let i = 0; i < NODES; i++) {
      const operator = operators[i] as (typeof operators)[number];
      const fail = failAs(i);
      const backend: ChainBackend =
        i === 0
          ? store
          : new MemoryChainBackend({ params, genesisHash: genesis.hash }, { verifier: cache.verifier });
      const node = await createNode(
        {
          params,
          genesis: { block: genesis.block, hash: genesis.hash, treasuryAddress },
          operator: { publicKey: operator.publicKey, secret: operator.privateKey },
          tsdc: { chainId: params.chainId, blockIntervalMs, genesisTimestampMs: genesisMs },
        },
        {
          backend,
          clock: time,
          scheduler: time,
          rng: rng.fork(),
          signatures: cache.signatures,
          vrf: cache.vrf,
          verifier: cache.verifier,
          transport: net.transport(i),
          tasks: settling,
          logger: failingLogger(fail),
        },
      );
      nodes.push(node);
      node.events.on("node:fault", ({ what, error }) => fail(what, error));
      node.events.on("node:blockRefused", ({ from, height: h, code }) =>
        fail(`block ${h} from ${from} refused`, new Error(code)),
      );
    }

    const keys = Array.from({ length: WALLET_KEYS }, (_, i) =>
      testKeyFromSeed(devnetRoleKey("faucet", i).privateKey),
    );
    const wallet = new Wallet(params.chainId, keys, rng.fork());
    wallet.connect(genesis.block, 0n);
    const first = nodes[0] as TimeNode;
    let transactions = 0;
    let nextClient = 0;
    const startedAt = performance.now();
    const submit = (): void => {
      for (const tx of wallet.next(txsPerBlock)) {
        (nodes[nextClient] as TimeNode).submit(tx);
        nextClient = (nextClient + 1) % NODES;
      }
    };
    first.events.on("chain:block", ({ certified }) => {
      const h = certified.block.header.height;
      wallet.connect(certified.block, h);
      transactions += certified.block.transactions.length - 1;
      if (h < BigInt(blocks)) time.after(0, submit);
      const elapsedMs = performance.now() - startedAt;
      opts.onProgress?.({
        height: Number(h),
        blocks,
        elapsedMs,
        blocksPerSecond: elapsedMs > 0 ? (Number(h) * 1_000) / elapsedMs : 0,
        transactions,
      });
    });
    for (const node of nodes) node.start();
    submit();

    const target = BigInt(blocks);
    const stallMs = STALL_SLOTS * blockIntervalMs;
    let lastHeight = 0n;
    let lastGrowth = time.now();
    for (;;) {
      await settling.settle();
      if (failure !== null) throw failure;
      const tip = store.getTip()?.height ?? 0n;
      if (tip >= target) break;
      if (tip > lastHeight) {
        lastHeight = tip;
        lastGrowth = time.now();
      } else if (time.now() - lastGrowth > stallMs) {
        throw new PrebuiltChainError("PREBUILT_STALLED", `the chain stopped growing at height ${tip}`, {
          height: tip.toString(),
          stalledMs: time.now() - lastGrowth,
        });
      }
      if (!time.step()) {
        throw new PrebuiltChainError("PREBUILT_STALLED", `nothing left to run at height ${tip}`, {
          height: tip.toString(),
          stalledMs: 0,
        });
      }
    }
    const virtualMs = time.now() - genesisMs;
    await closeNodes(nodes, settling);
    if (failure !== null) throw failure;
    // Settling drains one step at a time, so node 0 cannot pass the target by more than a backlog it synced
    // in one go; such extra blocks are taken off again so the chain has exactly `blocks` blocks.
    if ((store.getTip()?.height ?? 0n) > target) await store.rollbackTo(target);
    const tip = store.getTip();
    if (tip === null) throw new Error("the store lost its tip");
    const utxoSet = await store.utxoSetSummary();
    let inChain = 0;
    for (let h = 1n; h <= tip.height; h++) {
      const b = await store.getBlockByHeight(h);
      inChain += (b?.block.transactions.length ?? 1) - 1;
    }
    return {
      dataDir: opts.dataDir,
      tipHeight: tip.height,
      tipHash: toHex(tip.hash),
      genesisHash: toHex(genesis.hash),
      utxoSet,
      transactions: inChain,
      pendingTransactions: wallet.pendingCount,
      elapsedMs: performance.now() - startedAt,
      virtualMs,
      verifications: cache.counts,
    };
  } finally {
    await closeNodes(nodes, tasks);
    await store.close();
  }
}

/** Closes the nodes (idempotent), then lets what they had in flight settle so the store closes quiet. */
async function closeNodes(nodes: readonly TimeNode[], tasks: SettlingTasks | null): Promise<void> {
  for (const node of nodes) await node.close();
  if (tasks !== null) await tasks.settle();
}
