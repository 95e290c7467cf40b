// One engine under test, every other validator played by hand: the Tendermint rules step by step (lock
// on a prepare quorum, refuse to prepare another block while locked, unlock only on a newer quorum, wait
// for evidence on a re-proposal, commit on a precommit quorum from an older round), and what the engine
// must ignore: non-validators, bad signatures, another chain id, bad VRF proofs, other parents,
// equivocating second votes (recorded as evidence, never counted twice), far-future heights; future
// heights are buffered and replayed.
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/ids.js";
import { toHex } from "../../types/bytes.js";
import type { TsdcMessage } from "./interface.js";
import {
  CHAIN,
  GENESIS_MS,
  harnessWhereILead,
  harnessWhereOthersLead,
  INTERVAL,
  OPTS,
  validatorById,
} from "./rules-harness.js";
import { makeValidators } from "./test-support.js";
import { NIL_HASH_HEX } from "./vote-tally.js";

describe("Tendermint rules, one engine driven by hand", async () => {
  it("locks on a prepare quorum, refuses another block while locked, unlocks on a newer quorum", async () => {
    // Distinct proposers per round: a proposer of two rounds would re-propose A in round 1 (preferred).
    const h = harnessWhereOthersLead(3, {}, true);
    await h.startHeight1();
    const others = h.validators.slice(1);

    // Round 0: the best candidate proposes A; the engine prepares A.
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    for (const v of others) await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 0) });
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(blockA));

    // Two more prepares for A: quorum (3 of 4) -> locked on A, precommit A.
    await h.deliver(others[0]!, { kind: "vote", vote: h.vote(others[0]!, "prepare", 0, blockA) });
    await h.deliver(others[1]!, { kind: "vote", vote: h.vote(others[1]!, "prepare", 0, blockA) });
    expect(h.engine.inspect()).toMatchObject({ lockedRound: 0, lockedBlockHash: h.hexOf(blockA) });
    expect(toHex(h.ownVote("precommit", 0)!.blockHash)).toBe(h.hexOf(blockA));

    // Two nil precommits: 3 precommits in total but no quorum for A; the precommit timeout moves to round 1.
    await h.deliver(others[0]!, { kind: "vote", vote: h.vote(others[0]!, "precommit", 0, null) });
    await h.deliver(others[1]!, { kind: "vote", vote: h.vote(others[1]!, "precommit", 0, null) });
    expect(h.commits).toHaveLength(0);
    await h.advance(OPTS.precommitTimeoutMs);
    expect(h.engine.currentRound).toBe(1);

    // Round 1: a fresh block B from round 1's best candidate. Locked on A -> prepare nil.
    const p1 = validatorById(h, h.ranking(1)[0]!.validator.id);
    const blockB = h.block(p1, 1);
    for (const v of others) await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 1) });
    await h.deliver(p1, { kind: "proposal", proposal: h.proposal(p1, blockB) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(toHex(h.ownVote("prepare", 1)!.blockHash)).toBe(NIL_HASH_HEX);

    // The three others prepare B: a quorum for B in round 1 > lockedRound 0 -> the lock moves to B.
    for (const v of others) await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 1, blockB) });
    expect(h.engine.inspect()).toMatchObject({
      lockedRound: 1,
      lockedBlockHash: h.hexOf(blockB),
      validRound: 1,
      validBlockHash: h.hexOf(blockB),
    });
    expect(toHex(h.ownVote("precommit", 1)!.blockHash)).toBe(h.hexOf(blockB));

    // Round 2 (after a precommit timeout): a re-proposal of A (evidence only at round 0 < lock round 1)
    // is not prepared: the engine waits, then prepares nil on the propose timeout.
    for (const v of others) await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 1, null) });
    await h.advance(OPTS.precommitTimeoutMs + OPTS.timeoutDeltaMs);
    expect(h.engine.currentRound).toBe(2);
    const p2 = validatorById(h, h.ranking(2)[0]!.validator.id);
    for (const v of others) await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 2) });
    await h.deliver(p2, { kind: "proposal", proposal: h.proposal(p2, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(h.ownVote("prepare", 2)).toBeUndefined();
    await h.advance(OPTS.proposeTimeoutMs + 2 * OPTS.timeoutDeltaMs);
    expect(toHex(h.ownVote("prepare", 2)!.blockHash)).toBe(NIL_HASH_HEX);
    expect(h.commits).toHaveLength(0);
  });

  it("skips to a round > 1/3 of the weight is in, re-prepares its locked block, commits on an older round", async () => {
    const h = harnessWhereOthersLead(2);
    await h.startHeight1();
    const others = h.validators.slice(1);
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    for (const v of others.slice(0, 2))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 0, blockA) });
    expect(h.engine.inspect().lockedBlockHash).toBe(h.hexOf(blockA));
    expect(toHex(h.ownVote("precommit", 0)!.blockHash)).toBe(h.hexOf(blockA));

    // One validator in round 1 (1/4 of the weight) is not enough to skip; two (1/2) are.
    await h.deliver(others[0]!, { kind: "candidacy", candidacy: h.candidacy(others[0]!, 1) });
    expect(h.engine.currentRound).toBe(0);
    await h.deliver(others[1]!, { kind: "candidacy", candidacy: h.candidacy(others[1]!, 1) });
    expect(h.engine.currentRound).toBe(1);

    // Round 1's best candidate re-proposes A (its header still says round 0): locked on A -> prepare A.
    const p1 = validatorById(h, h.ranking(1)[0]!.validator.id);
    await h.deliver(others[2]!, { kind: "candidacy", candidacy: h.candidacy(others[2]!, 1) });
    await h.deliver(p1, { kind: "proposal", proposal: h.proposal(p1, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(toHex(h.ownVote("prepare", 1)!.blockHash)).toBe(h.hexOf(blockA));

    // Round-0 precommits arrive late. others[0] precommits nil, then A (equivocation: not counted).
    await h.deliver(others[0]!, { kind: "vote", vote: h.vote(others[0]!, "precommit", 0, null) });
    await h.deliver(others[0]!, { kind: "vote", vote: h.vote(others[0]!, "precommit", 0, blockA) });
    await h.deliver(others[1]!, { kind: "vote", vote: h.vote(others[1]!, "precommit", 0, blockA) });
    expect(h.commits).toHaveLength(0); // own A + others[1]'s A = 20 of 40
    expect(h.engine.evidence()).toHaveLength(1);
    await h.deliver(others[2]!, { kind: "vote", vote: h.vote(others[2]!, "precommit", 0, blockA) });
    expect(h.commits).toHaveLength(1);
    const { block, certificate } = h.commits[0]!;
    expect(toHex(blockHash(block.header))).toBe(h.hexOf(blockA));
    expect(certificate.round).toBe(0);
    const voters = certificate.precommits.map((p) => toHex(p.voterPublicKey));
    expect(voters.sort()).toEqual([h.me.id, others[1]!.id, others[2]!.id].sort());
    expect(h.engine.currentStep).toBe("committed");
  });

  it("counts each validator once per phase and round and records equivocation as evidence", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const [, a, b, c] = h.validators;
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const twin = h.block(p0, 0, 1n);
    await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, blockA) });
    await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, blockA) }); // duplicate
    await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, twin) }); // equivocation
    await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, null) }); // another one, same slot
    const round0 = h.engine.inspect().rounds.find((r) => r.round === 0)!;
    expect(round0.prepares).toEqual({ [h.hexOf(blockA)]: 10 });
    expect(h.engine.stats().ignored).toMatchObject({ duplicate: 1, equivocation: 2 });
    const evidence = h.engine.evidence();
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({
      kind: "vote",
      phase: "prepare",
      round: 0,
      voterId: a!.id,
      height: 1n,
    });

    // A proposer signing two fresh blocks for one round is recorded too.
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, twin) });
    expect(h.engine.evidence()[1]).toMatchObject({ kind: "proposal", round: 0, proposerId: p0.id });
    // Neither twin vote pushed anything to quorum: b and c's prepares for the twin give 20 + 0.
    await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, twin) });
    await h.deliver(c!, { kind: "vote", vote: h.vote(c!, "prepare", 0, twin) });
    const after = h.engine.inspect().rounds.find((r) => r.round === 0)!;
    expect(after.prepares[h.hexOf(twin)]).toBe(20);
    expect(after.prepares[h.hexOf(blockA)]).toBe(10);
  });

  it("ignores non-validators, bad signatures, other chain ids, bad VRF proofs and other parents", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const outsider = makeValidators("rules-outsider", [10], h.schemes.signatures).validators[0]!;
    const [, a, b] = h.validators;
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const before = h.engine.stats().ignored;

    await h.deliver(outsider, { kind: "vote", vote: h.vote(outsider, "prepare", 0, blockA) });
    await h.deliver(outsider, { kind: "candidacy", candidacy: h.candidacy(outsider, 0) });
    const forged = { ...h.vote(a!, "prepare", 0, blockA), signature: new Uint8Array(64).fill(3) };
    await h.deliver(a!, { kind: "vote", vote: forged });
    await h.deliver(b!, { kind: "vote", vote: h.vote(b!, "prepare", 0, blockA, 1) }); // signed for chain 1
    // The forged claim is the round's best draw (p0's proof under another validator's key), so the engine
    // must verify it rather than drop it as outranked.
    const forger = p0.id === a!.id ? b! : a!;
    const badVrf = { ...h.candidacy(forger, 0), vrfProof: h.candidacy(p0, 0).vrfProof };
    await h.deliver(forger, { kind: "candidacy", candidacy: badVrf });
    await h.deliver(a!, { kind: "candidacy", candidacy: h.candidacy(a!, 0, 1n, new Uint8Array(32).fill(1)) });
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA, 1) }); // proposal signed for chain 1
    const otherChain = { ...blockA, header: { ...blockA.header, chainId: 1 } };
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, otherChain) });
    await h.deliver(outsider, { kind: "proposal", proposal: h.proposal(outsider, blockA) });

    const ignored = h.engine.stats().ignored;
    expect(ignored["unknown-validator"] - before["unknown-validator"]).toBe(2);
    expect(ignored["bad-signature"] - before["bad-signature"]).toBe(4);
    expect(ignored["bad-vrf"] - before["bad-vrf"]).toBe(1);
    expect(ignored["wrong-parent"] - before["wrong-parent"]).toBe(1);
    expect(ignored["wrong-chain"] - before["wrong-chain"]).toBe(1);
    const round0 = h.engine.inspect().rounds.find((r) => r.round === 0)!;
    expect(round0.prepares).toEqual({});
    expect(round0.candidates).toBe(1); // only its own
    // Knowing no other candidate, it proposes itself and prepares its own block, not the ignored ones.
    await h.advance(OPTS.candidacyWindowMs);
    const own = h.sent.find((m) => m.kind === "proposal");
    expect(own).toBeDefined();
    const ownHash = toHex(
      blockHash((own as Extract<TsdcMessage, { kind: "proposal" }>).proposal.block.header),
    );
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(ownHash);
    expect(ownHash).not.toBe(h.hexOf(blockA));
    // Malformed objects never throw out of onMessage.
    h.engine.onMessage("x", { kind: "vote", vote: { ...forged, round: -1 } });
    h.engine.onMessage("x", { kind: "vote", vote: { ...forged, blockHash: new Uint8Array(3) } });
    h.engine.onMessage("x", { kind: "bogus" } as unknown as TsdcMessage);
    expect(h.engine.stats().ignored.malformed).toBe(3);
  });

  it("buffers the next height's messages until it starts, drops far-future heights", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const [, a] = h.validators;
    const far = h.vote(a!, "prepare", 0, null, CHAIN, 9n);
    await h.deliver(a!, { kind: "vote", vote: far });
    expect(h.engine.stats().ignored["too-far-ahead"]).toBe(1);

    // Decide height 1 from others' votes on the best candidate's block.
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    // A candidacy for height 2 arrives early: buffered.
    const blockAHash = blockHash(blockA.header);
    const h2Candidacy = h.candidacy(a!, 0, 2n, blockAHash);
    await h.deliver(a!, { kind: "candidacy", candidacy: h2Candidacy });
    expect(h.engine.stats().buffered).toBe(1);
    for (const v of h.validators.slice(1)) {
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, blockA) });
    }
    expect(h.commits).toHaveLength(1);
    // Host applies the block and moves on; the buffered candidacy is replayed when height 2 starts.
    h.tip = { height: 1n, hash: blockAHash, timestamp: blockA.header.timestamp };
    h.engine.newHeight();
    await h.runUntil(GENESIS_MS + 2 * INTERVAL);
    expect(h.engine.currentHeight).toBe(2n);
    expect(h.engine.stats().buffered).toBe(0);
    // Replayed: kept beside the engine's own draw if it outranks it, else dropped unverified as outranked.
    const h2Ranking = h.ranking(0, 2n, blockAHash).map((d) => d.validator.id);
    const kept = h2Ranking.indexOf(a!.id) < h2Ranking.indexOf(h.me.id);
    expect(h.engine.inspect().rounds[0]!.candidates).toBe(kept ? 2 : 1);
    expect(h.engine.stats().ignored.outranked).toBe(kept ? 0 : 1);
    // A straggler's message for height 1 right after moving on is not "behind"; one long after is.
    const behind: bigint[] = [];
    h.engine.on("peerBehind", (e) => behind.push(e.height));
    await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, blockA) });
    expect(behind).toEqual([]);
    await h.advance(OPTS.rebroadcastMs);
    await h.deliver(a!, { kind: "vote", vote: h.vote(a!, "prepare", 0, blockA) });
    expect(behind).toEqual([1n]);
  });

  it("an observer never sends and still decides from the validators' precommits", async () => {
    const h = harnessWhereOthersLead(1, { observer: true });
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    for (const v of h.validators.slice(1))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, blockA) });
    expect(h.commits).toHaveLength(1);
    expect(h.sent).toEqual([]);
  });

  it("as best candidate proposes its own block at the end of the candidacy window, stamped with the slot", async () => {
    const h = harnessWhereILead();
    await h.startHeight1();
    for (const v of h.validators.slice(1))
      await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 0) });
    expect(h.sent.filter((m) => m.kind === "proposal")).toHaveLength(0);
    await h.advance(OPTS.candidacyWindowMs);
    const proposals = h.sent.filter(
      (m): m is Extract<TsdcMessage, { kind: "proposal" }> => m.kind === "proposal",
    );
    expect(proposals).toHaveLength(1);
    const header = proposals[0]!.proposal.block.header;
    expect(header).toMatchObject({ height: 1n, round: 0, timestamp: BigInt(GENESIS_MS + INTERVAL) });
    expect(toHex(header.proposerPublicKey)).toBe(h.me.id);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(proposals[0]!.proposal.block));
  });

  it("reports a failing buildBlock and lets the round time out to the next proposer", async () => {
    const h = harnessWhereILead({ buildThrows: true });
    const errors: unknown[] = [];
    h.engine.on("moduleError", (e) => errors.push(e.error));
    await h.startHeight1();
    await h.advance(OPTS.candidacyWindowMs);
    expect(errors).toHaveLength(1);
    expect(h.sent.filter((m) => m.kind === "proposal")).toHaveLength(0);
    await h.advance(OPTS.proposeTimeoutMs);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(NIL_HASH_HEX);
  });

  it("without the tip's timestamp waits for the next slot boundary", async () => {
    const h = harnessWhereOthersLead(1, { noTimestamp: true });
    await h.runUntil(GENESIS_MS + 2 * INTERVAL + 300);
    h.engine.start();
    expect(h.engine.currentStep).toBe("waiting");
    await h.runUntil(GENESIS_MS + 3 * INTERVAL - 1);
    expect(h.engine.currentStep).toBe("waiting");
    await h.advance(1);
    expect(h.engine.currentStep).toBe("propose");
    // With the timestamp known and the slot after the tip long past, it starts at once.
    const late = harnessWhereOthersLead(1);
    await late.runUntil(GENESIS_MS + 2 * INTERVAL + 300);
    late.engine.start();
    await late.advance(0);
    expect(late.engine.currentStep).toBe("propose");
    expect(late.engine.inspect().height).toBe(1n);
  });
});
