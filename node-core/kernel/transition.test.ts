// The state transition is exactly reversible: for random valid chains, reverting every block's undo record
// (in reverse order) walks back through the very same UTXO and masternode states, byte for byte: every
// field of every masternode record and UTXO entry, and the operator-key index, not just a digest of them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TestChain } from "../testing/index.js";
import type { UtxoEntry } from "../types/state.js";
import type { BlockEffects } from "./effects.js";
import { applyEffects, revertUndo } from "./transition.js";
import { MapStateView, outpointKey } from "./view.js";

/** A deep copy of the whole reference state, in a canonical order (later writes cannot alter it). */
async function snapshot(chain: TestChain) {
  const utxos = chain
    .utxos()
    .map((u) => ({ key: outpointKey(u.outpoint), outpoint: u.outpoint, entry: u.entry }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const operators = [...chain.state.operators.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return structuredClone({
    summary: await chain.summary(),
    utxos,
    masternodes: chain.masternodes(),
    operators,
  });
}

describe("applyEffects / revertUndo", () => {
  it("disconnect(connect(S, b)) == S over random chains", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 8 }),
        async (seed, length) => {
          const chain = new TestChain({
            seed,
            label: `transition-${seed % 4}`,
            child: { masternodeOpChance: 0.5 },
          });
          const snapshots = [await snapshot(chain)];
          for (let i = 0; i < length; i++) {
            chain.extend();
            snapshots.push(await snapshot(chain));
          }
          for (let i = length; i > 0; i--) {
            chain.disconnect();
            expect(await snapshot(chain)).toEqual(snapshots[i - 1]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("applyEffects on a bare state", () => {
  it("deletes what the block spends and adds what it creates; revertUndo puts it back", () => {
    const state = new MapStateView();
    const entry: UtxoEntry = {
      amount: 5_000n,
      address: new Uint8Array(20).fill(1),
      height: 1n,
      isReward: false,
    };
    const spent = { txid: new Uint8Array(32).fill(1), index: 0 };
    const created = {
      outpoint: { txid: new Uint8Array(32).fill(2), index: 3 },
      entry: { ...entry, height: 2n },
    };
    state.setUtxo(spent, entry);
    const effects = {
      spent: [spent],
      created: [created],
      masternodes: [],
      undo: {
        height: 2n,
        blockHash: new Uint8Array(32),
        spent: [{ outpoint: spent, entry }],
        created: [created.outpoint],
        masternodes: [],
      },
    } as unknown as BlockEffects;
    applyEffects(state, effects);
    expect(state.getUtxo(spent)).toBeUndefined();
    expect(state.getUtxo(created.outpoint)).toEqual(created.entry);
    expect(state.utxos.size).toBe(1);
    revertUndo(state, effects.undo);
    expect(state.getUtxo(spent)).toEqual(entry);
    expect(state.getUtxo(created.outpoint)).toBeUndefined();
  });
});
