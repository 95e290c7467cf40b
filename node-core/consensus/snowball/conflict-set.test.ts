import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConflictSet } from "./conflict-set.js";

describe("ConflictSet", () => {
  it("a lone member decides after exactly beta consecutive successes, and a failure restarts the count", () => {
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
    expect(s.decidedFor).toBe("t1");
    // decided sets are frozen
    expect(s.recordSuccess("t1")).toBe(false);
    s.recordFailure("t1");
    expect(s.decidedFor).toBe("t1");
  });

  it("counts confidence in the order polls were sent, not the order they completed", () => {
    const s = new ConflictSet("aa:0", 4);
    s.add("t1");
    // Polls 2, 3, 4 succeed before poll 1 (sent first) times out: the late failure is older evidence.
    s.recordSuccess("t1", 2);
    s.recordSuccess("t1", 3);
    s.recordSuccess("t1", 4);
    s.recordFailure("t1", 1);
    expect(s.confidence).toBe(3);
    // A failure of a poll sent inside the streak resets it ...
    s.recordFailure("t1", 5);
    expect(s.confidence).toBe(0);
    // ... and successes of polls sent before that failure no longer count.
    s.recordSuccess("t1", 4);
    expect(s.confidence).toBe(0);
    for (const seq of [6, 7, 8]) expect(s.recordSuccess("t1", seq)).toBe(false);
    expect(s.recordSuccess("t1", 9)).toBe(true);
    expect(s.decidedFor).toBe("t1");
  });

  it("initial preference is the lowest txid, whatever the arrival order", () => {
    const a = new ConflictSet("k", 5);
    a.add("bb");
    a.add("aa");
    const b = new ConflictSet("k", 5);
    b.add("aa");
    b.add("bb");
    expect(a.preference).toBe("aa");
    expect(b.preference).toBe("aa");
  });

  it("a member overtakes the preference only with more successes (ties go to the lowest txid)", () => {
    const s = new ConflictSet("k", 10);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("bb"); // d: aa 0, bb 1
    expect(s.preference).toBe("bb");
    s.recordSuccess("aa"); // tie 1:1, lowest wins
    expect(s.preference).toBe("aa");
    s.recordSuccess("bb"); // bb 2
    expect(s.preference).toBe("bb");
    expect(s.successesOf("bb")).toBe(2);
  });

  it("a success of a non-preferred member breaks the preference's streak", () => {
    const s = new ConflictSet("k", 3);
    s.add("aa");
    s.add("bb");
    s.recordSuccess("aa");
    s.recordSuccess("aa");
    s.recordSuccess("aa"); // decides? beta 3 -> yes
    expect(s.decidedFor).toBe("aa");

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
    expect(t.decidedFor).toBeNull();
    t.recordSuccess("aa");
    expect(t.decidedFor).toBe("aa");
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

  it("property: decides only for a member that just had beta consecutive successes as the preference", () => {
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
          if (s.decidedFor !== null) break;
          if (e.ok) {
            const decided = s.recordSuccess(who);
            if (s.preference === who && streakOf === who) streak++;
            else {
              streakOf = who;
              streak = 1;
            }
            const expectDecided = s.preference === who && streakOf === who && streak >= beta;
            if (decided !== expectDecided) return false;
            if (decided && s.decidedFor !== who) return false;
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
