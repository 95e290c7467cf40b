// Random connect/disconnect sequences against one LevelDB store: after every step the store's UTXO set,
// masternode registry and operator index equal the reference model (TestChain's MapStateView, driven by
// the kernel's applyEffects/revertUndo), and disconnect(connect(S, b)) gives back S's UTXO summary.
// One database serves every case; each case rolls back to genesis when it ends.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UtxoSetSummary } from "../kernel/utxo-set-summary.js";
import { DEVNET } from "../params/network.js";
import { addressTxEntryCount, TestChain } from "../testing/index.js";
import type { SpecialPayloadKind } from "../types/chain.js";
import { ChainStore } from "./chain-store.js";

const RUNS = process.env.TIME_FULL_TESTS === "1" ? 10_000 : 1_000;

type Op = "connect" | "disconnect" | "bounce";

let dir: string;
let store: ChainStore;
let chain: TestChain;
let genesisSummary: UtxoSetSummary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "time-db-prop-"));
  store = await ChainStore.open({ dataDir: dir, params: DEVNET });
  chain = new TestChain({
    label: "property",
    keyCount: 6,
    // Certificates are stored, not checked, at this layer: one validator keeps signing cheap.
    validatorCount: 1,
    genesis: { outputsPerKey: 3 },
    child: { maxTransactions: 3, maxInputs: 3, maxOutputs: 3, masternodeOpChance: 0.4 },
  });
  await store.connectBlock(chain.tip);
  genesisSummary = await chain.summary();
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function expectStoreMatchesReference(): Promise<UtxoSetSummary> {
  const summary = await store.utxoSetSummary();
  expect(summary).toEqual(await chain.summary());
  const masternodes = chain.masternodes();
  expect(await store.listMasternodes()).toEqual(masternodes);
  for (const record of masternodes) {
    expect(await store.getMasternodeByOperator(record.operatorPublicKey)).toEqual(record);
  }
  expect(store.getTip()?.height).toBe(chain.height);
  return summary;
}

/** Entry counts of every sublevel match the reference (no stale index entries anywhere). */
async function expectCountsMatchReference(): Promise<void> {
  const stats = await store.stats();
  const height = Number(chain.height);
  let txs = 0;
  let addressTxs = 0;
  for (const block of chain.blocks) {
    txs += block.block.transactions.length;
    addressTxs += addressTxEntryCount(block);
  }
  expect(stats).toEqual({
    blocks: height + 1,
    heights: height + 1,
    undo: height + 1,
    txindex: txs,
    utxos: chain.state.utxos.size,
    masternodes: chain.state.masternodes.size,
    operators: chain.state.operators.size,
    addrutxos: chain.state.utxos.size,
    addrtxs: addressTxs,
    meta: 4,
  });
}

describe("ChainStore against the reference model", () => {
  it(`keeps state equal over random connect/disconnect sequences (${RUNS} cases)`, async () => {
    const kinds = new Set<SpecialPayloadKind>();
    let maxHeight = 0n;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.array(fc.constantFrom<Op>("connect", "connect", "disconnect", "bounce"), {
          minLength: 1,
          maxLength: 6,
        }),
        async (seed, ops) => {
          cases += 1;
          // Tombstones of earlier cases would make every iteration crawl; production compacts rarely.
          if (cases % 50 === 0) await store.compact();
          chain.reseed(seed);
          // summaries[h] is the summary with the tip at height h, for the disconnect(connect(S)) check.
          const summaries: UtxoSetSummary[] = [genesisSummary];
          try {
            for (const op of ops) {
              if (op === "connect" || chain.height === 0n) {
                const block = chain.extend();
                for (const tx of block.block.transactions) if (tx.special) kinds.add(tx.special.kind);
                await store.connectBlock(block);
                summaries.push(await expectStoreMatchesReference());
                if (chain.height > maxHeight) maxHeight = chain.height;
              } else if (op === "disconnect") {
                const expected = chain.disconnect();
                expect(await store.disconnectTip()).toEqual(expected);
                summaries.pop();
                expect(await expectStoreMatchesReference()).toEqual(summaries[summaries.length - 1]);
              } else {
                const before = summaries[summaries.length - 1];
                const tip = await store.disconnectTip();
                expect(await store.utxoSetSummary()).toEqual(summaries[summaries.length - 2]);
                await store.connectBlock(tip);
                expect(await expectStoreMatchesReference()).toEqual(before);
              }
            }
            await expectCountsMatchReference();
          } finally {
            // Back to genesis on both sides whatever happened, so the next case starts clean.
            while (chain.height > 0n) chain.disconnect();
            const tip = store.getTip();
            if (tip && tip.height > 0n) await store.rollbackTo(0n);
          }
          expect(await store.utxoSetSummary()).toEqual(genesisSummary);
          await expectCountsMatchReference();
        },
      ),
      { numRuns: RUNS },
    );
    // The generator reached every masternode operation and chains of several blocks.
    expect([...kinds].sort()).toEqual(["masternodeDeregistration", "masternodeRegistration", "payoutChange"]);
    expect(maxHeight).toBeGreaterThanOrEqual(5n);
  });
});
