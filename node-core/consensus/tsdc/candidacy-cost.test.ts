// Candidacy handling is cheap: a VRF verify costs far more than a signature check, so a candidacy whose
// claimed draw cannot beat the best verified one of its round is dropped unverified. With 100 candidacies
// in any of several arrival orders the engine verifies a handful, and still picks the winner that
// verifying every draw picks; a forged claim that would win is verified, rejected, and never displaces
// the true best.
import { describe, expect, it } from "vitest";
import { SeededRng } from "../runtime.js";
import type { ProposerDraw } from "./proposer.js";
import { outranks, scoreUnit } from "./ranking.js";
import { Harness, validatorById } from "./rules-harness.js";
import type { TestValidator } from "./test-support.js";

const WEIGHTS = Array.from({ length: 100 }, (_, i) => [10, 100, 1000][i % 3]!);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = new SeededRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Counts the VRF verifies the engine makes (its scheme object is shared with the harness). */
function countVerifies(h: Harness): () => number {
  const vrf = h.schemes.vrf as { verify: typeof h.schemes.vrf.verify };
  const verify = vrf.verify;
  let n = 0;
  vrf.verify = (pk, proof, alpha) => {
    n++;
    return verify(pk, proof, alpha);
  };
  return () => n;
}

/** A proof for `v` that no key verifies but whose claimed draw outranks `best`. */
function forgedBetterProof(h: Harness, v: TestValidator, best: ProposerDraw, seed: number): Uint8Array {
  const rng = new SeededRng(seed);
  for (let i = 0; i < 1_000_000; i++) {
    const proof = Uint8Array.from({ length: 80 }, () => rng.int(256));
    const claim = {
      operatorPublicKey: v.publicKey,
      weight: v.weight,
      unit: scoreUnit(h.schemes.vrf.output(proof)),
    };
    if (outranks(claim, best)) return proof;
  }
  throw new Error("no forged proof found");
}

describe("TSDC candidacy cost", () => {
  it("verifies far fewer than 100 of 100 candidacies and picks the same winner as verifying all", async () => {
    const counts: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const h = new Harness("candidacy-cost", { weights: WEIGHTS });
      await h.startHeight1();
      // Verifying every draw (offline, before counting) gives the reference winner.
      const winner = h.ranking(0)[0]!.validator.id;
      const verifies = countVerifies(h);
      for (const v of shuffled(h.validators.slice(1), seed)) {
        const verdict = await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 0) });
        expect(verdict.verdict).not.toBe("reject");
      }
      expect(h.engine.inspect().rounds[0]!.best).toBe(winner);
      // Random arrival: about ln(100) verifies (each new best so far); far fewer than 99 in every order.
      expect(verifies()).toBeLessThanOrEqual(20);
      const { vrfVerifies, ignored } = h.engine.stats();
      expect(vrfVerifies).toBe(verifies());
      expect(vrfVerifies + ignored.outranked).toBe(99);
      counts.push(vrfVerifies);
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThan(5 * 15);
  });

  it("rejects a forged claim that would win, before and after the true best arrived", async () => {
    const h = new Harness("candidacy-cost", { weights: WEIGHTS });
    await h.startHeight1();
    const ranking = h.ranking(0);
    const best = ranking[0]!;
    // The heaviest validator that is not the winner (nor the engine) forges a better draw.
    const forger = validatorById(
      h,
      ranking.find(
        (d) => d.weight === 1000 && d.validator.id !== best.validator.id && d.validator.id !== h.me.id,
      )!.validator.id,
    );
    const forge = (seed: number) => ({
      kind: "candidacy" as const,
      candidacy: { ...h.candidacy(forger, 0), vrfProof: forgedBetterProof(h, forger, best, seed) },
    });
    expect(await h.deliver(forger, forge(1))).toEqual({ verdict: "reject", reason: "bad-vrf" });
    for (const v of shuffled(h.validators.slice(1), 9)) {
      await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 0) });
    }
    expect(h.engine.inspect().rounds[0]!.best).toBe(best.validator.id);
    // After the forger's real candidacy: a second forgery is a duplicate (real one kept) or verified and
    // rejected (real one outranked), never accepted.
    expect((await h.deliver(forger, forge(2))).verdict).not.toBe("accept");
    expect(h.engine.inspect().rounds[0]!.best).toBe(best.validator.id);
  });
});
