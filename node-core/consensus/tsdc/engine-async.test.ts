// The asynchronous host hooks on virtual time: a proposal is "not yet valid" until validateBlock's promise
// resolves (no prepare, lock or commit before), each block is validated once per height even when several
// rules need it meanwhile, answers may arrive out of order or after the round timed out (cached, never
// re-asked, never voted twice), answers for a height left behind are dropped, a rejected validation is
// an invalid block reported as moduleError; buildBlock's block is proposed when it resolves, unless the
// round moved on. Last, a whole network whose hooks answer after seeded random delays still agrees.
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/ids.js";
import { toHex } from "../../types/bytes.js";
import type { TsdcEvents } from "./interface.js";
import { Harness, harnessWhereILead, harnessWhereOthersLead, OPTS, validatorById } from "./rules-harness.js";
import { chainIsCertified, seededDelays, TestNetwork } from "./test-support.js";
import { NIL_HASH_HEX } from "./vote-tally.js";

describe("TSDC with asynchronous validateBlock", () => {
  it("prepares a proposal only once its validation resolves, and asks the host once per block", async () => {
    const h = harnessWhereOthersLead(1, { validateDelay: () => 250 });
    await h.startHeight1();
    const others = h.validators.slice(1);
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const t0 = h.time.now();
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    // Two prepares for A arrive while A is still being checked: the rules run again, the host is not re-asked.
    for (const v of others.slice(0, 2))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 0, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(h.engine.currentStep).toBe("propose");
    expect(h.ownVote("prepare", 0)).toBeUndefined();
    await h.runUntil(t0 + 249);
    expect(h.ownVote("prepare", 0)).toBeUndefined();
    expect(h.engine.inspect().lockedBlockHash).toBeNull();
    await h.runUntil(t0 + 250);
    // Valid: prepare A; with the two others that is a quorum, so the engine locks A and precommits it.
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(blockA));
    expect(h.engine.inspect()).toMatchObject({ lockedRound: 0, lockedBlockHash: h.hexOf(blockA) });
    expect(toHex(h.ownVote("precommit", 0)!.blockHash)).toBe(h.hexOf(blockA));
    expect(h.validated).toEqual([h.hexOf(blockA)]);
  });

  it("does not commit a block on a precommit quorum before its validation resolves", async () => {
    const h = harnessWhereOthersLead(1, { validateDelay: () => 300 });
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const t0 = h.time.now();
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    for (const v of h.validators.slice(1))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, blockA) });
    expect(h.commits).toHaveLength(0);
    await h.runUntil(t0 + 300);
    expect(h.commits).toHaveLength(1);
    expect(h.hexOf(h.commits[0]!.block)).toBe(h.hexOf(blockA));
    expect(h.validated).toEqual([h.hexOf(blockA)]);
  });

  it("handles answers out of order: a late answer for a block no longer chosen changes nothing", async () => {
    let slowHex = "";
    const opts = {
      // The runner-up's block B is checked slowly, the best candidate's block A quickly.
      validateDelay: (hex: string) => (hex === slowHex ? 300 : 50),
    };
    // A set where this engine's validator is neither the best nor the runner-up of round 0.
    let h = new Harness("out-of-order-0", opts);
    for (
      let k = 1;
      h.ranking(0)[0]!.validator.id === h.me.id || h.ranking(0)[1]!.validator.id === h.me.id;
      k++
    )
      h = new Harness(`out-of-order-${k}`, opts);
    await h.startHeight1();
    const ranking = h.ranking(0);
    const p0 = validatorById(h, ranking[0]!.validator.id);
    const runnerUp = validatorById(h, ranking[1]!.validator.id);
    const blockA = h.block(p0, 0);
    const blockB = h.block(runnerUp, 0);
    slowHex = h.hexOf(blockB);
    const rejected: TsdcEvents["rejectedBlock"][] = [];
    h.engine.on("rejectedBlock", (e) => rejected.push(e));
    // B arrives first, while the engine knows only its own and the runner-up's draw: B's check starts.
    await h.deliver(runnerUp, { kind: "proposal", proposal: h.proposal(runnerUp, blockB) });
    // Then the best candidate: A's check starts too and answers first.
    await h.deliver(p0, { kind: "candidacy", candidacy: h.candidacy(p0, 0) });
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    expect(h.validated).toEqual([h.hexOf(blockB), h.hexOf(blockA)]);
    await h.advance(OPTS.candidacyWindowMs);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(blockA));
    await h.advance(400);
    const prepares = h.sent.filter((m) => m.kind === "vote" && m.vote.phase === "prepare");
    expect(prepares).toHaveLength(1);
    expect(rejected).toEqual([]);
    expect(h.validated).toHaveLength(2);
  });

  it("a validation resolving after the round timed out is cached: no second vote, no second check", async () => {
    const h = harnessWhereOthersLead(1, { validateDelay: () => 700 });
    await h.startHeight1();
    const others = h.validators.slice(1);
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const t0 = h.time.now();
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    // Window (100) + propose timeout (400): still unanswered, so the engine prepares nil.
    await h.runUntil(t0 + OPTS.candidacyWindowMs + OPTS.proposeTimeoutMs);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(NIL_HASH_HEX);
    await h.runUntil(t0 + 700);
    // The answer (valid) came after the engine voted: round 0 keeps its nil prepare.
    expect(h.sent.filter((m) => m.kind === "vote" && m.vote.phase === "prepare")).toHaveLength(1);
    // A prepare quorum for A in round 0 now locks A from the cached answer, without asking again.
    for (const v of others) await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 0, blockA) });
    expect(h.engine.inspect()).toMatchObject({ lockedRound: 0, lockedBlockHash: h.hexOf(blockA) });
    expect(toHex(h.ownVote("precommit", 0)!.blockHash)).toBe(h.hexOf(blockA));
    expect(h.validated).toEqual([h.hexOf(blockA)]);
  });

  it("drops an answer that arrives after the height moved on", async () => {
    const h = harnessWhereOthersLead(1, {
      validateDelay: () => 300,
      validateOutcome: () => "late and invalid",
    });
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const rejected: unknown[] = [];
    h.engine.on("rejectedBlock", (e) => rejected.push(e));
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    // The host synced height 1 from elsewhere meanwhile.
    h.tip = { height: 1n, hash: blockHash(blockA.header), timestamp: blockA.header.timestamp };
    h.engine.newHeight();
    const sentBefore = h.sent.length;
    await h.advance(300);
    expect(h.engine.currentHeight).toBe(2n);
    expect(rejected).toEqual([]);
    expect(h.sent.slice(sentBefore).filter((m) => m.kind === "vote" && m.vote.height === 1n)).toEqual([]);
    // Height 2 runs normally afterwards.
    await h.advance(2_000);
    expect(h.engine.currentHeight).toBe(2n);
    expect(h.sent.some((m) => m.kind === "candidacy" && m.candidacy.height === 2n)).toBe(true);
  });

  it("a rejected validation is an invalid block with a reason, reported as moduleError", async () => {
    const h = harnessWhereOthersLead(1, {
      validateOutcome: () => {
        throw new Error("disk read failed");
      },
    });
    const errors: TsdcEvents["moduleError"][] = [];
    const rejected: TsdcEvents["rejectedBlock"][] = [];
    h.engine.on("moduleError", (e) => errors.push(e));
    h.engine.on("rejectedBlock", (e) => rejected.push(e));
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.module).toBe("validateBlock");
    expect((errors[0]!.error as Error).message).toBe("disk read failed");
    expect(rejected).toEqual([
      { height: 1n, round: 0, blockHash: h.hexOf(blockA), reason: "validateBlock failed: disk read failed" },
    ]);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(NIL_HASH_HEX);
  });
});

describe("TSDC with hooks that throw instead of returning a promise", () => {
  it("treats a synchronous throw like a rejected promise", async () => {
    const leader = harnessWhereILead({ hooksThrowSync: true });
    const buildErrors: TsdcEvents["moduleError"][] = [];
    leader.engine.on("moduleError", (e) => buildErrors.push(e));
    await leader.startHeight1();
    await leader.advance(OPTS.candidacyWindowMs);
    expect(buildErrors.map((e) => e.module)).toEqual(["buildBlock"]);
    expect(leader.ownProposals()).toEqual([]);

    const h = harnessWhereOthersLead(1, { hooksThrowSync: true });
    const errors: TsdcEvents["moduleError"][] = [];
    const rejected: TsdcEvents["rejectedBlock"][] = [];
    h.engine.on("moduleError", (e) => errors.push(e));
    h.engine.on("rejectedBlock", (e) => rejected.push(e));
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, h.block(p0, 0)) });
    await h.advance(OPTS.candidacyWindowMs);
    expect(errors.map((e) => e.module)).toEqual(["validateBlock"]);
    expect(rejected.map((e) => e.reason)).toEqual(["validateBlock failed: validate hook bug"]);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(NIL_HASH_HEX);
  });
});

describe("TSDC with asynchronous buildBlock", () => {
  it("sends its proposal when the block resolves, still in the round", async () => {
    const h = harnessWhereILead({ delay: (kind) => (kind === "build" ? 60 : 0) });
    await h.startHeight1();
    const t0 = h.time.now();
    await h.runUntil(t0 + OPTS.candidacyWindowMs);
    expect(h.builds).toHaveLength(1);
    expect(h.ownProposals()).toHaveLength(0);
    await h.runUntil(t0 + OPTS.candidacyWindowMs + 59);
    expect(h.ownProposals()).toHaveLength(0);
    await h.runUntil(t0 + OPTS.candidacyWindowMs + 60);
    expect(h.ownProposals()).toHaveLength(1);
    const block = h.ownProposals()[0]!.block;
    expect(block.header).toMatchObject({ height: 1n, round: 0 });
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(block));
  });

  it("drops a block that resolves after the round moved on", async () => {
    const h = harnessWhereILead({ delay: (kind) => (kind === "build" ? 5_000 : 0) });
    const proposed: unknown[] = [];
    h.engine.on("proposed", (e) => proposed.push(e));
    await h.startHeight1();
    await h.advance(OPTS.candidacyWindowMs);
    expect(h.builds).toHaveLength(1);
    // Two others (1/2 of the weight) are in round 1: the engine skips there.
    for (const v of h.validators.slice(1, 3))
      await h.deliver(v, { kind: "candidacy", candidacy: h.candidacy(v, 1) });
    expect(h.engine.currentRound).toBe(1);
    await h.advance(5_000);
    expect(h.ownProposals().filter((p) => p.block.header.round === 0)).toEqual([]);
    expect(proposed.filter((e) => (e as TsdcEvents["proposed"]).round === 0)).toEqual([]);
  });
});

describe("TSDC network whose host hooks answer late and out of order", () => {
  it("agrees on one certified chain with hooks answering after seeded random delays", async () => {
    for (const seed of [11, 12, 13]) {
      const net = new TestNetwork({
        seed,
        weights: [10, 10, 10, 10, 10],
        label: `async-${seed}`,
        hookDelay: seededDelays(seed, 150),
      });
      net.start();
      expect(await net.runUntilHeight(8n, 120_000), `seed ${seed}`).toBe(true);
      const reference = net.nodes[0]!;
      for (const node of net.nodes) {
        for (let i = 0; i <= 8; i++) expect(node.hashes[i], `seed ${seed}`).toBe(reference.hashes[i]);
        expect(chainIsCertified(node, net)).toBe(true);
      }
      expect(net.violations()).toEqual([]);
    }
  });
});
