// Proposer proofs with the real ECVRF: a validator's header proof for (height, previousHash, round)
// verifies; the same proof for another round, parent, height or network does not, nor does a flipped bit,
// nor a key outside the voting set. The candidacy message yields the same draw as the header.
import { describe, expect, it } from "vitest";
import { vrfPublicKey } from "../../crypto/vrf.js";
import type { BlockHeader } from "../../types/chain.js";
import { ecvrfScheme, ed25519Scheme } from "../schemes.js";
import {
  evaluateCandidacy,
  evaluateHeaderProposer,
  isProposerFault,
  makeCandidacy,
  verifyProposerProof,
} from "./proposer.js";
import { scoreUnit } from "./ranking.js";
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
  extrasHash: new Uint8Array(32),
  timestamp: 0n,
  round: 2,
  proposerPublicKey: v.publicKey,
  vrfProof: candidacy.vrfProof,
};

describe("proposer proof (real ECVRF)", () => {
  it("the VRF key is the operator's ed25519 key", () => {
    expect(vrfPublicKey(v.seed)).toEqual(v.publicKey);
  });

  it("accepts the proposer's proof and yields its draw", () => {
    expect(verifyProposerProof(header, votingSet, ecvrfScheme, CHAIN)).toBeNull();
    const draw = evaluateHeaderProposer(header, votingSet, ecvrfScheme, CHAIN);
    if (isProposerFault(draw)) throw new Error(draw.code);
    expect(draw.output).toEqual(output);
    expect(draw.unit).toBe(scoreUnit(output));
    expect(draw.weight).toBe(100);
    const fromCandidacy = evaluateCandidacy(candidacy, votingSet, ecvrfScheme, CHAIN);
    if (isProposerFault(fromCandidacy)) throw new Error(fromCandidacy.code);
    expect(fromCandidacy.unit).toBe(draw.unit);
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
