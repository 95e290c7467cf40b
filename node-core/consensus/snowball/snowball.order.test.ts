// Poll results are applied strictly in the order the polls were sent: a success that completes while an
// earlier poll of the same conflict set is still out must wait for it, so that poll's failure still counts.
import { describe, expect, it } from "vitest";
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
}

const four: ValidatorWeight[] = ["a1", "b2", "c3", "d4"].map((id) => ({ id, weight: 10 }));
const key = (n: number) => `${"00".repeat(32)}:${n}`;

function rig(opts: Partial<SnowballOptions>) {
  const vt = new VirtualTime(1_000);
  const sent: Sent[] = [];
  const engine = new Snowball(opts, {
    clock: vt,
    scheduler: vt,
    rng: new SeededRng(3),
    logger: silentLogger,
    selfId: null,
    validators: () => four,
    outbox: { sendQuery: (peer, requestId) => sent.push({ peer, requestId }) },
  });
  /** Every validator answers poll `requestId` with `yes` for its single transaction. */
  const answer = (requestId: number, yes: boolean) => {
    for (const q of sent) if (q.requestId === requestId) engine.onReply(q.peer, requestId, packBits([yes]));
  };
  const requestIds = () => [...new Set(sent.map((q) => q.requestId))];
  return { vt, engine, answer, requestIds };
}

describe("Snowball poll order", () => {
  it("a failure of an earlier poll still breaks the streak when later polls completed first", () => {
    const r = rig({ beta: 3, maxPollsInFlight: 4, queryTimeoutMs: 2_000 });
    const t = fakeTxid(901);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_100); // four polls in flight
    const [p1, p2, p3, p4] = r.requestIds();
    expect(p4).toBeDefined();
    r.answer(p1!, true);
    r.answer(p3!, true);
    r.answer(p4!, true);
    // p2 is still out: three successes completed, but only p1 is applied
    expect(r.engine.status(t)?.state).toBe("voting");
    expect(r.engine.status(t)?.confidence).toBe(1);
    r.answer(p2!, false);
    // in send order: success, FAILURE, success, success -> confidence 2, not final
    expect(r.engine.status(t)?.state).toBe("voting");
    expect(r.engine.status(t)?.confidence).toBe(2);
  });

  it("a timed-out earlier poll holds later successes back and then resets them", () => {
    const r = rig({ beta: 3, maxPollsInFlight: 4, queryTimeoutMs: 500 });
    const t = fakeTxid(902);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_100);
    const [p1, p2, p3, p4] = r.requestIds();
    r.answer(p2!, true);
    r.answer(p3!, true);
    r.answer(p4!, true);
    expect(r.engine.status(t)?.confidence).toBe(0);
    r.vt.runUntil(1_500); // p1 times out: NO, then p2..p4 apply
    expect(r.engine.status(t)?.confidence).toBe(3);
    expect(r.engine.status(t)?.state).toBe("final");
    void p1;
  });

  it("beta successes in send order decide, even when a failure is released in the same batch after them", () => {
    const r = rig({ beta: 3, maxPollsInFlight: 5, queryTimeoutMs: 2_000 });
    const t = fakeTxid(903);
    r.engine.addTransaction(t, [key(0)]);
    r.engine.start();
    r.vt.runUntil(1_000);
    const [p1, p2, p3, p4, p5] = r.requestIds();
    r.vt.runUntil(1_050);
    r.answer(p2!, true);
    r.answer(p3!, true);
    r.answer(p4!, true);
    r.answer(p5!, false);
    expect(r.engine.status(t)?.state).toBe("voting"); // all held back behind p1
    r.vt.runUntil(1_100);
    r.answer(p1!, true);
    // p1..p3 are three successes in a row: final there, whatever p5 says after them
    expect(r.engine.status(t)?.state).toBe("final");
  });
});
