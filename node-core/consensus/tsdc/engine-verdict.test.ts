// onMessage's verdicts, one class at a time: accept for new valid messages (relay), ignore for harmless
// ones (duplicates, old rounds and heights, other tips, messages buffered for a later height, a stopped
// engine), reject for provably bad ones (bad signature or VRF proof, unknown validator, malformed,
// another chain, equivocation). The class table covers every IgnoreReason.
import { describe, expect, it } from "vitest";
import { VERDICT_CLASSES } from "./intake.js";
import type { TsdcMessage } from "./interface.js";
import { CHAIN, harnessWhereOthersLead, validatorById } from "./rules-harness.js";
import { makeValidators } from "./test-support.js";

describe("TSDC message verdicts", () => {
  it("accepts new valid candidacies, proposals and votes", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const [, a] = h.validators;
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    // The best-ranked candidate's candidacy (one that cannot beat the best known is ignored: see below).
    expect(await h.deliver(p0, { kind: "candidacy", candidacy: h.candidacy(p0, 0) })).toEqual({
      verdict: "accept",
    });
    expect(await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) })).toEqual({
      verdict: "accept",
    });
    expect(await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, blockA) })).toEqual({
      verdict: "accept",
    });
  });

  it("ignores a candidacy that cannot beat the best verified one of its round, unverified", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const ranked = h.ranking(0);
    const last = validatorById(h, ranked[ranked.length - 1]!.validator.id);
    // The engine's own draw is known from the round start; the last-ranked validator's cannot beat it.
    expect(last.id).not.toBe(h.me.id);
    const before = h.engine.stats().vrfVerifies;
    expect(await h.deliver(last, { kind: "candidacy", candidacy: h.candidacy(last, 0) })).toEqual({
      verdict: "ignore",
      reason: "outranked",
    });
    expect(h.engine.stats().vrfVerifies).toBe(before);
    expect(h.engine.stats().ignored.outranked).toBe(1);
  });

  it("ignores duplicates, old rounds and heights, other parents, buffered and far-future messages", async () => {
    const h = harnessWhereOthersLead(1);
    const [, a, b] = h.validators;
    const early = { kind: "vote", vote: h.vote(a!, "prepare", 0, null) } as const;
    h.engine.start();
    // Before height 1 starts (waiting for its slot): buffered for later.
    expect(h.engine.onMessage(a!.id, early)).toEqual({ verdict: "ignore", reason: "buffered" });
    await h.startHeight1();
    expect(await h.deliver(a!, early)).toEqual({ verdict: "ignore", reason: "duplicate" });
    expect(await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, null, CHAIN, 2n) })).toEqual({
      verdict: "ignore",
      reason: "buffered",
    });
    expect(await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, null, CHAIN, 9n) })).toEqual({
      verdict: "ignore",
      reason: "too-far-ahead",
    });
    expect(await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, null, CHAIN, 0n) })).toEqual({
      verdict: "ignore",
      reason: "old-height",
    });
    const otherTip = h.candidacy(b!, 0, 1n, new Uint8Array(32).fill(1));
    expect(await h.deliver(b!, { kind: "candidacy", candidacy: otherTip })).toEqual({
      verdict: "ignore",
      reason: "wrong-parent",
    });
    // Round 1 via two others' candidacies; a round-0 candidacy is then old.
    await h.deliver(a!, { kind: "candidacy", candidacy: h.candidacy(a!, 1) });
    await h.deliver(b!, { kind: "candidacy", candidacy: h.candidacy(b!, 1) });
    expect(h.engine.currentRound).toBe(1);
    expect(await h.deliver(b!, { kind: "candidacy", candidacy: h.candidacy(b!, 0) })).toEqual({
      verdict: "ignore",
      reason: "old-round",
    });
    h.engine.stop();
    expect(await h.deliver(b!, early)).toEqual({ verdict: "ignore", reason: "stopped" });
  });

  it("rejects bad signatures, bad VRF proofs, unknown validators, malformed input, other chains and equivocation", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const [, a, b] = h.validators;
    const outsider = makeValidators("verdict-outsider", [10], h.schemes.signatures).validators[0]!;
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const forged = { ...h.vote(a!, "prepare", 0, blockA), signature: new Uint8Array(64).fill(3) };
    expect(await h.deliver(a!, { kind: "vote", vote: forged })).toEqual({
      verdict: "reject",
      reason: "bad-signature",
    });
    // The forged claim is the round's best draw (p0's proof under another validator's key), so the engine
    // must verify it rather than drop it as outranked.
    const forger = p0.id === a!.id ? b! : a!;
    const badVrf = { ...h.candidacy(forger, 0), vrfProof: h.candidacy(p0, 0).vrfProof };
    expect(await h.deliver(forger, { kind: "candidacy", candidacy: badVrf })).toEqual({
      verdict: "reject",
      reason: "bad-vrf",
    });
    expect(await h.deliver(outsider, { kind: "vote", vote: h.vote(outsider, "prepare", 0, blockA) })).toEqual(
      {
        verdict: "reject",
        reason: "unknown-validator",
      },
    );
    expect(h.engine.onMessage("x", { kind: "vote", vote: { ...forged, round: -1 } })).toEqual({
      verdict: "reject",
      reason: "malformed",
    });
    expect(h.engine.onMessage("x", { kind: "bogus" } as unknown as TsdcMessage)).toEqual({
      verdict: "reject",
      reason: "malformed",
    });
    const otherChain = { ...blockA, header: { ...blockA.header, chainId: 1 } };
    expect(await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, otherChain) })).toEqual({
      verdict: "reject",
      reason: "wrong-chain",
    });
    expect(await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, blockA) })).toEqual({
      verdict: "accept",
    });
    expect(await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, null) })).toEqual({
      verdict: "reject",
      reason: "equivocation",
    });
    // The counters still say why (stats are unchanged by verdicts).
    expect(h.engine.stats().ignored).toMatchObject({
      "bad-signature": 1,
      "bad-vrf": 1,
      "unknown-validator": 1,
      malformed: 2,
      "wrong-chain": 1,
      equivocation: 1,
    });
  });

  it("classes every reason, rejecting exactly the provably bad ones", () => {
    const rejecting = Object.entries(VERDICT_CLASSES)
      .filter(([, c]) => c === "reject")
      .map(([r]) => r)
      .sort();
    expect(rejecting).toEqual(
      ["bad-signature", "bad-vrf", "equivocation", "malformed", "unknown-validator", "wrong-chain"].sort(),
    );
    const h = harnessWhereOthersLead(1);
    expect(
      Object.keys(VERDICT_CLASSES)
        .filter((r) => r !== "buffered")
        .sort(),
    ).toEqual(Object.keys(h.engine.stats().ignored).sort());
  });
});
