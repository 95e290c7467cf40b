// Engine tests against scripted peers: every query the engine sends is captured and answered (or not) by
// the test, on a virtual clock.
import { describe, expect, it } from "vitest";
import { toHex } from "../../types/bytes.js";
import { silentLogger } from "../../util/index.js";
import { SeededRng } from "../runtime.js";
import { VirtualTime } from "../virtual-time.js";
import { packBits } from "./bitset.js";
import { SnowballError } from "./errors.js";
import type { FinalityStatus, ValidatorWeight } from "./interface.js";
import type { SnowballOptions } from "./options.js";
import { Snowball } from "./snowball.js";
import { fakeTxid } from "./test-network.js";

interface Sent {
  readonly peer: string;
  readonly requestId: number;
  readonly txids: readonly Uint8Array[];
  readonly at: number;
}

function rig(
  opts: Partial<SnowballOptions>,
  validators: ValidatorWeight[],
  selfId: string | null = null,
  isReachable?: (id: string) => boolean,
) {
  const vt = new VirtualTime(1_000);
  const sent: Sent[] = [];
  let roster = validators;
  const engine = new Snowball(opts, {
    clock: vt,
    scheduler: vt,
    rng: new SeededRng(7),
    logger: silentLogger,
    selfId,
    ...(isReachable ? { isReachable } : {}),
    validators: () => roster,
    outbox: { sendQuery: (peer, requestId, txids) => sent.push({ peer, requestId, txids, at: vt.now() }) },
  });
  return {
    vt,
    sent,
    engine,
    setValidators(v: ValidatorWeight[]) {
      roster = v;
    },
    /** Answers every query sent so far and not yet answered, YES to txids for which `yes` says so. */
    answerAll(yes: (txid: Uint8Array, peer: string) => boolean, answered: Set<Sent>) {
      for (const q of sent) {
        if (answered.has(q)) continue;
        answered.add(q);
        engine.onReply(q.peer, q.requestId, packBits(q.txids.map((t) => yes(t, q.peer))));
      }
    },
  };
}

const four: ValidatorWeight[] = ["a1", "b2", "c3", "d4"].map((id) => ({ id, weight: 10 }));
const key = (n: number) => `${"00".repeat(32)}:${n}`;

describe("Snowball engine", () => {
  it("a validator known to be unreachable is not queried, counts as NO at once, and keeps its weight", () => {
    const beta = 3;
    const five: ValidatorWeight[] = ["a1", "b2", "c3", "d4", "e5"].map((id) => ({ id, weight: 10 }));
    const down = new Set(["e5"]);
    const r = rig({ beta, maxPollsInFlight: 1 }, five, null, (id) => !down.has(id));
    const tx = fakeTxid(3);
    r.engine.addTransaction(tx, [key(0)]);
    r.engine.start();
    const answered = new Set<Sent>();
    for (let poll = 0; poll < beta; poll++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    // 40 of 50 polled weight said YES (80% >= 70%): final without ever waiting for e5's timeout.
    expect(r.engine.status(tx)?.state).toBe("final");
    expect(r.sent.some((q) => q.peer === "e5")).toBe(false);
    expect(r.vt.now()).toBeLessThan(1_000 + 2_000);
    // With two known down, 30 of 50 (60%) can never pass: the hint does not shrink the denominator.
    down.add("d4");
    const tx2 = fakeTxid(4);
    r.engine.addTransaction(tx2, [key(1)]);
    for (let poll = 0; poll < 10; poll++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    expect(r.engine.status(tx2)?.successfulPolls).toBe(0);
    expect(r.engine.status(tx2)?.state).not.toBe("final");
    r.engine.stop();
  });

  it("a transaction without conflicts needs beta successful polls: final at exactly beta, not before", () => {
    const beta = 5;
    const r = rig({ beta, maxPollsInFlight: 1 }, four);
    const tx = fakeTxid(1);
    const finals: FinalityStatus[] = [];
    r.engine.onFinal((_, s) => finals.push(s));
    r.engine.addTransaction(tx, [key(0)]);
    expect(r.engine.status(tx)?.state).toBe("pending");
    r.engine.start();
    const answered = new Set<Sent>();
    for (let poll = 1; poll <= beta; poll++) {
      r.vt.advance(25);
      expect(r.engine.status(tx)?.state).toBe("voting");
      r.answerAll(() => true, answered);
      const s = r.engine.status(tx)!;
      expect(s.successfulPolls).toBe(poll);
      if (poll < beta) {
        expect(s.state).toBe("voting");
        expect(s.confidence).toBe(poll);
        expect(r.engine.isFinal(tx)).toBe(false);
      }
    }
    expect(r.engine.isFinal(tx)).toBe(true);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({
      state: "final",
      confidence: beta,
      beta,
      successfulPolls: beta,
      reason: null,
    });
    expect(r.engine.finalTransactions().map(toHex)).toEqual([toHex(tx)]);
    // no further polls once final
    const before = r.sent.length;
    r.vt.advance(1_000);
    expect(r.sent.length).toBe(before);
    expect(r.vt.pendingTasks()).toBe(0);
  });

  it("timeouts count as NO: silent peers fail the poll at queryTimeoutMs", () => {
    const r = rig({ beta: 3, queryTimeoutMs: 500, maxPollsInFlight: 1 }, four);
    const tx = fakeTxid(2);
    r.engine.addTransaction(tx, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    expect(r.sent).toHaveLength(4);
    // two YES of four: 50% < 70%, the other two never answer
    for (const q of r.sent.slice(0, 2)) r.engine.onReply(q.peer, q.requestId, packBits([true]));
    r.vt.runUntil(1_499);
    expect(r.engine.status(tx)?.polls).toBe(0);
    r.vt.runUntil(1_500);
    const s = r.engine.status(tx)!;
    // The first poll timed out; the one launched in its slot failed at once, because the two peers that
    // owed an answer for queryTimeoutMs are now presumed silent (50% can no longer reach 70%).
    expect(s.polls).toBe(2);
    expect(s.successfulPolls).toBe(0);
    expect(r.engine.stats().pollsTimedOut).toBe(1);
    expect(s.reason).toBe("waiting: 50% of masternode weight reachable, 70% needed");
  });

  it("settles early: enough YES resolves before the stragglers answer", () => {
    const r = rig({ beta: 10, maxPollsInFlight: 1 }, four);
    const tx = fakeTxid(3);
    r.engine.addTransaction(tx, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const qs = r.sent.slice();
    r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, packBits([true]));
    r.engine.onReply(qs[1]!.peer, qs[1]!.requestId, packBits([true]));
    expect(r.engine.status(tx)?.polls).toBe(0);
    expect(r.engine.stats().pollsInFlight).toBe(1);
    r.engine.onReply(qs[2]!.peer, qs[2]!.requestId, packBits([true])); // 30 of 40 >= 70%
    expect(r.engine.status(tx)).toMatchObject({ polls: 1, successfulPolls: 1, confidence: 1 });
    expect(r.engine.stats().pollsInFlight).toBe(0);
    // its timeout timer was cancelled: only the poll tick is left
    expect(r.vt.pendingTasks()).toBe(1);
    // the straggler's reply now belongs to a finished poll and is ignored
    const ignored = r.engine.stats().repliesIgnored;
    r.engine.onReply(qs[3]!.peer, qs[3]!.requestId, packBits([false]));
    expect(r.engine.stats().repliesIgnored).toBe(ignored + 1);
    expect(r.engine.status(tx)?.successfulPolls).toBe(1);
  });

  it("settles early on failure: once YES can no longer reach the threshold", () => {
    const r = rig({ beta: 10, maxPollsInFlight: 1 }, four);
    const tx = fakeTxid(4);
    r.engine.addTransaction(tx, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const qs = r.sent.slice();
    r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, packBits([false]));
    expect(r.engine.status(tx)?.polls).toBe(0); // 30 of 40 still possible
    r.engine.onReply(qs[1]!.peer, qs[1]!.requestId, packBits([false])); // at most 20 of 40 now
    expect(r.engine.status(tx)).toMatchObject({ polls: 1, successfulPolls: 0 });
    expect(r.engine.status(tx)?.reason).toBe(
      "waiting: 0% of polled masternode weight said yes in the last poll, 70% needed",
    );
  });

  it("ignores unsolicited, duplicate and unknown-request replies; wrong-length bitsets count as NO", () => {
    const r = rig({ beta: 10, maxPollsInFlight: 1 }, four);
    const tx = fakeTxid(5);
    r.engine.addTransaction(tx, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const qs = r.sent.slice();
    const yes = packBits([true]);
    r.engine.onReply("stranger", qs[0]!.requestId, yes); // not asked
    r.engine.onReply(qs[0]!.peer, 999_999, yes); // unknown request
    r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, yes);
    r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, yes); // duplicate
    r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, yes); // duplicate
    r.engine.onReply(qs[1]!.peer, qs[1]!.requestId, Uint8Array.of(0xff, 0xff)); // wrong length -> NO
    expect(r.engine.stats().repliesIgnored).toBe(4);
    expect(r.engine.status(tx)?.polls).toBe(0); // 10 yes + 10 no + 20 pending: 30 still possible
    r.engine.onReply(qs[2]!.peer, qs[2]!.requestId, yes);
    expect(r.engine.status(tx)?.polls).toBe(0); // 20 yes, 10 pending: still possible
    r.engine.onReply(qs[3]!.peer, qs[3]!.requestId, packBits([false]));
    // 30 of 40 would have been a success had the malformed reply been counted as YES; it was not
    expect(r.engine.status(tx)).toMatchObject({ polls: 1, successfulPolls: 0 });
  });

  it("gives each reply a verdict: accept, ignore (unknown request, duplicate, self) or reject", () => {
    const r = rig({ beta: 10, maxPollsInFlight: 1 }, four, "self");
    const tx = fakeTxid(6);
    r.engine.addTransaction(tx, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const qs = r.sent.slice();
    const yes = packBits([true]);
    expect(r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, yes)).toEqual({ verdict: "accept" });
    expect(r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, yes)).toEqual({
      verdict: "ignore",
      reason: "duplicate",
    });
    expect(r.engine.onReply(qs[0]!.peer, 999_999, yes)).toEqual({
      verdict: "ignore",
      reason: "unknown-request",
    });
    expect(r.engine.onReply("self", qs[1]!.requestId, yes)).toEqual({ verdict: "ignore", reason: "self" });
    expect(r.engine.onReply("stranger", qs[1]!.requestId, yes)).toEqual({
      verdict: "reject",
      reason: "unsolicited",
    });
    expect(r.engine.onReply(qs[1]!.peer, qs[1]!.requestId, Uint8Array.of(0xff, 0xff))).toEqual({
      verdict: "reject",
      reason: "malformed",
    });
    // The malformed reply was still consumed (as NO): a second, well-formed one from that peer is a duplicate.
    expect(r.engine.onReply(qs[1]!.peer, qs[1]!.requestId, yes).verdict).toBe("ignore");
  });

  it("a lying peer cannot crash the engine: garbage replies of every shape", () => {
    const r = rig({ beta: 3 }, four);
    const txs = [fakeTxid(6), fakeTxid(7), fakeTxid(8)];
    for (const [i, t] of txs.entries()) r.engine.addTransaction(t, [key(i)]);
    r.engine.start();
    const rng = new SeededRng(99);
    for (let step = 0; step < 200; step++) {
      r.vt.advance(10);
      for (const q of r.sent.splice(0)) {
        const len = rng.int(4);
        const junk = new Uint8Array(len).map(() => rng.int(256));
        r.engine.onReply(q.peer, q.requestId + rng.int(2), junk);
        r.engine.onReply(q.peer, q.requestId, junk);
      }
    }
    expect(r.engine.stats().pollsInFlight).toBeLessThanOrEqual(r.engine.options.maxPollsInFlight);
    for (const t of txs) expect(["voting", "final"]).toContain(r.engine.status(t)?.state);
  });

  it("stop() cancels every timer and no query goes out afterwards", () => {
    const r = rig({ beta: 5 }, four);
    r.engine.addTransaction(fakeTxid(9), [key(0)]);
    r.engine.start();
    r.vt.advance(80); // several polls in flight with pending timeouts
    expect(r.engine.stats().pollsInFlight).toBeGreaterThan(1);
    expect(r.vt.pendingTasks()).toBeGreaterThan(1);
    r.engine.stop();
    expect(r.vt.pendingTasks()).toBe(0);
    const sent = r.sent.length;
    r.engine.onReply(r.sent[0]!.peer, r.sent[0]!.requestId, packBits([true]));
    r.engine.addTransaction(fakeTxid(10), [key(1)]);
    expect(r.vt.pendingTasks()).toBe(0);
    r.vt.runUntilIdle();
    expect(r.sent.length).toBe(sent);
    // and it can start again
    r.engine.start();
    r.vt.advance(1);
    expect(r.sent.length).toBeGreaterThan(sent);
  });

  it("fills the pipeline at once, never past maxPollsInFlight, and refills a slot as soon as it frees", () => {
    const r = rig({ maxPollsInFlight: 3, pollIntervalMs: 25, beta: 50, resendMaxMs: 2_000 }, four);
    r.engine.addTransaction(fakeTxid(11), [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    expect(r.engine.stats().pollsLaunched).toBe(3);
    r.vt.runUntil(1_500);
    expect(r.engine.stats().pollsLaunched).toBe(3);
    expect(new Set(r.sent.map((q) => q.requestId)).size).toBe(3);
    // one poll completes at 1,510: its slot is refilled at that instant, not at the next 25 ms tick
    r.vt.runUntil(1_510);
    const first = r.sent[0]!.requestId;
    for (const q of r.sent.filter((q) => q.requestId === first))
      r.engine.onReply(q.peer, first, packBits([true]));
    expect(r.engine.stats().pollsInFlight).toBe(2);
    r.vt.runUntil(1_510);
    expect(r.engine.stats()).toMatchObject({ pollsLaunched: 4, pollsInFlight: 3 });
    expect(r.sent.at(-1)!.at).toBe(1_510);
  });

  it("confidence follows the order polls were sent, whatever order they complete in", () => {
    const run = (firstAnswered: "early" | "late") => {
      const r = rig({ beta: 10, maxPollsInFlight: 2 }, four);
      const t = fakeTxid(12);
      r.engine.addTransaction(t, [key(0)]);
      r.engine.start();
      r.vt.runUntil(1_025);
      const ids = [...new Set(r.sent.map((q) => q.requestId))];
      expect(ids).toHaveLength(2);
      const answer = (requestId: number, yes: boolean) => {
        for (const q of r.sent)
          if (q.requestId === requestId) r.engine.onReply(q.peer, requestId, packBits([yes]));
      };
      // the earlier poll says NO, the later one YES: the later-sent success stands either way, because a
      // failure of a poll sent before the streak began is older evidence (a slow timeout must not undo it)
      if (firstAnswered === "early") {
        answer(ids[0]!, false);
        answer(ids[1]!, true);
      } else {
        answer(ids[1]!, true);
        answer(ids[0]!, false);
      }
      r.engine.stop();
      return r.engine.status(t)!.confidence;
    };
    expect(run("early")).toBe(1);
    expect(run("late")).toBe(1);
  });

  it("batches many txids per query and rotates fairly past maxTxsPerQuery", () => {
    const r = rig({ maxTxsPerQuery: 4, maxPollsInFlight: 1, beta: 50 }, four);
    const txs = Array.from({ length: 10 }, (_, i) => fakeTxid(100 + i));
    for (const [i, t] of txs.entries()) r.engine.addTransaction(t, [key(i)]);
    r.engine.start();
    const answered = new Set<Sent>();
    for (let round = 0; round < 10; round++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    const perQuery = new Set(r.sent.map((q) => q.txids.length));
    expect([...perQuery]).toEqual([4]);
    const polls = txs.map((t) => r.engine.status(t)!.polls);
    expect(Math.max(...polls) - Math.min(...polls)).toBeLessThanOrEqual(1);
    expect(polls.reduce((a, b) => a + b, 0)).toBe(40);
  });

  it("answers YES only for known transactions preferred in every conflict set", () => {
    const r = rig({}, four);
    const [first, second, c] = [fakeTxid(20), fakeTxid(21), fakeTxid(22)];
    r.engine.addTransaction(first, [key(0)]);
    r.engine.addTransaction(second, [key(0), key(1)]);
    const bits = r.engine.answerQuery([first, second, c]);
    expect([...bits]).toEqual([0b001]); // the one seen first is preferred; c unknown
    expect(r.engine.status(second)?.reason).toMatch(
      /^conflicts with [0-9a-f]{16}: network prefers the other$/,
    );
  });

  it("answers stay right when a caller reuses one buffer for different txids", () => {
    const r = rig({}, four);
    const known = fakeTxid(23);
    r.engine.addTransaction(known, [key(0)]);
    const buf = known.slice();
    expect(r.engine.answerQuery([buf])[0]).toBe(1);
    buf.set(fakeTxid(24)); // same object, now an unknown txid
    expect(r.engine.answerQuery([buf])[0]).toBe(0);
    expect(r.engine.hasTransaction(buf)).toBe(false);
    buf.set(known);
    expect(r.engine.answerQuery([buf])[0]).toBe(1);
  });

  it("a latecomer to a decided outpoint is rejected at once with the winner named", () => {
    const r = rig({ beta: 2, maxPollsInFlight: 1 }, four);
    const win = fakeTxid(30);
    r.engine.addTransaction(win, [key(0)]);
    r.engine.start();
    const answered = new Set<Sent>();
    for (let i = 0; i < 3; i++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    expect(r.engine.isFinal(win)).toBe(true);
    const rejected: string[] = [];
    r.engine.onRejected((t, s) => rejected.push(`${toHex(t)} ${s.reason}`));
    const late = fakeTxid(31);
    r.engine.addTransaction(late, [key(5), key(0)]);
    expect(r.engine.status(late)).toMatchObject({ state: "rejected", confidence: 0 });
    expect(rejected).toEqual([`${toHex(late)} lost to conflicting transaction ${toHex(win)}`]);
    expect(r.engine.answerQuery([late, win])[0]).toBe(0b10);
  });

  it("losing one outpoint rejects a multi-input tx and frees its other outpoint for a rival", () => {
    // x spends outpoints 0 and 1; y spends 0; z spends 1. If y wins outpoint 0, x is rejected, and z
    // must still be able to win outpoint 1 even though it may not have been preferred there.
    const r = rig({ beta: 2, maxPollsInFlight: 1 }, four);
    const [x, y, z] = [fakeTxid(40), fakeTxid(41), fakeTxid(42)];
    r.engine.addTransaction(x, [key(0), key(1)]);
    r.engine.addTransaction(y, [key(0)]);
    r.engine.addTransaction(z, [key(1)]);
    r.engine.start();
    const answered = new Set<Sent>();
    const yHex = toHex(y);
    // the network votes for y only until x is rejected, then for z as well
    for (let i = 0; i < 3; i++) {
      r.vt.advance(25);
      r.answerAll((t) => toHex(t) === yHex, answered);
    }
    expect(r.engine.status(y)?.state).toBe("final");
    expect(r.engine.status(x)).toMatchObject({
      state: "rejected",
      reason: `lost to conflicting transaction ${yHex}`,
    });
    expect(r.engine.answerQuery([z])[0]).toBe(1);
    for (let i = 0; i < 3; i++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    expect(r.engine.status(z)?.state).toBe("final");
  });

  it("reason strings while pending: no validators, not started", () => {
    const r = rig({ maxPollsInFlight: 1 }, []);
    const t = fakeTxid(50);
    r.engine.addTransaction(t, [key(0)]);
    expect(r.engine.status(t)?.reason).toBe("waiting: finality voting is not running");
    r.engine.start();
    r.vt.advance(100);
    expect(r.engine.status(t)).toMatchObject({
      state: "pending",
      reason: "waiting: no active masternodes to poll",
    });
    r.setValidators(four);
    r.vt.advance(25);
    expect(r.engine.status(t)?.state).toBe("voting");
    expect(r.sent).toHaveLength(4);
    r.engine.stop();
  });

  it("polls only positive-weight validators, each once, and its own answer needs no message", () => {
    const validators: ValidatorWeight[] = [...four, { id: "zero", weight: 0 }, { id: "a1", weight: 10 }];
    const r = rig({ beta: 1, maxPollsInFlight: 1 }, validators, "a1");
    const t = fakeTxid(60);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    expect(r.sent.map((q) => q.peer).sort()).toEqual(["b2", "c3", "d4"]);
    // self (10, YES locally) + two YES = 30 of 40
    r.engine.onReply("b2", r.sent[0]!.requestId, packBits([true]));
    r.engine.onReply("c3", r.sent[0]!.requestId, packBits([true]));
    expect(r.engine.isFinal(t)).toBe(true);
  });

  it("a single self-validator finalizes on its own answers", () => {
    const r = rig({ beta: 3 }, [{ id: "me", weight: 10 }], "me");
    const t = fakeTxid(61);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntilIdle();
    expect(r.engine.isFinal(t)).toBe(true);
    expect(r.sent).toHaveLength(0);
  });

  it("sampled mode: more than k validators are drawn stake-weighted, k draws per poll", () => {
    const validators: ValidatorWeight[] = [];
    for (let i = 0; i < 30; i++)
      validators.push({ id: `v${i.toString().padStart(2, "0")}`, weight: i < 10 ? 1000 : 10 });
    const r = rig({ k: 20, alpha: 14, beta: 1_000, maxPollsInFlight: 4 }, validators);
    r.engine.addTransaction(fakeTxid(70), [key(0)]);
    r.engine.start();
    const answered = new Set<Sent>();
    for (let i = 0; i < 400; i++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    const polls = r.engine.stats().pollsLaunched;
    expect(polls).toBeGreaterThan(300);
    const heavy = r.sent.filter((q) => Number(q.peer.slice(1)) < 10).length;
    const light = r.sent.length - heavy;
    // 10 x 1000 vs 20 x 10: a heavy validator is drawn with p = 100/102 per draw; light ones rarely
    expect(heavy / polls).toBeGreaterThan(8);
    expect(light / polls).toBeLessThan(4);
    for (const q of r.sent) expect(q.txids).toHaveLength(1);
  });

  it("refuses a transaction without outpoints and bad txids; adding twice is a no-op", () => {
    const r = rig({}, four);
    expect(() => r.engine.addTransaction(fakeTxid(80), [])).toThrow(SnowballError);
    expect(() => r.engine.addTransaction(new Uint8Array(0), [key(0)])).toThrow(SnowballError);
    r.engine.addTransaction(fakeTxid(81), [key(0)]);
    r.engine.addTransaction(fakeTxid(81), [key(1)]);
    expect(r.engine.stats().transactionsKnown).toBe(1);
  });

  it("forget() drops decided transactions only, and empties conflict sets with their last member", () => {
    const r = rig({ beta: 1, maxPollsInFlight: 1 }, four);
    const t = fakeTxid(90);
    r.engine.addTransaction(t, [key(0)]);
    expect(r.engine.forget(t)).toBe(false);
    r.engine.start();
    r.vt.advance(25);
    r.answerAll(() => true, new Set());
    expect(r.engine.isFinal(t)).toBe(true);
    expect(r.engine.forget(t)).toBe(true);
    expect(r.engine.hasTransaction(t)).toBe(false);
    expect(r.engine.finalTransactions()).toEqual([]);
    expect(r.engine.stats().transactionsKnown).toBe(0);
  });

  it("forgetSettled() drops a settled transaction with every rival, decided or not, and frees third parties", () => {
    // a (final) and b (undecided rival on outpoint 0); b also spends outpoint 1, which c spends too.
    const r = rig({ beta: 3, maxPollsInFlight: 1 }, four);
    const [a, b, c, other] = [fakeTxid(91), fakeTxid(92), fakeTxid(93), fakeTxid(94)];
    r.engine.addTransaction(a, [key(0)]);
    r.engine.start();
    const answered = new Set<Sent>();
    for (let i = 0; i < 4; i++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    expect(r.engine.isFinal(a)).toBe(true);
    r.engine.addTransaction(b, [key(0), key(1)]);
    r.engine.addTransaction(c, [key(1)]);
    r.engine.addTransaction(other, [key(2)]);
    expect(r.engine.status(b)?.state).toBe("rejected");
    expect(r.engine.forgetSettled(fakeTxid(99))).toBe(0);
    expect(r.engine.forgetSettled(a)).toBe(2);
    for (const gone of [a, b]) expect(r.engine.hasTransaction(gone)).toBe(false);
    expect(r.engine.finalTransactions()).toEqual([]);
    // c and the unrelated transaction stay and can still be decided
    expect(r.engine.stats().transactionsKnown).toBe(2);
    for (let i = 0; i < 5; i++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    expect(r.engine.isFinal(c)).toBe(true);
    expect(r.engine.isFinal(other)).toBe(true);
  });

  it("forgetSettled() leaves no rival alone in its conflict set to become final", () => {
    // Two undecided rivals on one outpoint; the chain settles x: y must go with it, not win by default.
    const r = rig({ beta: 2, maxPollsInFlight: 1 }, four);
    const [x, y] = [fakeTxid(95), fakeTxid(96)];
    r.engine.addTransaction(x, [key(7)]);
    r.engine.addTransaction(y, [key(7)]);
    r.engine.start();
    const finals: string[] = [];
    r.engine.onFinal((t) => finals.push(toHex(t)));
    expect(r.engine.forgetSettled(x)).toBe(2);
    const answered = new Set<Sent>();
    for (let i = 0; i < 4; i++) {
      r.vt.advance(25);
      r.answerAll(() => true, answered);
    }
    expect(finals).toEqual([]);
    expect(r.engine.hasTransaction(y)).toBe(false);
    expect(r.engine.stats().transactionsKnown).toBe(0);
  });
});
