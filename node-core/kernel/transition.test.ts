// The state transition is exactly reversible: for random valid chains, reverting every block's undo record
// (in reverse order) walks back through the very same UTXO and masternode states, byte for byte.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TestChain } from "../testing/test-chain.js";
import { toHex } from "../types/bytes.js";
import type { MasternodeRecord } from "../types/state.js";

function masternodeSnapshot(records: MasternodeRecord[]): string[] {
  return records.map(
    (r) =>
      `${toHex(r.collateral.txid)}:${r.collateral.index}/${toHex(r.operatorPublicKey)}/${toHex(r.payoutAddress)}`,
  );
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
          const snapshots = [
            { utxos: await chain.summary(), masternodes: masternodeSnapshot(chain.masternodes()) },
          ];
          for (let i = 0; i < length; i++) {
            chain.extend();
            snapshots.push({
              utxos: await chain.summary(),
              masternodes: masternodeSnapshot(chain.masternodes()),
            });
          }
          for (let i = length; i > 0; i--) {
            chain.disconnect();
            const expected = snapshots[i - 1];
            expect({
              utxos: await chain.summary(),
              masternodes: masternodeSnapshot(chain.masternodes()),
            }).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
