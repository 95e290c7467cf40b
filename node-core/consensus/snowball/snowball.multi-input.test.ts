// Finality is per transaction: a conflict set's confidence for a multi-input transaction decides nothing
// until the transaction is confident in every one of its sets, and a rejected transaction releases its other
// outpoints. Scripted validators answer every poll on a virtual clock, one poll at a time.
import { describe, expect, it } from "vitest";
import { toHex } from "../../types/bytes.js";
import { silentLogger } from "../../util/index.js";
import { SeededRng } from "../runtime.js";
import { VirtualTime } from "../virtual-time.js";
import { packBits } from "./bitset.js";
import type { ValidatorWeight } from "./interface.js";
import { Snowball } from "./snowball.js";
import { fakeTxid } from "./test-network.js";

const four: ValidatorWeight[] = ["a1", "b2", "c3", "d4"].map((id) => ({ id, weight: 10 }));
const outpoint = (name: string) => `${"00".repeat(32)}:${name.charCodeAt(0)}`;
const [X, Y, Z] = [outpoint("X"), outpoint("Y"), outpoint("Z")];

function rig() {
  const vt = new VirtualTime(1_000);
  const sent: { peer: string; requestId: number; txids: readonly Uint8Array[] }[] = [];
  const engine = new Snowball(
    { beta: 3, maxPollsInFlight: 1, pollIntervalMs: 25 },
    {
      clock: vt,
      scheduler: vt,
      rng: new SeededRng(11),
      logger: silentLogger,
      selfId: null,
      validators: () => four,
      outbox: { sendQuery: (peer, requestId, txids) => sent.push({ peer, requestId, txids }) },
    },
  );
  engine.start();
  /** Runs `polls` polls in which every validator says YES exactly to the txids in `yes`. */
  const polls = (count: number, ...yes: Uint8Array[]) => {
    const yesHex = new Set(yes.map(toHex));
    for (let i = 0; i < count; i++) {
      vt.advance(25);
      for (const q of sent.splice(0)) {
        engine.onReply(q.peer, q.requestId, packBits(q.txids.map((t) => yesHex.has(toHex(t)))));
      }
    }
  };
  /** U's successes without a streak: a YES poll, then an all-NO poll, `times` times. */
  const successesWithoutStreak = (times: number, tx: Uint8Array) => {
    for (let i = 0; i < times; i++) {
      polls(1, tx);
      polls(1);
    }
  };
  return { engine, polls, successesWithoutStreak };
}

describe("Snowball multi-input finality", () => {
  it("T{X,Y} loses Y to U{Y}: X is not frozen for T, and a later spender of X can win it", () => {
    const r = rig();
    const [t, u] = [fakeTxid(700), fakeTxid(701)];
    r.engine.addTransaction(t, [X, Y]);
    r.engine.addTransaction(u, [Y]);
    r.successesWithoutStreak(4, u); // Y: U has 4 successes, no streak
    r.polls(3, t); // T: beta successes in a row in X, but fewer successes than U in Y
    expect(r.engine.status(t)?.state).toBe("voting");
    r.polls(3, u); // U confident in its only set: final, T rejected
    expect(r.engine.status(u)?.state).toBe("final");
    expect(r.engine.status(t)).toMatchObject({
      state: "rejected",
      reason: `lost to conflicting transaction ${toHex(u)}`,
    });
    // A later spender of X is judged by Snowball, not rejected because X once leaned towards T.
    const w = fakeTxid(702);
    r.engine.addTransaction(w, [X]);
    expect(r.engine.status(w)?.state).not.toBe("rejected");
    expect(r.engine.answerQuery([w])[0]).toBe(1);
    r.polls(4, w);
    expect(r.engine.status(w)?.state).toBe("final");
  });

  it("a chain A{X,Y} B{Y,Z} C{Z}: B confident in Y is not final while Z prefers C; C wins, A takes Y", () => {
    const r = rig();
    const [a, b, c] = [fakeTxid(710), fakeTxid(711), fakeTxid(712)];
    r.engine.addTransaction(a, [X, Y]);
    r.engine.addTransaction(b, [Y, Z]);
    r.engine.addTransaction(c, [Z]);
    r.successesWithoutStreak(4, c); // Z leans to C
    r.polls(3, b); // B: beta in a row, preferred in Y but not in Z
    expect(r.engine.status(b)?.state).toBe("voting");
    expect(r.engine.status(a)?.state).toBe("voting"); // Y did not decide for B: A is still alive
    r.polls(3, c);
    expect(r.engine.status(c)?.state).toBe("final");
    expect(r.engine.status(b)).toMatchObject({
      state: "rejected",
      reason: `lost to conflicting transaction ${toHex(c)}`,
    });
    r.polls(4, a);
    expect(r.engine.status(a)?.state).toBe("final");
    expect(r.engine.finalTransactions().map(toHex).sort()).toEqual([toHex(a), toHex(c)].sort());
  });

  it("a multi-input transaction is final only once every one of its sets is confident at the same time", () => {
    const r = rig();
    const [t, u] = [fakeTxid(720), fakeTxid(721)];
    r.engine.addTransaction(t, [X, Y]);
    r.engine.addTransaction(u, [Y]);
    r.successesWithoutStreak(2, u); // Y: U 2 successes
    r.polls(3, t); // T: 3 in a row in X; in Y T overtakes U only at its third success
    expect(r.engine.status(t)?.state).toBe("voting");
    expect(r.engine.status(t)?.confidence).toBe(1);
    r.polls(2, t); // Y: T's streak as the preference reaches 3
    expect(r.engine.status(t)?.state).toBe("final");
    expect(r.engine.status(u)?.state).toBe("rejected");
  });
});
