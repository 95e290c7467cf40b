// The state transition is exactly reversible: for random valid chains, reverting every block's undo record
// (in reverse order) walks back through the very same UTXO and masternode states, byte for byte: every
// field of every masternode record and UTXO entry, and the operator-key index, not just a digest of them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TestChain } from "../testing/index.js";
import { outpointKey } from "./view.js";

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
