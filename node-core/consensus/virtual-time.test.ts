import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasErrorCode, NodeCoreError } from "../util/index.js";
import { VirtualTime, VirtualTimeError } from "./virtual-time.js";

describe("VirtualTime", () => {
  it("runs tasks by due time, then by scheduling order, and moves the clock with them", () => {
    const vt = new VirtualTime(1_000);
    const log: string[] = [];
    vt.after(30, () => log.push(`c@${vt.now()}`));
    vt.after(10, () => log.push(`a@${vt.now()}`));
    vt.after(10, () => log.push(`b@${vt.now()}`));
    vt.after(0, () => log.push(`z@${vt.now()}`));
    expect(vt.pendingTasks()).toBe(4);
    expect(vt.runUntilIdle()).toBe(4);
    expect(log).toEqual(["z@1000", "a@1010", "b@1010", "c@1030"]);
    expect(vt.now()).toBe(1_030);
    expect(vt.pendingTasks()).toBe(0);
  });

  it("runUntil stops at the bound, leaves later tasks queued and sets the clock to the bound", () => {
    const vt = new VirtualTime();
    const log: number[] = [];
    vt.after(5, () => log.push(5));
    vt.after(10, () => log.push(10));
    vt.after(11, () => log.push(11));
    vt.runUntil(10);
    expect(log).toEqual([5, 10]);
    expect(vt.now()).toBe(10);
    expect(vt.nextDueAt()).toBe(11);
    vt.advance(100);
    expect(log).toEqual([5, 10, 11]);
    expect(vt.now()).toBe(110);
  });

  it("tasks scheduled while running at the same instant run after the ones already queued", () => {
    const vt = new VirtualTime();
    const log: string[] = [];
    vt.after(1, () => {
      log.push("first");
      vt.after(0, () => log.push("nested"));
    });
    vt.after(1, () => log.push("second"));
    vt.runUntil(1);
    expect(log).toEqual(["first", "second", "nested"]);
  });

  it("cancel is idempotent and cancelled tasks never run", () => {
    const vt = new VirtualTime();
    let ran = 0;
    const cancel = vt.after(5, () => ran++);
    vt.after(6, () => ran++);
    cancel();
    cancel();
    expect(vt.pendingTasks()).toBe(1);
    vt.runUntilIdle();
    expect(ran).toBe(1);
    expect(vt.nextDueAt()).toBeNull();
  });

  it("negative delays run now; non-finite delays and going backwards are refused", () => {
    const vt = new VirtualTime(50);
    let at = -1;
    vt.after(-20, () => {
      at = vt.now();
    });
    vt.runUntilIdle();
    expect(at).toBe(50);
    expect(() => vt.after(Number.NaN, () => {})).toThrow(VirtualTimeError);
    expect(() => vt.after(Number.POSITIVE_INFINITY, () => {})).toThrow(VirtualTimeError);
    try {
      vt.runUntil(10);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(VirtualTimeError);
      expect((err as VirtualTimeError).code).toBe("VIRTUAL_TIME_BACKWARDS");
    }
  });

  it("runUntilIdle throws on a timer that reschedules itself forever", () => {
    const vt = new VirtualTime();
    const loop = (): void => {
      vt.after(1, loop);
    };
    loop();
    try {
      vt.runUntilIdle(1_000);
      expect.unreachable();
    } catch (err) {
      expect((err as VirtualTimeError).code).toBe("VIRTUAL_TIME_RUNAWAY");
    }
  });

  it("an exception in a task propagates and leaves the rest of the queue intact", () => {
    const vt = new VirtualTime();
    const log: number[] = [];
    vt.after(1, () => {
      throw new Error("boom");
    });
    vt.after(2, () => log.push(2));
    expect(() => vt.runUntilIdle()).toThrow("boom");
    expect(vt.now()).toBe(1);
    vt.runUntilIdle();
    expect(log).toEqual([2]);
  });

  it("matches a sorted-list model under random schedule/cancel/run operations (with heap compaction)", () => {
    type Op =
      | { kind: "add"; delay: number }
      | { kind: "cancel"; pick: number }
      | { kind: "run"; ms: number }
      | { kind: "bulk"; count: number; delay: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), delay: fc.integer({ min: -5, max: 200 }) }),
      fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("run" as const), ms: fc.integer({ min: 0, max: 120 }) }),
      fc.record({
        kind: fc.constant("bulk" as const),
        count: fc.integer({ min: 0, max: 1_500 }),
        delay: fc.integer({ min: 0, max: 1_000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const vt = new VirtualTime();
        const ran: number[] = [];
        // model: live tasks as (at, id) in id order (id = scheduling order)
        const model = new Map<number, number>();
        const cancels = new Map<number, () => void>();
        const expected: number[] = [];
        let nextId = 0;
        let now = 0;
        const schedule = (delay: number): void => {
          const id = nextId++;
          model.set(id, now + Math.max(0, delay));
          cancels.set(
            id,
            vt.after(delay, () => ran.push(id)),
          );
        };
        const runModel = (until: number): void => {
          const due = [...model.entries()]
            .filter(([, at]) => at <= until)
            .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
          for (const [id] of due) {
            expected.push(id);
            model.delete(id);
            cancels.delete(id);
          }
          now = until;
        };
        for (const o of ops) {
          if (o.kind === "add") schedule(o.delay);
          else if (o.kind === "bulk") {
            for (let i = 0; i < o.count; i++) schedule(o.delay + (i % 7));
            // cancel most of them to force compaction
            const ids = [...cancels.keys()].slice(0, Math.floor((o.count * 9) / 10));
            for (const id of ids) {
              cancels.get(id)!();
              cancels.delete(id);
              model.delete(id);
            }
          } else if (o.kind === "cancel") {
            const ids = [...cancels.keys()];
            if (ids.length === 0) continue;
            const id = ids[o.pick % ids.length]!;
            cancels.get(id)!();
            cancels.delete(id);
            model.delete(id);
          } else {
            vt.advance(o.ms);
            runModel(now + o.ms);
          }
          if (vt.pendingTasks() !== model.size) return false;
        }
        vt.runUntilIdle();
        runModel(Number.MAX_SAFE_INTEGER);
        return JSON.stringify(ran) === JSON.stringify(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe("VirtualTimeError", () => {
  const thrownBy = (fn: () => unknown): VirtualTimeError => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(VirtualTimeError);
      return err as VirtualTimeError;
    }
    throw new Error("expected a VirtualTimeError");
  };
  const overTheWire = (err: { toObject(): object }): NodeCoreError =>
    NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));

  it("crosses toObject/fromObject with code, message and payload (BACKWARDS, RUNAWAY)", () => {
    const vt = new VirtualTime(50);
    const backwards = thrownBy(() => vt.runUntil(10));
    expect(backwards).toBeInstanceOf(NodeCoreError);
    const back = overTheWire(backwards);
    expect(hasErrorCode(back, "VIRTUAL_TIME_BACKWARDS")).toBe(true);
    expect(back.message).toBe(backwards.message);
    expect(back.payload).toEqual({ now: 50, value: 10 });

    const loop = (): void => {
      vt.after(1, loop);
    };
    loop();
    const runaway = thrownBy(() => vt.runUntilIdle(100));
    expect(overTheWire(runaway).toObject()).toEqual(runaway.toObject());
    expect(runaway.payload.value).toBe(100);
  });

  it("BAD_DELAY keeps its code and `now`; the non-finite delay travels as null (JSON has no NaN)", () => {
    const vt = new VirtualTime(7);
    const err = thrownBy(() => vt.after(Number.NaN, () => {}));
    const back = overTheWire(err);
    expect(back.code).toBe("VIRTUAL_TIME_BAD_DELAY");
    expect(back.message).toBe(err.message);
    expect(back.payload).toEqual({ now: 7, value: null });
  });
});
