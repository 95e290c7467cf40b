// The proposal signature covers Tendermint's validRound as well as the block hash: a relay that changes
// the validRound of a proposal (fresh or re-proposed) makes the signature fail and the proposal is
// rejected, while the signed one is accepted; the engine signs the validRound it sends (-1 fresh, the
// round of its prepare quorum when it re-proposes its valid block).
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/ids.js";
import { proposalSigningMessage } from "../../codec/signing.js";
import {
  CHAIN,
  Harness,
  harnessWhereILead,
  harnessWhereOthersLead,
  OPTS,
  validatorById,
} from "./rules-harness.js";

describe("proposal signatures cover validRound", () => {
  it("a fresh proposal whose validRound was changed after signing is rejected; the signed one is accepted", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const signed = h.proposal(p0, h.block(p0, 0));
    expect(signed.validRound).toBe(-1);
    for (const validRound of [0, 7]) {
      expect(await h.deliver(p0, { kind: "proposal", proposal: { ...signed, validRound } })).toEqual({
        verdict: "reject",
        reason: "bad-signature",
      });
    }
    expect(h.engine.stats().ignored["bad-signature"]).toBe(2);
    expect(await h.deliver(p0, { kind: "proposal", proposal: signed })).toEqual({ verdict: "accept" });
  });

  it("a re-proposal's signed validRound cannot be dropped to -1 or moved", async () => {
    const h = harnessWhereOthersLead(2);
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const p1 = validatorById(h, h.ranking(1)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const signed = h.proposal(p1, blockA, CHAIN, 0);
    expect(signed.validRound).toBe(0);
    for (const validRound of [-1, 1]) {
      expect(await h.deliver(p1, { kind: "proposal", proposal: { ...signed, validRound } })).toEqual({
        verdict: "reject",
        reason: "bad-signature",
      });
    }
    expect(await h.deliver(p1, { kind: "proposal", proposal: signed })).toEqual({ verdict: "accept" });
  });

  it("the engine signs validRound -1 for its own fresh block", async () => {
    const h = harnessWhereILead();
    await h.startHeight1();
    await h.advance(OPTS.candidacyWindowMs);
    const [fresh] = h.ownProposals();
    expect(fresh?.validRound).toBe(-1);
    const message = (validRound: number) =>
      proposalSigningMessage(CHAIN, blockHash(fresh!.block.header), validRound);
    expect(h.schemes.signatures.verify(h.me.publicKey, message(-1), fresh!.signature)).toBe(true);
    expect(h.schemes.signatures.verify(h.me.publicKey, message(0), fresh!.signature)).toBe(false);
  });

  it("the engine signs its prepare-quorum round when it re-proposes its valid block", async () => {
    // Others lead round 0, this node leads round 1.
    let h: Harness | null = null;
    for (let k = 0; k < 400 && h === null; k++) {
      const c = new Harness(`valid-round-${k}`);
      if (c.ranking(0)[0]!.validator.id !== c.me.id && c.ranking(1)[0]!.validator.id === c.me.id) h = c;
    }
    if (h === null) throw new Error("no suitable label");
    await h.startHeight1();
    const others = h.validators.filter((v) => v.id !== h.me.id);
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    for (const v of others.slice(0, 2))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 0, blockA) });
    expect(h.engine.inspect().lockedBlockHash).toBe(h.hexOf(blockA));
    // Two others move to round 1 (half the weight): the engine follows and, as best candidate, re-proposes A.
    for (const v of others.slice(0, 2))
      await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 1) });
    expect(h.engine.currentRound).toBe(1);
    await h.advance(OPTS.candidacyWindowMs);
    const [reproposal] = h.ownProposals();
    expect(reproposal).toBeDefined();
    expect(h.hexOf(reproposal!.block)).toBe(h.hexOf(blockA));
    expect(reproposal!.validRound).toBe(0);
    const hash = blockHash(blockA.header);
    const verify = (validRound: number) =>
      h!.schemes.signatures.verify(
        h!.me.publicKey,
        proposalSigningMessage(CHAIN, hash, validRound),
        reproposal!.signature,
      );
    expect(verify(0)).toBe(true);
    expect(verify(-1)).toBe(false);
  });
});
