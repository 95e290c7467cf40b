// Snowball's onFinal/onRejected go through the EventHub: a listener that throws is logged with its event
// and never reaches onReply's caller, and the other listeners and later decisions are unaffected (the old
// listener list rethrew the first error out of onReply, into the network layer).
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../util/index.js";
import { SeededRng } from "../runtime.js";
import { VirtualTime } from "../virtual-time.js";
import { packBits } from "./bitset.js";
import type { ValidatorWeight } from "./interface.js";
import { Snowball } from "./snowball.js";
import { fakeTxid } from "./test-network.js";

const four: ValidatorWeight[] = ["a1", "b2", "c3", "d4"].map((id) => ({ id, weight: 10 }));
const key = (n: number) => `${"00".repeat(32)}:${n}`;

function rig() {
  const vt = new VirtualTime(1_000);
  const logger = memoryLogger();
  const sent: { peer: string; requestId: number; txids: readonly Uint8Array[] }[] = [];
  const engine = new Snowball(
    { beta: 2, maxPollsInFlight: 1 },
    {
      logger,
      clock: vt,
      scheduler: vt,
      rng: new SeededRng(7),
      selfId: null,
      validators: () => four,
      outbox: { sendQuery: (peer, requestId, txids) => sent.push({ peer, requestId, txids }) },
    },
  );
  let answered = 0;
  /** Runs polls, answering every query YES, until `done` holds (bounded). */
  const pollUntil = (done: () => boolean) => {
    for (let i = 0; i < 50 && !done(); i++) {
      vt.advance(25);
      for (; answered < sent.length; answered++) {
        const q = sent[answered]!;
        engine.onReply(q.peer, q.requestId, packBits(q.txids.map(() => true)));
      }
    }
  };
  return { engine, logger, pollUntil };
}

describe("Snowball listeners", () => {
  it("a throwing onFinal listener is logged, the others run, and onReply does not throw", () => {
    const { engine, logger, pollUntil } = rig();
    const boom = new Error("final listener bug");
    const finals: string[] = [];
    engine.onFinal(() => {
      throw boom;
    });
    engine.onFinal((txid, status) => finals.push(`${txid[0]}:${status.state}`));
    const tx = fakeTxid(1);
    const tx2 = fakeTxid(2);
    engine.addTransaction(tx, [key(0)]);
    engine.start();
    // pollUntil calls onReply directly: a rethrown listener error would fail this test here.
    pollUntil(() => engine.isFinal(tx));
    expect(engine.isFinal(tx)).toBe(true);
    expect(finals).toEqual([`${tx[0]}:final`]);
    expect(logger.at("error").map((e) => e.obj)).toEqual([{ event: "snowball:final", err: boom }]);
    expect(logger.at("error")[0]?.bindings).toEqual({ module: "snowball" });
    // The engine keeps deciding.
    engine.addTransaction(tx2, [key(1)]);
    pollUntil(() => engine.isFinal(tx2));
    expect(finals).toEqual([`${tx[0]}:final`, `${tx2[0]}:final`]);
    engine.stop();
  });

  it("unsubscribing onFinal stops delivery", () => {
    const { engine, pollUntil } = rig();
    const finals: number[] = [];
    const off = engine.onFinal((txid) => finals.push(txid[0] as number));
    off();
    const tx = fakeTxid(3);
    engine.addTransaction(tx, [key(0)]);
    engine.start();
    pollUntil(() => engine.isFinal(tx));
    expect(engine.isFinal(tx)).toBe(true);
    expect(finals).toEqual([]);
    engine.stop();
  });
});
