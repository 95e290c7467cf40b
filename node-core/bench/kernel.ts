// `npm run bench -- kernel`: signature verification (one thread and the worker pool), BLAKE3 on 200-byte
// inputs, block validation of 1,000 two-input two-output transactions (signatures included), the UTXO
// connect rate of the LevelDB chain store, and mempool admission and capacity eviction at 50,000 entries.
// TIME_BENCH_SECTION=mempool runs only the mempool figures.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { blockHash, transactionId, transactionSize } from "../codec/index.js";
import { SeededRng } from "../consensus/index.js";
import { blake3, randomSeed, type SignatureCheck, sign, VerifyPool, verifyAll } from "../crypto/index.js";
import type { SignatureVerifier } from "../db/index.js";
import { ChainStore, MemoryChainBackend } from "../db/index.js";
import {
  applyEffects,
  blockSignatureChecks,
  checkBlock,
  checkTransaction,
  MapStateView,
} from "../kernel/index.js";
import { Mempool } from "../mempool/index.js";
import { BLOCK_REWARD, DEVNET, minimumFee, TX_VERSION } from "../params/index.js";
import {
  assembleTestBlock,
  buildGenesis,
  buildSpend,
  deriveTestKeys,
  signTransaction,
  type TestKey,
  TestWallet,
  testKeyFromSeed,
} from "../testing/index.js";
import type { CertifiedBlock, Transaction, Utxo } from "../types/index.js";
import { SAT_PER_TIME, toHex } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import { formatRate, measureRate, report } from "./measure.js";

const TXS_PER_BLOCK = 1_000;
/** The default mempool limit (DEFAULT_MEMPOOL_OPTIONS.maxTransactions). */
const MEMPOOL_FILL = 50_000;
/** Inserts into the full pool, each paying more than anything pooled so each evicts one entry. */
const MEMPOOL_OVERFLOW = 5_000;

const checkKey = (c: SignatureCheck) => `${toHex(c.publicKey)}${toHex(c.signature)}${toHex(c.message)}`;

/**
 * Mempool admission into an empty pool up to 50,000 entries, then inserts into the full pool that each
 * force one capacity eviction. Signatures are verified on the pool before the clock starts and the
 * mempool's verifier looks each check up in that set, so the figures leave signature verification out
 * (real verification would hold admission near the ed25519 rates above) and show the pool's own work:
 * txid, kernel rules, chain reads, indexes and eviction. The chain is the in-memory backend (no LevelDB
 * reads) and the spends are independent one-in one-out ones (no pool children or conflicts).
 */
async function mempoolBench(pool: VerifyPool): Promise<void> {
  const wallet = new TestWallet(deriveTestKeys("bench/mempool", 1_000));
  const total = MEMPOOL_FILL + MEMPOOL_OVERFLOW;
  const genesis = buildGenesis(DEVNET, wallet, {
    outputsPerKey: Math.ceil(total / wallet.keys.length),
    amount: 10n * SAT_PER_TIME,
  });
  const state = new MapStateView();
  applyEffects(state, checkBlock(genesis.block, state, { params: DEVNET, parent: null }));
  const coins = [...state.utxos.values()].slice(0, total);
  const buildStart = process.hrtime.bigint();
  const rng = new SeededRng(7);
  // Fill fees spread over 1,000 levels (ties included); the overflow pays above all of them.
  const txs = coins.map((utxo, i) => {
    const key = wallet.owner(utxo.entry.address) as TestKey;
    const extraFee = i < MEMPOOL_FILL ? BigInt(rng.int(1_000)) * 10n : 20_000n + BigInt(rng.int(1_000)) * 10n;
    const tx = buildSpend(DEVNET.chainId, [{ ...utxo, key }], [key.address], rng, {
      outputCount: 1,
      extraFee,
    });
    if (!tx) throw new Error("bench coin cannot pay its fee");
    return tx;
  });
  const verified = new Set<string>();
  const checks = txs.flatMap(
    (tx) =>
      checkTransaction(tx, transactionId(tx), state, { chainId: DEVNET.chainId, height: 1n }).signatureChecks,
  );
  for (let i = 0; i < checks.length; i += 5_000) {
    const batch = checks.slice(i, i + 5_000);
    const results = await pool.verifyBatch(batch);
    batch.forEach((c, j) => {
      if (results[j]) verified.add(checkKey(c));
    });
  }
  const buildSeconds = Number(process.hrtime.bigint() - buildStart) / 1e9;
  console.log(
    `(signed and pre-verified ${txs.length} one-in one-out spends in ${buildSeconds.toFixed(1)} s)`,
  );

  const backend = new MemoryChainBackend({ params: DEVNET });
  await backend.connectBlock(genesis);
  let clockMs = 0;
  const mempool = new Mempool(
    { maxTransactions: MEMPOOL_FILL },
    {
      backend,
      params: DEVNET,
      clock: { now: () => clockMs++ },
      logger: silentLogger,
      verifier: (batch) => batch.map((c) => verified.has(checkKey(c))),
    },
  );
  let evictionCount = 0;
  mempool.onEvicted(() => {
    evictionCount++;
  });
  // A call, not the variable: the listener's increments are invisible to control-flow narrowing.
  const evictions = () => evictionCount;
  const fillStart = process.hrtime.bigint();
  for (let i = 0; i < MEMPOOL_FILL; i++) await mempool.add(txs[i] as Transaction);
  const fillSeconds = Number(process.hrtime.bigint() - fillStart) / 1e9;
  if (mempool.size !== MEMPOOL_FILL || evictions() !== 0) throw new Error("bench pool did not fill");
  report(
    `mempool insert, filling to ${formatRate(MEMPOOL_FILL)} (sigs pre-verified)`,
    `${formatRate(MEMPOOL_FILL / fillSeconds)} tx/s`,
    "in-memory chain, 1-in 1-out, no signature verification",
  );
  const overflowStart = process.hrtime.bigint();
  for (let i = MEMPOOL_FILL; i < total; i++) await mempool.add(txs[i] as Transaction);
  const overflowSeconds = Number(process.hrtime.bigint() - overflowStart) / 1e9;
  if (mempool.size !== MEMPOOL_FILL || evictions() !== MEMPOOL_OVERFLOW) {
    throw new Error(`bench overflow: ${evictions()} evictions, pool of ${mempool.size}`);
  }
  report(
    `mempool insert + eviction, full at ${formatRate(MEMPOOL_FILL)} (sigs pre-verified)`,
    `${formatRate(MEMPOOL_OVERFLOW / overflowSeconds)} tx/s`,
    `${formatRate(MEMPOOL_OVERFLOW)} inserts, one eviction each; same omissions`,
  );
}

function signatureChecks(keys: readonly TestKey[], count: number): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[i % keys.length] as TestKey;
    const message = blake3(Uint8Array.of(i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff));
    checks.push({ publicKey: key.publicKey, message, signature: sign(key.seed, message) });
  }
  return checks;
}

/** A chain whose every block holds 1,000 transactions, each spending two outputs into two new ones. */
function buildChain(blocks: number): {
  genesis: CertifiedBlock;
  children: CertifiedBlock[];
  validators: TestKey[];
} {
  const wallet = new TestWallet(deriveTestKeys("bench", 2 * TXS_PER_BLOCK));
  const validators = deriveTestKeys("bench/validators", 3);
  const genesis = buildGenesis(DEVNET, wallet, { outputsPerKey: 1, amount: 1_000n * SAT_PER_TIME });
  const state = new MapStateView();
  applyEffects(state, checkBlock(genesis.block, state, { params: DEVNET, parent: null }));
  let spendable: { utxo: Utxo; key: TestKey }[] = [...state.utxos.values()].map((utxo) => ({
    utxo,
    key: wallet.owner(utxo.entry.address) as TestKey,
  }));
  const children: CertifiedBlock[] = [];
  let parent = genesis;
  for (let b = 0; b < blocks; b++) {
    const height = parent.block.header.height + 1n;
    const txs: Transaction[] = [];
    const next: { utxo: Utxo; key: TestKey }[] = [];
    for (let t = 0; t < TXS_PER_BLOCK; t++) {
      const a = spendable[2 * t] as { utxo: Utxo; key: TestKey };
      const c = spendable[2 * t + 1] as { utxo: Utxo; key: TestKey };
      const draft: Transaction = {
        version: TX_VERSION,
        inputs: [a, c].map((s) => ({
          prevout: s.utxo.outpoint,
          publicKey: s.key.publicKey,
          signature: new Uint8Array(64),
        })),
        outputs: [
          { amount: 1n, address: c.key.address },
          { amount: 1n, address: a.key.address },
        ],
        lockTime: 0n,
        special: null,
      };
      const available = a.utxo.entry.amount + c.utxo.entry.amount - minimumFee(transactionSize(draft));
      const unsigned = {
        ...draft,
        outputs: [
          { amount: available / 2n, address: c.key.address },
          { amount: available - available / 2n, address: a.key.address },
        ],
      };
      const tx = signTransaction(DEVNET.chainId, unsigned, [a.key, c.key]);
      const txid = transactionId(tx);
      txs.push(tx);
      tx.outputs.forEach((output, index) => {
        next.push({
          utxo: {
            outpoint: { txid, index },
            entry: { amount: output.amount, address: output.address, height, isReward: false },
          },
          key: index === 0 ? c.key : a.key,
        });
      });
    }
    const reward: Transaction = {
      version: TX_VERSION,
      inputs: [],
      outputs: [{ amount: BLOCK_REWARD, address: (validators[0] as TestKey).address }],
      lockTime: height,
      special: null,
    };
    const child = assembleTestBlock(DEVNET, parent, reward, txs, validators);
    children.push(child);
    parent = child;
    spendable = next;
  }
  return { genesis, children, validators };
}

export async function runKernelBench(): Promise<void> {
  const threads = availableParallelism();
  const pool = new VerifyPool({ threads });
  try {
    if (process.env.TIME_BENCH_SECTION === "mempool") {
      await mempoolBench(pool);
      return;
    }
    // Signature verification. Keys recur (KeyObject cache warm) as they do for masternodes and busy wallets.
    const keys = deriveTestKeys("bench/verify", 1_000);
    const checks = signatureChecks(keys, 20_000);
    const single = await measureRate(checks.length, () => verifyAll(checks));
    report("ed25519 verify, 1 thread (1,000 recurring keys)", `${formatRate(single.perSecond)}/s`);
    const fresh = Array.from({ length: 3_000 }, () => testKeyFromSeed(randomSeed()));
    const freshChecks = signatureChecks(fresh, fresh.length);
    const start = process.hrtime.bigint();
    verifyAll(freshChecks);
    const freshRate = freshChecks.length / (Number(process.hrtime.bigint() - start) / 1e9);
    report("ed25519 verify, 1 thread (every key new: KeyObject import)", `${formatRate(freshRate)}/s`);
    const pooled = await measureRate(checks.length, () => pool.verifyBatch(checks));
    report(
      `ed25519 verify, worker pool (${threads} threads)`,
      `${formatRate(pooled.perSecond)}/s`,
      `${(pooled.perSecond / single.perSecond).toFixed(2)}x one thread`,
    );

    // BLAKE3 on 200-byte inputs.
    const inputs = Array.from({ length: 10_000 }, (_, i) => new Uint8Array(200).fill(i & 0xff));
    const hashes = await measureRate(inputs.length, () => {
      for (const input of inputs) blake3(input);
    });
    report("BLAKE3, 200-byte inputs", `${formatRate(hashes.perSecond)}/s`);

    // Block validation: 1,000 two-input two-output transactions, all checks and signatures.
    const chainStart = process.hrtime.bigint();
    const { genesis, children } = buildChain(8);
    const buildSeconds = Number(process.hrtime.bigint() - chainStart) / 1e9;
    console.log(
      `(built ${children.length} blocks of ${TXS_PER_BLOCK} transactions in ${buildSeconds.toFixed(1)} s)`,
    );
    const state = new MapStateView();
    applyEffects(state, checkBlock(genesis.block, state, { params: DEVNET, parent: null }));
    const first = (children[0] as CertifiedBlock).block;
    const parent = { hash: blockHash(genesis.block.header), height: 0n };
    const rulesOnly = await measureRate(TXS_PER_BLOCK, () =>
      checkBlock(first, state, { params: DEVNET, parent }),
    );
    report("block rules without signatures (checkBlock alone)", `${formatRate(rulesOnly.perSecond)} tx/s`);
    const blockChecks = checkBlock(first, state, { params: DEVNET, parent }).signatureChecks;
    const poolOnly = await measureRate(blockChecks.length, () => pool.verifyBatch(blockChecks));
    report("the block's signatures on the pool", `${formatRate(poolOnly.perSecond)}/s`);
    const validateSync = await measureRate(TXS_PER_BLOCK, () => {
      const effects = checkBlock(first, state, { params: DEVNET, parent });
      if (!verifyAll(effects.signatureChecks).every(Boolean)) throw new Error("bench block failed to verify");
    });
    report("block validation, 1 thread (1,000 2-in 2-out txs)", `${formatRate(validateSync.perSecond)} tx/s`);
    const validatePool = await measureRate(TXS_PER_BLOCK, async () => {
      // As the chain store does it: the signatures go to the pool first and the rules run meanwhile.
      const txids = first.transactions.map(transactionId);
      const verified = pool.verifyBatch(blockSignatureChecks(first, txids, DEVNET.chainId));
      checkBlock(first, state, { params: DEVNET, parent });
      if (!(await verified).every(Boolean)) throw new Error("bench block failed to verify");
    });
    report(
      `block validation, signatures on the pool (${threads} threads)`,
      `${formatRate(validatePool.perSecond)} tx/s`,
    );

    // UTXO connect rate: the chain store connecting those blocks (prefetch, checks, signatures, one batch
    // each), first verifying every signature on the pool, then with the signatures already verified the way
    // a node has them for transactions its mempool admitted (the storage-bound figure).
    const connectRate = async (label: string, verifier: SignatureVerifier) => {
      const dir = await mkdtemp(join(tmpdir(), "time-bench-"));
      try {
        const store = await ChainStore.open({ dataDir: dir, params: DEVNET }, { verifier });
        try {
          await store.connectBlock(genesis);
          let updates = 0;
          const connectStart = process.hrtime.bigint();
          for (const child of children) {
            const effects = await store.connectBlock(child);
            updates += effects.spent.length + effects.created.length;
          }
          const seconds = Number(process.hrtime.bigint() - connectStart) / 1e9;
          report(
            label,
            `${formatRate(updates / seconds)} updates/s`,
            `${formatRate((children.length * TXS_PER_BLOCK) / seconds)} tx/s over ${children.length} blocks`,
          );
        } finally {
          await store.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    await connectRate("UTXO connect to LevelDB (connectBlock, pool verify)", (c) => pool.verifyBatch(c));
    const verified = new Set<string>();
    for (const child of children) {
      const checks = blockSignatureChecks(
        child.block,
        child.block.transactions.map(transactionId),
        DEVNET.chainId,
      );
      const results = await pool.verifyBatch(checks);
      checks.forEach((c, i) => {
        if (results[i]) verified.add(checkKey(c));
      });
    }
    await connectRate("UTXO connect to LevelDB (signatures verified at admission)", (checks) =>
      checks.map((c) => verified.has(checkKey(c))),
    );

    await mempoolBench(pool);
  } finally {
    await pool.close();
  }
}
