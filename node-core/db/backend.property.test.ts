// The two ChainBackend implementations agree: ChainStore (real LevelDB in a temp dir) and MemoryChainBackend
// are fed the same random TestChain blocks, disconnects, rollbacks and invalid blocks, and after every step
// they have the same tip, the same errors, and at the end equal UTXO summaries, masternode lists, blocks
// and undo records. fast-check prints the seed and the shrunk operation list of any failure.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import { assembleBlock } from "../kernel/index.js";
import { DEVNET } from "../params/network.js";
import { buildChild, certify, SeededRng, TestChain } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";
import { ChainStore } from "./chain-store.js";
import type { ChainBackend } from "./chain-view.js";
import { MemoryChainBackend } from "./memory-backend.js";

const RUNS = process.env.TIME_FULL_TESTS === "1" ? 400 : 60;

// Type-level check: the LevelDB store satisfies the contract structurally.
const storeIsBackend = (store: ChainStore): ChainBackend => store;
void storeIsBackend;

type Op =
  | { kind: "extend" }
  | { kind: "disconnect" }
  | { kind: "rollback"; depth: number }
  | { kind: "badSignature" }
  | { kind: "refusedBeforeCommit" }
  | { kind: "replayTip" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Op>({ kind: "extend" }) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "disconnect" }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }).map<Op>((depth) => ({ kind: "rollback", depth })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "badSignature" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "refusedBeforeCommit" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "replayTip" }) },
);

class RefusedByHook extends Error {
  readonly code = "TEST_REFUSED";
}

let dir: string;
let store: ChainStore;

const CHAIN_OPTS = {
  label: "backend-equivalence",
  keyCount: 6,
  validatorCount: 1,
  genesis: { outputsPerKey: 3 },
  child: { maxTransactions: 3, maxInputs: 3, maxOutputs: 3, masternodeOpChance: 0.4 },
} as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "time-chain-backends-"));
  store = await ChainStore.open({ dataDir: dir, params: DEVNET });
  await store.connectBlock(new TestChain(CHAIN_OPTS).tip);
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `fn` on both backends; both must succeed with equal results or fail with the same error code. */
async function both<T>(fn: (backend: ChainBackend) => Promise<T>, memory: ChainBackend): Promise<T | Error> {
  const [a, b] = await Promise.allSettled([fn(store), fn(memory)]);
  if (a.status === "fulfilled" && b.status === "fulfilled") {
    expect(b.value).toEqual(a.value);
    return a.value;
  }
  expect(a.status).toBe(b.status);
  const ea = (a as PromiseRejectedResult).reason as Error & { code?: string };
  const eb = (b as PromiseRejectedResult).reason as Error & { code?: string };
  expect(eb.constructor).toBe(ea.constructor);
  expect(eb.code).toBe(ea.code);
  expect(eb.message).toBe(ea.message);
  return ea;
}

/** A valid child of the chain's tip (not applied) with one input signature flipped. */
function badSignatureChild(chain: TestChain, rng: SeededRng): CertifiedBlock | null {
  const child = buildChild(chain.params, chain.tip, chain.state, chain.wallet, chain.validators, rng, {
    maxTransactions: 3,
    masternodeOpChance: 0,
  });
  const txIndex = child.block.transactions.findIndex((tx) => tx.inputs.length > 0);
  if (txIndex < 0) return null;
  const tx = child.block.transactions[txIndex] as Transaction;
  const signature = Uint8Array.from((tx.inputs[0] as Transaction["inputs"][number]).signature);
  signature[5] = (signature[5] as number) ^ 0x01;
  const forged: Transaction = {
    ...tx,
    inputs: tx.inputs.map((input, i) => (i === 0 ? { ...input, signature } : input)),
  };
  // The header commits to witnesses (witnessRoot), so the forger re-assembles and re-certifies the block:
  // every commitment then holds and only the signature check can refuse it.
  const transactions = child.block.transactions.map((t, i) => (i === txIndex ? forged : t));
  const { header, heartbeats, previousCertificate } = child.block;
  const block = assembleBlock({ ...header, transactions, heartbeats, previousCertificate });
  return certify(chain.params.chainId, block, chain.validators);
}

async function expectSameState(
  memory: MemoryChainBackend,
  chain: TestChain,
  disconnectedTxids: readonly Uint8Array[],
): Promise<void> {
  expect(await memory.utxoSetSummary()).toEqual(await store.utxoSetSummary());
  expect(await memory.utxoSetSummary()).toEqual(await chain.summary());
  const masternodes = await store.listMasternodes();
  expect(await memory.listMasternodes()).toEqual(masternodes);
  expect(masternodes).toEqual(chain.masternodes());
  for (const record of masternodes) {
    expect(await memory.getMasternodeByOperator(record.operatorPublicKey)).toEqual(
      await store.getMasternodeByOperator(record.operatorPublicKey),
    );
    expect(await memory.getMasternode(record.collateral)).toEqual(record);
  }
  const collaterals = [...masternodes.map((r) => r.collateral), { txid: new Uint8Array(32), index: 1 }];
  expect(await memory.getMasternodes(collaterals)).toEqual(await store.getMasternodes(collaterals));
  const tip = store.getTip();
  expect(memory.getTip()).toEqual(tip);
  for (let h = 0n; h <= (tip?.height ?? -1n); h++) {
    const block = await store.getBlockByHeight(h);
    expect(await memory.getBlockByHeight(h)).toEqual(block);
    expect(await memory.getHashAtHeight(h)).toEqual(await store.getHashAtHeight(h));
    for (const tx of block?.block.transactions ?? []) {
      const txid = transactionId(tx);
      expect(await memory.getTransaction(txid)).toEqual(await store.getTransaction(txid));
      expect(await memory.getTransactionLocation(txid)).toEqual(await store.getTransactionLocation(txid));
    }
    if (h > 0n && tip) {
      const hash = chain.hashAt(Number(h));
      expect(await memory.getUndoRecord(hash)).toEqual(await store.getUndoRecord(hash));
      expect(await memory.getBlockByHash(hash)).toEqual(block);
    }
  }
  expect(await memory.getBlockByHeight((tip?.height ?? 0n) + 1n)).toBeNull();
  expect(await memory.getHashAtHeight((tip?.height ?? 0n) + 1n)).toBeNull();
  // Transactions of disconnected blocks leave both tx indexes.
  for (const txid of disconnectedTxids) {
    expect(await store.getTransactionLocation(txid)).toBeNull();
    expect(await memory.getTransactionLocation(txid)).toBeNull();
  }
  expect(toHex(memory.getGenesisHash() as Uint8Array)).toBe(toHex(store.getGenesisHash() as Uint8Array));
  // The address index: the store's (written with each block) equals the memory twin's (derived on demand),
  // for every address the chain uses and one it never does.
  for (const address of [...chain.wallet.keys.map((k) => k.address), new Uint8Array(20).fill(7)]) {
    expect(await memory.getAddressUtxos(address)).toEqual(await store.getAddressUtxos(address));
    expect(await memory.getAddressTransactions(address)).toEqual(await store.getAddressTransactions(address));
  }
}

describe("ChainBackend implementations", () => {
  it("ChainStore and MemoryChainBackend agree on random connects, disconnects and bad blocks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(opArb, { maxLength: 18, size: "max" }),
        async (seed, ops) => {
          const chain = new TestChain({ ...CHAIN_OPTS, seed });
          const memory = new MemoryChainBackend({ params: DEVNET, genesisHash: chain.hashAt(0) });
          const rng = new SeededRng(seed ^ 0x5a5a5a5a);
          const gone: Uint8Array[] = [];
          try {
            await memory.connectBlock(chain.tip);
            for (const op of ops) {
              if (op.kind === "extend") {
                const block = chain.extend();
                await both((b) => b.connectBlock(block), memory);
              } else if (op.kind === "disconnect") {
                const result = await both((b) => b.disconnectTip(), memory);
                if (!(result instanceof Error)) {
                  expect(result).toEqual(chain.disconnect());
                  gone.push(...result.block.transactions.map(transactionId));
                } else expect(chain.height).toBe(0n);
              } else if (op.kind === "rollback") {
                const target = chain.height - BigInt(op.depth);
                const result = await both((b) => b.rollbackTo(target), memory);
                if (result instanceof Error) {
                  expect(target).toBeLessThan(0n);
                } else {
                  const expected: CertifiedBlock[] = [];
                  while (chain.height > target) expected.push(chain.disconnect());
                  expect(result).toEqual(expected);
                  for (const c of expected) gone.push(...c.block.transactions.map(transactionId));
                }
              } else if (op.kind === "badSignature") {
                const bad = badSignatureChild(chain, rng);
                if (bad) {
                  const err = await both((b) => b.connectBlock(bad), memory);
                  expect((err as { code?: string }).code).toBe("DB_BAD_SIGNATURE");
                }
              } else if (op.kind === "refusedBeforeCommit") {
                // A valid child the caller's last check refuses: it saw the kernel's effects (with the
                // exact fees) and nothing may be written.
                const child = buildChild(
                  chain.params,
                  chain.tip,
                  chain.state,
                  chain.wallet,
                  chain.validators,
                  rng,
                  {
                    maxTransactions: 3,
                    masternodeOpChance: 0.4,
                  },
                );
                const seen: bigint[] = [];
                const err = await both(
                  (b) =>
                    b.connectBlock(child, (effects) => {
                      seen.push(effects.height);
                      throw new RefusedByHook("refused by the caller");
                    }),
                  memory,
                );
                expect((err as { code?: string }).code).toBe("TEST_REFUSED");
                expect(seen).toEqual([chain.height + 1n, chain.height + 1n]);
              } else {
                const err = await both((b) => b.connectBlock(chain.tip), memory);
                expect((err as { code?: string }).code).toBe("BLOCK_BAD_HEIGHT");
              }
              expect(memory.getTip()).toEqual(store.getTip());
            }
            const live = new Set(
              chain.blocks.flatMap((c) => c.block.transactions.map((t) => toHex(transactionId(t)))),
            );
            await expectSameState(
              memory,
              chain,
              gone.filter((txid) => !live.has(toHex(txid))),
            );
          } finally {
            const tip = store.getTip();
            if (tip && tip.height > 0n) await store.rollbackTo(0n);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses the same store-level operations with the same codes", async () => {
    const chain = new TestChain({ ...CHAIN_OPTS, seed: 99 });
    const memory = new MemoryChainBackend({ params: DEVNET, genesisHash: chain.hashAt(0) });
    const empty = new MemoryChainBackend({ params: DEVNET });
    await expect(empty.disconnectTip()).rejects.toMatchObject({ code: "DB_EMPTY" });
    await expect(empty.rollbackTo(0n)).rejects.toMatchObject({ code: "DB_EMPTY" });
    expect(empty.getTip()).toBeNull();
    expect(empty.getGenesisHash()).toBeNull();

    const other = new TestChain({ ...CHAIN_OPTS, label: "another-genesis" });
    await expect(memory.connectBlock(other.tip)).rejects.toMatchObject({ code: "DB_WRONG_NETWORK" });
    await memory.connectBlock(chain.tip);
    await expect(memory.disconnectTip()).rejects.toMatchObject({ code: "DB_REFUSE_GENESIS" });
    await expect(store.disconnectTip()).rejects.toMatchObject({ code: "DB_REFUSE_GENESIS" });
    await expect(memory.rollbackTo(1n)).rejects.toMatchObject({ code: "DB_BAD_HEIGHT" });
    await expect(memory.rollbackTo(-1n)).rejects.toMatchObject({ code: "DB_BAD_HEIGHT" });

    // A certificate naming another block.
    const child = chain.extend();
    const grandchild = chain.extend();
    const mismatched: CertifiedBlock = { block: child.block, certificate: grandchild.certificate };
    const errs = await Promise.allSettled([store.connectBlock(mismatched), memory.connectBlock(mismatched)]);
    for (const e of errs) {
      expect(e.status).toBe("rejected");
      expect((e as PromiseRejectedResult).reason).toMatchObject({ code: "DB_CERTIFICATE_MISMATCH" });
    }
    expect(memory.getTip()).toEqual(store.getTip());
  });
});

describe("MemoryChainBackend rollback depth", () => {
  it("refuses to roll back more than MAX_REORG_DEPTH blocks and undoes nothing", async () => {
    const chain = new TestChain({
      ...CHAIN_OPTS,
      seed: 5,
      child: { maxTransactions: 0, masternodeOpChance: 0 },
    });
    const memory = new MemoryChainBackend({ params: DEVNET });
    await memory.connectBlock(chain.tip);
    for (let i = 0; i < 101; i++) await memory.connectBlock(chain.extend());
    const before = memory.getTip();
    await expect(memory.rollbackTo(0n)).rejects.toMatchObject({ code: "DB_REORG_TOO_DEEP" });
    expect(memory.getTip()).toEqual(before);
    const undone = await memory.rollbackTo(1n);
    expect(undone).toHaveLength(100);
    expect(undone[0]).toEqual(chain.blocks[101]);
    expect(memory.getTip()?.height).toBe(1n);
  });
});
