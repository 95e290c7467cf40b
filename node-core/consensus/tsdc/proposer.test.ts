// Proposer proofs with the real ECVRF: a validator's header proof for (height, previousHash, round)
// verifies; the same proof for another round, parent, height or network does not, nor does a flipped bit,
// nor a key outside the voting set. The candidacy message yields the same draw as the header.
import { describe, expect, it } from "vitest";
import { vrfInputMessage } from "../../codec/signing.js";
import { vrfPublicKey } from "../../crypto/vrf.js";
import { toHex } from "../../types/bytes.js";
import type { BlockHeader } from "../../types/chain.js";
import { ecvrfScheme, ed25519Scheme } from "../schemes.js";
import {
  claimedRank,
  evaluateCandidacy,
  evaluateHeaderProposer,
  headerVrfCheck,
  isProposerFault,
  makeCandidacy,
  verifyProposerProof,
} from "./proposer.js";
import { rankCandidates, scoreUnit } from "./ranking.js";
import { makeValidators } from "./test-support.js";

const CHAIN = 3;
const { validators, votingSet } = makeValidators("proposer", [10, 100, 1000], ed25519Scheme);
const outsider = makeValidators("proposer-outsider", [10], ed25519Scheme).validators[0]!;
const previousHash = new Uint8Array(32).fill(0x42);
const v = validators[1]!;
const { candidacy, output } = makeCandidacy(ecvrfScheme, v.seed, v.publicKey, CHAIN, 9n, previousHash, 2);

const header: BlockHeader = {
  version: 1,
  chainId: CHAIN,
  height: 9n,
  previousHash,
  merkleRoot: new Uint8Array(32),
  witnessRoot: new Uint8Array(32),
  extrasHash: new Uint8Array(32),
  timestamp: 0n,
  round: 2,
  proposerPublicKey: v.publicKey,
  vrfProof: candidacy.vrfProof,
};

// Known answers, computed once with this file's setup (validators "proposer" of weights 10/100/1000, chain 3,
// height 9, previous hash 0x42 x 32) and written down: the VRF input, validator 1's ECVRF output at round 2,
// its score unit, and every validator's unit and the ranking per round. The units were checked by hand
// (first 8 output bytes, big-endian, + 1) and the order with the independent comparator below; a change in
// the VRF, its input encoding, scoreUnit or the ranking moves a proposer, which is a consensus change.
const KAT_ALPHA =
  "54494d452f7672662f763100030000000900000000000000" +
  "4242424242424242424242424242424242424242424242424242424242424242" +
  "02000000";
const KAT_OUTPUT =
  "18cbea65ce6d9e01066e073413205e5c7d9e1ab448e3e9891d7a4c39403a97b4" +
  "0867a8cdf057ec230c0d871c8a282b3c44697008c4ebb44d230c538834582adb";
const KAT_UNIT = 1786779400158420482n;
/** Per round: the score unit of validators 0, 1, 2, and the indices best first. */
const KAT_ROUNDS: readonly { units: readonly bigint[]; order: readonly number[] }[] = [
  { units: [10173237989635425928n, 13910278621092113917n, 15801573525160058796n], order: [2, 1, 0] },
  { units: [8100358484388896292n, 15039672031518117982n, 4430621061109239952n], order: [2, 1, 0] },
  // The bronze (10) beats the silver (100) here: u0 = 0.881 gives -ln(u)/w = 0.0127, u1 = 0.0969 gives 0.0233.
  { units: [16254172551105407728n, 1786779400158420482n, 4156507325328737416n], order: [2, 0, 1] },
  { units: [4215878483565230422n, 8811265054288208188n, 2181723778660814015n], order: [2, 1, 0] },
  { units: [15295807702119064286n, 9778848202927190000n, 294117821492138414n], order: [2, 1, 0] },
  { units: [4926883708444276325n, 10665224635766314550n, 7119413968877611319n], order: [2, 1, 0] },
];

/**
 * The ranking rule written out independently of ranking.ts: a beats b iff -ln(U_a/2^64)/w_a is smaller,
 * i.e. U_a^w_b * 2^(64 w_a) > U_b^w_a * 2^(64 w_b) (no gcd reduction, plain BigInt powers).
 */
function beatsByHand(ua: bigint, wa: number, ub: bigint, wb: number): boolean {
  return ua ** BigInt(wb) * 2n ** (64n * BigInt(wa)) > ub ** BigInt(wa) * 2n ** (64n * BigInt(wb));
}

describe("proposer draws: known answers", () => {
  it("the VRF input message and validator 1's output and unit at round 2", () => {
    expect(toHex(vrfInputMessage(CHAIN, 9n, previousHash, 2))).toBe(KAT_ALPHA);
    expect(toHex(output)).toBe(KAT_OUTPUT);
    expect(BigInt(`0x${KAT_OUTPUT.slice(0, 16)}`) + 1n).toBe(KAT_UNIT);
    expect(scoreUnit(output)).toBe(KAT_UNIT);
  });

  it("every validator's unit and the ranking in rounds 0..5", () => {
    const weights = [10, 100, 1000];
    KAT_ROUNDS.forEach(({ units, order }, round) => {
      // The written-down order agrees with the independent comparator (and with floats, far from ties).
      for (let i = 0; i + 1 < order.length; i++) {
        const a = order[i]!;
        const b = order[i + 1]!;
        expect(beatsByHand(units[a]!, weights[a]!, units[b]!, weights[b]!), `round ${round}`).toBe(true);
        const score = (k: number) => -Math.log(Number(units[k]!) / 2 ** 64) / weights[k]!;
        expect(score(a)).toBeLessThan(score(b));
      }
      const draws = validators.map((val, index) => {
        const made = makeCandidacy(ecvrfScheme, val.seed, val.publicKey, CHAIN, 9n, previousHash, round);
        const draw = evaluateCandidacy(made.candidacy, votingSet, ecvrfScheme, CHAIN);
        if (isProposerFault(draw)) throw new Error(draw.code);
        return { ...draw, index };
      });
      expect(
        draws.map((d) => d.unit),
        `round ${round}`,
      ).toEqual(units);
      expect(
        rankCandidates(draws).map((d) => d.index),
        `round ${round}`,
      ).toEqual(order);
    });
  });
});

describe("proposer proof (real ECVRF)", () => {
  it("the VRF key is the operator's ed25519 key", () => {
    expect(vrfPublicKey(v.seed)).toEqual(v.publicKey);
  });

  it("accepts the proposer's proof and yields its draw", () => {
    expect(verifyProposerProof(header, votingSet, ecvrfScheme, CHAIN)).toBeNull();
    const draw = evaluateHeaderProposer(header, votingSet, ecvrfScheme, CHAIN);
    if (isProposerFault(draw)) throw new Error(draw.code);
    expect(draw.output).toEqual(output);
    // Known answers (see KAT below): not recomputed with the code under test.
    expect(toHex(draw.output)).toBe(KAT_OUTPUT);
    expect(draw.unit).toBe(KAT_UNIT);
    expect(draw.weight).toBe(100);
    const fromCandidacy = evaluateCandidacy(candidacy, votingSet, ecvrfScheme, CHAIN);
    if (isProposerFault(fromCandidacy)) throw new Error(fromCandidacy.code);
    expect(fromCandidacy.unit).toBe(KAT_UNIT);
    expect(toHex(fromCandidacy.output)).toBe(KAT_OUTPUT);
  });

  it("headerVrfCheck names exactly the verification verifyProposerProof asks for", () => {
    const asked: { publicKey: Uint8Array; proof: Uint8Array; alpha: Uint8Array }[] = [];
    const recording = {
      ...ecvrfScheme,
      verify(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array) {
        asked.push({ publicKey, proof, alpha });
        return ecvrfScheme.verify(publicKey, proof, alpha);
      },
    };
    expect(verifyProposerProof(header, votingSet, recording, CHAIN)).toBeNull();
    expect(asked).toEqual([headerVrfCheck(header, CHAIN)]);
    expect(headerVrfCheck(header, CHAIN + 1)).toBeNull();
    expect(headerVrfCheck({ ...header, round: -1 }, CHAIN)).toBeNull();
    expect(headerVrfCheck({ ...header, vrfProof: "x" as unknown as Uint8Array }, CHAIN)).toBeNull();
  });

  it("rejects the proof for another round, parent, height or network", () => {
    expect(verifyProposerProof({ ...header, round: 3 }, votingSet, ecvrfScheme, CHAIN)?.code).toBe(
      "PROPOSER_BAD_VRF",
    );
    expect(
      verifyProposerProof({ ...header, previousHash: new Uint8Array(32) }, votingSet, ecvrfScheme, CHAIN)
        ?.code,
    ).toBe("PROPOSER_BAD_VRF");
    expect(verifyProposerProof({ ...header, height: 10n }, votingSet, ecvrfScheme, CHAIN)?.code).toBe(
      "PROPOSER_BAD_VRF",
    );
    expect(verifyProposerProof({ ...header, chainId: 1 }, votingSet, ecvrfScheme, CHAIN)?.code).toBe(
      "PROPOSER_WRONG_CHAIN",
    );
    expect(verifyProposerProof({ ...header, chainId: 1 }, votingSet, ecvrfScheme, 1)?.code).toBe(
      "PROPOSER_BAD_VRF",
    );
  });

  it("rejects flipped bits, another validator's key and a key outside the voting set", () => {
    for (const bit of [0, 250, 400, 639]) {
      const proof = header.vrfProof.slice();
      proof[bit >> 3]! ^= 1 << (bit & 7);
      expect(verifyProposerProof({ ...header, vrfProof: proof }, votingSet, ecvrfScheme, CHAIN)?.code).toBe(
        "PROPOSER_BAD_VRF",
      );
    }
    const other = validators[0]!;
    expect(
      verifyProposerProof({ ...header, proposerPublicKey: other.publicKey }, votingSet, ecvrfScheme, CHAIN)
        ?.code,
    ).toBe("PROPOSER_BAD_VRF");
    const outsiderProof = makeCandidacy(
      ecvrfScheme,
      outsider.seed,
      outsider.publicKey,
      CHAIN,
      9n,
      previousHash,
      2,
    );
    const fault = verifyProposerProof(
      { ...header, proposerPublicKey: outsider.publicKey, vrfProof: outsiderProof.candidacy.vrfProof },
      votingSet,
      ecvrfScheme,
      CHAIN,
    );
    expect(fault).toMatchObject({ code: "PROPOSER_NOT_VALIDATOR", proposerId: outsider.id });
    expect(
      verifyProposerProof({ ...header, vrfProof: new Uint8Array(79) }, votingSet, ecvrfScheme, CHAIN)?.code,
    ).toBe("PROPOSER_BAD_VRF");
  });
});

describe("claimedRank (the draw a proof claims, read before verifying)", () => {
  it("equals the verified draw's rank for a valid proof", () => {
    const draw = evaluateCandidacy(candidacy, votingSet, ecvrfScheme, CHAIN);
    if (isProposerFault(draw)) throw new Error(draw.code);
    const claim = claimedRank(votingSet.get(v.id)!, candidacy.vrfProof, ecvrfScheme);
    expect(claim).toEqual({
      operatorPublicKey: draw.operatorPublicKey,
      weight: draw.weight,
      unit: draw.unit,
    });
  });

  it("is null for a proof whose output cannot even be read (it could only fail to verify)", () => {
    expect(claimedRank(votingSet.get(v.id)!, new Uint8Array(79), ecvrfScheme)).toBeNull();
    const badGamma = Uint8Array.from(candidacy.vrfProof);
    // y = 2^255 - 1 (with the sign bit) is not a canonical field element: Gamma does not decode.
    badGamma.fill(0xff, 0, 32);
    expect(claimedRank(votingSet.get(v.id)!, badGamma, ecvrfScheme)).toBeNull();
  });
});
