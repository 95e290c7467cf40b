// Events are delivered after the transition that caused them: a heightStarted or roundStarted listener
// already sees the round in the snapshot and its timers scheduled, a committed listener sees onCommit
// already called, and a listener calling back into the engine meets finished state. A listener that
// throws neither escapes the engine nor stops it; it is reported as moduleError (module "listener"). A
// throwing moduleError listener and an async listener's rejection are logged through the engine's logger.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toHex } from "../../types/bytes.js";
import { memoryLogger } from "../../util/index.js";
import type { TsdcEvents, TsdcSnapshot } from "./interface.js";
import { harnessWhereOthersLead, OPTS, validatorById } from "./rules-harness.js";

describe("TSDC events after the state change", () => {
  it("heightStarted and roundStarted listeners see the round in the snapshot and its timers set", async () => {
    const h = harnessWhereOthersLead(2);
    const seen: {
      event: string;
      round: number;
      snapshot: TsdcSnapshot;
      nextDue: number | null;
      now: number;
    }[] = [];
    h.engine.on("heightStarted", (e) =>
      seen.push({
        event: `height ${e.height}`,
        round: 0,
        snapshot: h.engine.inspect(),
        nextDue: h.time.nextDueAt(),
        now: h.time.now(),
      }),
    );
    h.engine.on("roundStarted", (e) =>
      seen.push({
        event: `round ${e.round}`,
        round: e.round,
        snapshot: h.engine.inspect(),
        nextDue: h.time.nextDueAt(),
        now: h.time.now(),
      }),
    );
    await h.startHeight1();
    // Round 1 through the precommit timeout: nil precommits from everyone.
    for (const v of h.validators.slice(1)) {
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 0, null) });
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, null) });
    }
    await h.advance(OPTS.precommitTimeoutMs);
    expect(seen.map((s) => s.event)).toEqual(["height 1", "round 0", "round 1"]);
    for (const s of seen) {
      expect(s.snapshot).toMatchObject({ height: 1n, round: s.round, step: "propose", running: true });
      // The candidacy-window timer of the round is the next task: scheduled before the event.
      expect(s.nextDue).toBe(s.now + OPTS.candidacyWindowMs);
    }
  });

  it("a committed listener sees onCommit already called and can move the engine on", async () => {
    const h = harnessWhereOthersLead(1);
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const blockA = h.block(p0, 0);
    const inListener: { commits: number; step: string; height: bigint }[] = [];
    h.engine.on("committed", (e) => {
      inListener.push({
        commits: h.commits.length,
        step: h.engine.currentStep,
        height: h.engine.currentHeight,
      });
      // Calling back in: the host applies the block from the listener and moves to height 2.
      h.tip = { height: 1n, hash: e.certificate.blockHash, timestamp: e.block.header.timestamp };
      h.engine.newHeight();
    });
    await h.deliver(p0, { kind: "proposal", proposal: h.proposal(p0, blockA) });
    for (const v of h.validators.slice(1))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, blockA) });
    expect(inListener).toEqual([{ commits: 1, step: "committed", height: 1n }]);
    expect(h.engine.currentHeight).toBe(2n);
    expect(h.engine.currentStep).toBe("waiting");
  });

  it("a throwing listener is reported as moduleError and the engine goes on", async () => {
    const h = harnessWhereOthersLead(1);
    const errors: TsdcEvents["moduleError"][] = [];
    const after: number[] = [];
    h.engine.on("roundStarted", () => {
      throw new Error("listener bug");
    });
    h.engine.on("roundStarted", (e) => after.push(e.round));
    h.engine.on("moduleError", (e) => errors.push(e));
    // A moduleError listener that throws too is not reported again (no loop) and does not escape.
    h.engine.on("moduleError", () => {
      throw new Error("second bug");
    });
    await h.startHeight1();
    expect(after).toEqual([0]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ module: "listener", event: "roundStarted" });
    expect((errors[0]!.error as Error).message).toBe("listener bug");
    // The round still runs: knowing no other candidate, the engine proposes and prepares its own block.
    await h.advance(OPTS.candidacyWindowMs);
    expect(h.ownProposals()).toHaveLength(1);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(h.ownProposals()[0]!.block));
    // A throwing listener on a message-driven event does not make onMessage throw.
    h.engine.on("equivocation", () => {
      throw new Error("evidence sink down");
    });
    const a = h.validators[1]!;
    await h.deliver(a, { kind: "vote", vote: h.vote(a, "prepare", 0, null) });
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const verdict = await h.deliver(a, { kind: "vote", vote: h.vote(a, "prepare", 0, h.block(p0, 0)) });
    expect(verdict).toEqual({ verdict: "reject", reason: "equivocation" });
    expect(errors.map((e) => e.event)).toEqual(["roundStarted", "equivocation"]);
  });

  describe("what moduleError cannot carry is logged", () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown): void => {
      unhandled.push(err);
    };
    beforeEach(() => {
      unhandled.length = 0;
      process.on("unhandledRejection", onUnhandled);
    });
    afterEach(() => {
      process.off("unhandledRejection", onUnhandled);
    });

    it("a throwing moduleError listener is logged with the tsdc event name, once", async () => {
      const log = memoryLogger();
      const h = harnessWhereOthersLead(1, { logger: log });
      const second = new Error("second bug");
      h.engine.on("roundStarted", () => {
        throw new Error("listener bug");
      });
      h.engine.on("moduleError", () => {
        throw second;
      });
      await h.startHeight1();
      const logged = log.at("error");
      expect(logged).toHaveLength(1);
      expect(logged[0]!.obj).toEqual({ event: "tsdc:moduleError", err: second });
      expect(logged[0]!.bindings).toEqual({ module: "tsdc" });
    });

    it("an async listener's rejection is logged, not left unhandled, and the engine goes on", async () => {
      const log = memoryLogger();
      const h = harnessWhereOthersLead(1, { logger: log });
      const boom = new Error("async listener bug");
      const errors: TsdcEvents["moduleError"][] = [];
      h.engine.on("moduleError", (e) => errors.push(e));
      h.engine.on("roundStarted", async () => {
        await Promise.resolve();
        throw boom;
      });
      await h.startHeight1();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      expect(log.at("error").map((e) => e.obj)).toEqual([{ event: "tsdc:roundStarted", err: boom }]);
      expect(errors).toEqual([]);
      await h.advance(OPTS.candidacyWindowMs);
      expect(h.ownProposals()).toHaveLength(1);
    });

    it("unsubscribing stops delivery of a guarded listener (and is idempotent)", async () => {
      const h = harnessWhereOthersLead(1);
      const calls: string[] = [];
      const errors: TsdcEvents["moduleError"][] = [];
      h.engine.on("moduleError", (e) => errors.push(e));
      const off = h.engine.on("roundStarted", () => {
        calls.push("unsubscribed");
        throw new Error("must not run");
      });
      h.engine.on("roundStarted", (e) => calls.push(`kept ${e.round}`));
      off();
      off();
      await h.startHeight1();
      expect(calls).toEqual(["kept 0"]);
      expect(errors).toEqual([]);
    });
  });
});
