import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConflictSet } from "./conflict-set.js";

describe("ConflictSet", () => {
  it("a lone member is confident after exactly beta consecutive successes, and a failure restarts the count", () => {
    const s = new ConflictSet("aa:0", 3);
    s.add("t1");
    expect(s.preference).toBe("t1");
    expect(s.recordSuccess("t1")).toBe(false);
    expect(s.recordSuccess("t1")).toBe(false);
    s.recordFailure("t1");
    expect(s.confidence).toBe(0);
    expect(s.recordSuccess("t1")).toBe(false);
    expect(s.recordSuccess("t1")).toBe(false);
    expect(s.confidenceOf("t1")).toBe(2);
    expect(s.recordSuccess("t1")).toBe(true);
    expect(s.confidentFor).toBe("t1");
    // confidence alone decides nothing: the engine decides once the transaction is confident everywhere
    expect(s.decidedFor).toBeNull();
    expect(s.decide("zz")).toBe(false);
    expect(s.decide("t1")).toBe(true);
    expect(s.decidedFor).toBe("t1");
    expect(s.decide("t1")).toBe(false);
    // decided sets are frozen
    expect(s.recordSuccess("t1")).toBe(false);
    s.recordFailure("t1");
    expect(s.decidedFor).toBe("t1");
  });

  it("applies verdicts in the order polls were sent: a later success waits for every earlier poll", () => {
    const s = new ConflictSet("aa:0", 3);
    s.add("t1");
    for (const seq of [1, 2, 3, 4]) s.expect(seq, "t1");
    // Polls 1, 3 and 4 succeed while poll 2 is still out: only poll 1 applies.
    s.report(1, "t1", true);
    s.report(3, "t1", true);
    s.report(4, "t1", true);
    expect(s.confidence).toBe(1);
    expect(s.pendingPolls).toBe(3);
    expect(s.confidentFor).toBeNull();
    // Poll 2 fails: in send order that is success, failure, success, success.
    s.report(2, "t1", false);
    expect(s.pendingPolls).toBe(0);
    expect(s.confidence).toBe(2);
    expect(s.confidentFor).toBeNull();
    // Unknown or repeated reports change nothing.
    s.report(2, "t1", true);
    s.report(9, "t1", true);
    expect(s.confidence).toBe(2);
    s.expect(5, "t1");
    s.report(5, "t1", true);
    expect(s.confidentFor).toBe("t1");
  });

  it("a slow failure sent before the streak began still comes first: later successes count after it", () => {
    const s = new ConflictSet("aa:0", 3);
    s.add("t1");
    for (const seq of [1, 2, 3, 4]) s.expect(seq, "t1");
    s.report(2, "t1", true);
    s.report(3, "t1", true);
    s.report(4, "t1", true);
    expect(s.confidence).toBe(0);
    s.report(1, "t1", false); // the timeout of poll 1
    expect(s.confidence).toBe(3);
    expect(s.confidentFor).toBe("t1");
  });

  it("one poll's verdicts for several members apply together, in the order the poll asked", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.expect(1, "bb");
    s.expect(1, "aa");
    s.expect(2, "aa");
    s.report(2, "aa", true);
    s.report(1, "aa", false);
    expect(s.successesOf("aa")).toBe(0); // poll 1 still owes bb's verdict
    s.report(1, "bb", true);
    // poll 1: bb success (bb preferred, 1:0), aa failure; poll 2: aa success (1:1: bb keeps the preference,
    // and its streak is broken by aa's success)
    expect(s.preference).toBe("bb");
    expect(s.successesOf("bb")).toBe(1);
    expect(s.successesOf("aa")).toBe(1);
    expect(s.confidence).toBe(0);
  });

  it("excluding a member stops waiting for its verdicts and releases the polls behind them", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.expect(1, "aa");
    s.expect(2, "bb");
    s.report(2, "bb", true);
    expect(s.successesOf("bb")).toBe(0);
    s.exclude("aa");
    expect(s.successesOf("bb")).toBe(1);
    expect(s.pendingPolls).toBe(0);
    // abandoned polls never release anything
    s.expect(3, "bb");
    s.abandonPending();
    s.report(3, "bb", true);
    expect(s.successesOf("bb")).toBe(1);
  });

  it("initial preference is the member seen first: a rival with a lower txid does not take it", () => {
    const a = new ConflictSet("k", 5);
    a.add("bb");
    a.add("aa");
    const b = new ConflictSet("k", 5);
    b.add("aa");
    b.add("bb");
    expect(a.preference).toBe("bb");
    expect(b.preference).toBe("aa");
  });

  it("a member overtakes the preference only with strictly more successes (a tie keeps it)", () => {
    const s = new ConflictSet("k", 10);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("bb"); // d: aa 0, bb 1
    expect(s.preference).toBe("bb");
    s.recordSuccess("aa"); // tie 1:1: bb keeps it
    expect(s.preference).toBe("bb");
    s.recordSuccess("bb"); // bb 2
    expect(s.preference).toBe("bb");
    expect(s.successesOf("bb")).toBe(2);
  });

  it("a success of a non-preferred member breaks the preference's streak", () => {
    // (confidentFor: the preference with beta consecutive successes; deciding is the engine's call)
    const s = new ConflictSet("k", 3);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    s.recordSuccess("aa"); // beta 3: confident
    expect(s.confidentFor).toBe("aa");

    const t = new ConflictSet("k", 3);
    t.add("aa");
    t.add("bb");
    t.recordSuccess("aa");
    t.recordSuccess("aa");
    t.recordSuccess("bb"); // bb not preferred (1 < 2): streak broken
    expect(t.preference).toBe("aa");
    expect(t.confidence).toBe(0);
    t.recordSuccess("aa");
    t.recordSuccess("aa");
    expect(t.confidentFor).toBeNull();
    t.recordSuccess("aa");
    expect(t.confidentFor).toBe("aa");
  });

  it("a failed poll of the non-preferred member says nothing against the preferred one", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    s.recordFailure("bb");
    expect(s.confidence).toBe(2);
  });

  it("an excluded member is never preferred again and hands the preference over", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.add("cc");
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    expect(s.isContested()).toBe(true);
    s.exclude("aa");
    expect(s.preference).toBe("bb");
    expect(s.confidence).toBe(0);
    s.exclude("bb");
    expect(s.preference).toBe("cc");
    expect(s.isContested()).toBe(false);
    expect(s.recordSuccess("aa")).toBe(false);
    expect(s.successesOf("aa")).toBe(2);
  });

  it("stalls only while contested and without any success", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.noteRound(false);
    s.noteRound(false);
    expect(s.isStalled(2)).toBe(false); // not contested
    s.add("bb");
    expect(s.isStalled(2)).toBe(true);
    s.noteRound(true);
    expect(s.isStalled(2)).toBe(false);
  });

  it("reports its members, and adding a member twice keeps its successes", () => {
    const s = new ConflictSet("k", 5);
    s.add("bb");
    s.add("aa");
    expect(s.size).toBe(2);
    expect(s.has("aa")).toBe(true);
    expect(s.has("cc")).toBe(false);
    expect([...s.members()]).toEqual(["bb", "aa"]);
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    s.add("aa");
    expect(s.size).toBe(2);
    expect(s.successesOf("aa")).toBe(2);
    expect(s.confidence).toBe(2);
  });

  it("a non-preferred member's streak restarts at every one of its successes", () => {
    const s = new ConflictSet("k", 10);
    s.add("aa");
    s.add("bb");
    for (let i = 0; i < 3; i++) s.recordSuccess("aa");
    s.recordSuccess("bb");
    s.recordSuccess("bb");
    s.recordSuccess("bb"); // 3:3, aa keeps the preference on the tie
    expect(s.preference).toBe("aa");
    s.recordSuccess("bb"); // 4:3, bb takes over; only this success and the one before count
    expect(s.preference).toBe("bb");
    expect(s.confidence).toBe(2);
  });

  it("confidenceOf a member that is not the preference is 0", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    expect(s.confidenceOf("aa")).toBe(2);
    expect(s.confidenceOf("bb")).toBe(0);
  });

  it("a decided set is frozen: new members, failures and exclusions change neither the decision nor the confidence", () => {
    const s = new ConflictSet("k", 3);
    s.add("bb");
    s.add("cc");
    for (let i = 0; i < 3; i++) s.recordSuccess("bb");
    s.decide("bb");
    expect(s.decidedFor).toBe("bb");
    s.recordFailure("bb");
    expect(s.confidence).toBe(3);
    s.exclude("bb");
    expect(s.preference).toBe("bb");
    expect(s.confidence).toBe(3);
    s.add("aa"); // would take the preference from an excluded member in an undecided set
    expect(s.preference).toBe("bb");
    expect(s.confidence).toBe(3);
    expect(s.confidenceOf("bb")).toBe(3);
    // contested (aa and cc can still win on paper) and no success since, but decided sets never stall
    s.noteRound(false);
    s.noteRound(false);
    expect(s.isStalled(2)).toBe(false);
  });

  it("excluding a non-member does nothing, excluding a non-preferred member keeps the preference's streak", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.add("cc");
    s.exclude("zz");
    s.exclude("bb");
    expect(s.isContested()).toBe(true); // aa and cc; an excluded non-member would count against it
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    s.exclude("cc");
    expect(s.preference).toBe("aa");
    expect(s.confidence).toBe(2);
  });

  it("when every member is excluded the preference stays where it was", () => {
    const s = new ConflictSet("k", 5);
    s.add("bb");
    s.add("aa");
    expect(s.preference).toBe("bb");
    s.exclude("aa");
    s.exclude("bb");
    expect(s.preference).toBe("bb");
    // removing another excluded member does not recompute it either
    s.remove("aa");
    expect(s.preference).toBe("bb");
  });

  it("a member added after the preference was excluded takes the preference", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.exclude("aa");
    s.add("bb");
    expect(s.preference).toBe("bb");
  });

  it("removing the undecided preference hands it to the remaining member with the most successes", () => {
    const s = new ConflictSet("k", 5);
    for (const m of ["aa", "bb", "cc", "dd"]) s.add(m);
    s.recordSuccess("cc");
    s.recordSuccess("cc");
    s.recordSuccess("bb");
    expect(s.preference).toBe("cc");
    s.remove("zz"); // not a member: nothing happens
    expect(s.size).toBe(4);
    s.remove("cc");
    expect(s.size).toBe(3);
    expect(s.has("cc")).toBe(false);
    expect(s.preference).toBe("bb");
    s.remove("bb"); // the rest have no successes: the one seen first
    expect(s.preference).toBe("aa");
  });

  it("removing the preference skips excluded members, and removing an excluded member un-counts it", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("bb");
    s.exclude("aa");
    s.remove("bb");
    expect(s.preference).toBeNull();

    const t = new ConflictSet("k", 5);
    for (const m of ["aa", "bb", "cc"]) t.add(m);
    t.exclude("cc");
    expect(t.isContested()).toBe(true);
    t.remove("cc");
    expect(t.isContested()).toBe(true);
  });

  it("removing another member keeps the streak; removing the member whose success came last drops it", () => {
    const s = new ConflictSet("k", 5);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    s.remove("bb");
    expect(s.confidence).toBe(2);

    const t = new ConflictSet("k", 5);
    t.add("aa");
    t.add("bb");
    t.recordSuccess("bb");
    t.recordSuccess("bb");
    t.recordSuccess("aa"); // aa 1 < bb 2: aa's success came last, bb stays preferred
    t.remove("aa");
    t.add("aa");
    t.remove("bb"); // aa becomes the preference without a success of its own
    expect(t.preference).toBe("aa");
    expect(t.confidence).toBe(0);
  });

  it("removing the decided member keeps the decision and its confidence", () => {
    const s = new ConflictSet("k", 3);
    s.add("aa");
    s.add("bb");
    for (let i = 0; i < 3; i++) s.recordSuccess("aa");
    s.decide("aa");
    s.remove("aa");
    expect(s.decidedFor).toBe("aa");
    expect(s.preference).toBe("aa");
    expect(s.confidenceOf("aa")).toBe(3);
  });

  it("property: confident only in a member that just had beta consecutive successes as the preference", () => {
    const members = ["aa", "bb", "cc"];
    const event = fc.record({ who: fc.integer({ min: 0, max: 2 }), ok: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(event, { maxLength: 120 }), (beta, events) => {
        const s = new ConflictSet("k", beta);
        for (const m of members) s.add(m);
        // reference model: streak of (member, count) of successes while preferred
        let streakOf: string | null = null;
        let streak = 0;
        for (const e of events) {
          const who = members[e.who]!;
          if (s.confidentFor !== null) break;
          if (e.ok) {
            const decided = s.recordSuccess(who);
            if (s.preference === who && streakOf === who) streak++;
            else {
              streakOf = who;
              streak = 1;
            }
            const expectDecided = s.preference === who && streakOf === who && streak >= beta;
            if (decided !== expectDecided) return false;
            if (decided && s.confidentFor !== who) return false;
          } else {
            s.recordFailure(who);
            if (who === s.preference) streak = 0;
          }
          // the preference is always a member with the most successes
          const max = Math.max(...members.map((m) => s.successesOf(m)));
          if (s.successesOf(s.preference!) !== max) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
