// Liveness under loss: a validator that has not answered after a few measured round trips is asked again
// within the same deadline, and each transaction's verdict counts as soon as its own votes decide it.
import { describe, expect, it } from "vitest";
import { toHex } from "../../types/bytes.js";
import { silentLogger } from "../../util/index.js";
import { SeededRng } from "../runtime.js";
import { VirtualTime } from "../virtual-time.js";
import { packBits } from "./bitset.js";
import type { ValidatorWeight } from "./interface.js";
import type { SnowballOptions } from "./options.js";
import { Snowball } from "./snowball.js";
import { fakeTxid } from "./test-network.js";

interface Sent {
  readonly peer: string;
  readonly requestId: number;
  readonly txids: readonly Uint8Array[];
  readonly at: number;
}

const four: ValidatorWeight[] = ["a1", "b2", "c3", "d4"].map((id) => ({ id, weight: 10 }));
const key = (n: number) => `${"00".repeat(32)}:${n}`;

function rig(opts: Partial<SnowballOptions>) {
  const vt = new VirtualTime(1_000);
  const sent: Sent[] = [];
  const engine = new Snowball(
    { maxPollsInFlight: 1, ...opts },
    {
      clock: vt,
      scheduler: vt,
      rng: new SeededRng(5),
      logger: silentLogger,
      selfId: null,
      validators: () => four,
      outbox: { sendQuery: (peer, requestId, txids) => sent.push({ peer, requestId, txids, at: vt.now() }) },
    },
  );
  return { vt, sent, engine };
}

describe("Snowball liveness", () => {
  it("re-sends the query to validators that did not answer, and their late answers settle the poll", () => {
    const r = rig({ beta: 5, queryTimeoutMs: 2_000, resendMaxMs: 300 });
    const t = fakeTxid(801);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const first = r.sent.slice();
    expect(first).toHaveLength(4);
    // two answer YES; the queries to the other two are lost
    for (const q of first.slice(0, 2)) r.engine.onReply(q.peer, q.requestId, packBits([true]));
    r.vt.runUntil(1_299);
    expect(r.sent).toHaveLength(4);
    r.vt.runUntil(1_300); // no round trip measured yet: the re-send waits resendMaxMs
    const again = r.sent.slice(4);
    expect(again.map((q) => [q.peer, q.requestId, q.at])).toEqual(
      first.slice(2).map((q) => [q.peer, q.requestId, 1_300]),
    );
    expect(r.engine.stats().queriesResent).toBe(2);
    r.engine.onReply(again[0]!.peer, again[0]!.requestId, packBits([true]));
    expect(r.engine.status(t)).toMatchObject({ polls: 1, successfulPolls: 1 });
    expect(r.engine.stats().pollsTimedOut).toBe(0);
  });

  it("times re-sends at resendRttFactor x the measured round trip, within the floor and ceiling", () => {
    // The presumption of silence is off: it would end the poll before the third re-send.
    const r = rig({
      beta: 20,
      queryTimeoutMs: 2_000,
      resendRttFactor: 3,
      resendVarianceFactor: 0,
      resendMinMs: 40,
      resendMaxMs: 1_000,
      silentAfterResendDelays: 0,
    });
    const t = fakeTxid(802);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    r.vt.runUntil(1_100); // every reply takes 100 ms
    for (const q of r.sent.splice(0)) r.engine.onReply(q.peer, q.requestId, packBits([true]));
    r.vt.runUntil(1_100); // the next poll goes out at once
    const second = r.sent.splice(0);
    expect(second.map((q) => q.at)).toEqual([1_100, 1_100, 1_100, 1_100]);
    r.engine.onReply(second[0]!.peer, second[0]!.requestId, packBits([true]));
    r.vt.runUntil(1_399);
    expect(r.sent).toHaveLength(0);
    r.vt.runUntil(1_400); // 3 x 100 ms after it was sent
    expect(r.sent.map((q) => q.peer)).toEqual(second.slice(1).map((q) => q.peer));
    // at most maxResends (3) re-sends, all before the deadline
    r.vt.runUntil(3_200);
    expect(r.engine.stats().queriesResent).toBe(9);
    expect(r.engine.stats().pollsTimedOut).toBe(1);
  });

  it("a transaction's verdict counts as soon as its own votes decide it, before the rest of the batch", () => {
    const r = rig({ beta: 5 });
    const [a, b] = [fakeTxid(803), fakeTxid(804)];
    r.engine.addTransaction(a, [key(0)]);
    r.engine.addTransaction(b, [key(1)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const qs = r.sent.slice();
    const order = qs[0]!.txids;
    const bits = (yesA: boolean, yesB: boolean) =>
      packBits(order.map((id) => (toHex(id) === toHex(a) ? yesA : yesB)));
    r.engine.onReply(qs[0]!.peer, qs[0]!.requestId, bits(true, true));
    r.engine.onReply(qs[1]!.peer, qs[1]!.requestId, bits(true, true));
    r.engine.onReply(qs[2]!.peer, qs[2]!.requestId, bits(true, false));
    // a: 30 of 40 YES, settled; b: 20 YES and 10 missing, still open
    expect(r.engine.status(a)).toMatchObject({ polls: 1, successfulPolls: 1, confidence: 1 });
    expect(r.engine.status(b)?.polls).toBe(0);
    r.engine.onReply(qs[3]!.peer, qs[3]!.requestId, bits(false, true));
    expect(r.engine.status(b)).toMatchObject({ polls: 1, successfulPolls: 1 });
  });
});

describe("presumed-silent validators", () => {
  it("fail a poll before its deadline once they have owed an answer for a few re-send delays, and count again when they answer", () => {
    // maxResends 0: only the presumption can end a poll before queryTimeoutMs.
    const r = rig({ beta: 5, queryTimeoutMs: 2_000, resendMaxMs: 300, maxResends: 0 });
    const t = fakeTxid(811);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const first = r.sent.slice();
    expect(first).toHaveLength(4);
    // a1/b2 answer YES after 100 ms; the other two never answer
    r.vt.runUntil(1_100);
    for (const q of first.slice(0, 2)) r.engine.onReply(q.peer, q.requestId, packBits([true]));
    r.vt.runUntil(1_599);
    expect(r.engine.status(t)?.polls).toBe(0);
    // A re-send delay is 300 ms (resendMaxMs, as at launch before any round trip was measured, and 3 x the
    // 100 ms measured since). At 1,600 c3/d4 have owed an answer for 2 re-send delays: the poll launched
    // before that fails now (at most 50% can still say YES, 70% needed) instead of holding its conflict
    // set until its deadline at 3,000.
    r.vt.runUntil(1_600);
    expect(r.engine.status(t)?.polls).toBeGreaterThanOrEqual(1);
    // The polls launched in its slot from then on fail at once.
    r.vt.runUntil(1_700);
    expect(r.engine.status(t)?.polls).toBeGreaterThan(2);
    expect(r.engine.status(t)?.successfulPolls).toBe(0);
    expect(r.engine.stats().pollsTimedOut).toBe(0);
    // Once they answer anything (here late replies to retired polls), they are alive again: the next poll
    // waits for them, and their YES counts toward success.
    for (const peer of ["a1", "b2", "c3", "d4"]) {
      const last = r.sent.filter((q) => q.peer === peer).at(-1)!;
      r.engine.onReply(peer, last.requestId, packBits([true]));
    }
    const polls = r.engine.status(t)!.polls;
    const asked = r.sent.length;
    r.vt.runUntil(1_900); // past the backed-off pacing of the polls that failed at launch
    expect(r.sent.length).toBeGreaterThan(asked);
    expect(r.engine.status(t)?.polls).toBe(polls);
    const live = r.sent.at(-1)!.requestId;
    for (const q of r.sent.filter((q) => q.requestId === live).slice(0, 3)) {
      r.engine.onReply(q.peer, q.requestId, packBits([true]));
    }
    expect(r.engine.status(t)?.successfulPolls).toBe(1);
  });

  it("never lets a presumed-silent validator make a poll succeed: success still needs alpha real YES", () => {
    const r = rig({ beta: 5, queryTimeoutMs: 2_000, resendMaxMs: 300, maxResends: 0 });
    const t = fakeTxid(812);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    for (const q of r.sent.slice(0, 3)) r.engine.onReply(q.peer, q.requestId, packBits([true]));
    expect(r.engine.status(t)?.successfulPolls).toBe(1); // 30 of 40 >= 70%
    r.vt.runUntil(4_000);
    // d4 never answers: every later poll fails (early, once it is presumed silent), none succeeds.
    expect(r.engine.status(t)?.polls).toBeGreaterThan(2);
    expect(r.engine.status(t)?.successfulPolls).toBe(1);
  });

  it("polls that fail at launch back off: validators that all look silent get probes, not a flood", () => {
    const r = rig({ maxPollsInFlight: 16, queryTimeoutMs: 2_000, resendMaxMs: 300 });
    r.engine.addTransaction(fakeTxid(813), [key(0)]);
    r.engine.start();
    r.vt.runUntil(5_000); // nobody ever answers: all four are presumed silent after 600 ms
    const before = r.sent.length;
    r.vt.runUntil(10_000);
    // Each poll still asks all four (the probes that let a validator come back), but a poll that failed at
    // launch is relaunched after a pacing doubled per such poll up to resendMaxMs: about 3 polls a second
    // instead of 16 every 25 ms (2,560 queries a second).
    expect(r.sent.length - before).toBeLessThanOrEqual(4 * Math.ceil(5_000 / 300) + 8);
    expect(r.sent.length - before).toBeGreaterThan(0);
  });
});
