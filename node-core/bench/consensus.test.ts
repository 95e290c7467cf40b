import { describe, expect, it } from "vitest";
import type { SimResult } from "../sim/index.js";
import { resolveSimOptions } from "../sim/index.js";
import { MATRIX_ADVERSARIES, MATRIX_LEAVES_OUT, matrixOptions, targetVerdict } from "./consensus.js";

/** The fields targetVerdict reads, over a result that would meet the target. */
function result(over: Partial<SimResult>): SimResult {
  return {
    finalityMsP50: 800,
    finalityMsP99: 2_900,
    honestDisagreements: 0,
    conflictingFinal: 0,
    outpointDisagreements: 0,
    ...over,
  } as SimResult;
}

describe("consensus bench matrix", () => {
  it("is the issue's setting: N = 100, 50 ms, 2% loss, 400 txs + 10% double spends, multi-input, 20%", () => {
    expect(MATRIX_ADVERSARIES).toEqual(["silent", "minority", "equivocate", "adaptive"]);
    for (const adversary of MATRIX_ADVERSARIES) {
      const o = resolveSimOptions(matrixOptions(adversary));
      expect(o).toMatchObject({ nodes: 100, byzantine: 0.2, adversary, latencyMs: 50, loss: 0.02, txs: 400 });
      expect(o.doubleSpends).toBe(40);
      expect(o.multiInput).toBeGreaterThan(0);
      expect(o.overlaps).toBeGreaterThan(0);
    }
    expect(MATRIX_LEAVES_OUT.length).toBeGreaterThan(0);
  });

  it("says met only within both targets and when safe; never-decided pairs (null) miss", () => {
    expect(targetVerdict(result({}))).toMatch(/: met$/);
    expect(targetVerdict(result({ finalityMsP50: 1_001 }))).toMatch(/MISSED$/);
    expect(targetVerdict(result({ finalityMsP99: 3_001 }))).toMatch(/MISSED$/);
    expect(targetVerdict(result({ finalityMsP99: null }))).toMatch(/MISSED$/);
    expect(targetVerdict(result({ outpointDisagreements: 1 }))).toMatch(/MISSED$/);
    expect(targetVerdict(result({ conflictingFinal: 1 }))).toMatch(/MISSED$/);
  });
});
