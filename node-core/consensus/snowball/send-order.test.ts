import { describe, expect, it } from "vitest";
import { SendOrder } from "./send-order.js";

describe("SendOrder", () => {
  it("releases only the finished oldest-first prefix, each poll's verdicts in the order it asked", () => {
    const o = new SendOrder();
    o.expect(1, "a");
    o.expect(1, "b");
    o.expect(2, "a");
    o.expect(3, "b");
    expect(o.report(3, "b", true)).toEqual([]);
    expect(o.report(1, "b", false)).toEqual([]);
    expect(o.report(1, "a", true)).toEqual([
      { seq: 1, id: "a", ok: true },
      { seq: 1, id: "b", ok: false },
    ]);
    expect(o.size).toBe(2);
    expect(o.report(2, "a", false)).toEqual([
      { seq: 2, id: "a", ok: false },
      { seq: 3, id: "b", ok: true },
    ]);
    expect(o.size).toBe(0);
  });

  it("ignores verdicts never expected or given twice, and keeps order when expected out of order", () => {
    const o = new SendOrder();
    o.expect(5, "a");
    o.expect(4, "a");
    o.expect(4, "a"); // twice: still one verdict owed
    expect(o.report(9, "a", true)).toEqual([]);
    expect(o.report(5, "z", true)).toEqual([]);
    expect(o.report(5, "a", true)).toEqual([]);
    expect(o.report(5, "a", false)).toEqual([]);
    expect(o.report(4, "a", false).map((v) => [v.seq, v.ok])).toEqual([
      [4, false],
      [5, true],
    ]);
  });

  it("dropping a member stops waiting for it and releases what was behind it", () => {
    const o = new SendOrder();
    o.expect(1, "a");
    o.expect(2, "a");
    o.expect(2, "b");
    o.expect(3, "b");
    o.report(3, "b", true);
    o.report(2, "b", true);
    expect(o.dropMember("a")).toEqual([
      { seq: 2, id: "b", ok: true },
      { seq: 3, id: "b", ok: true },
    ]);
    expect(o.size).toBe(0);
    o.expect(4, "b");
    o.clear();
    expect(o.report(4, "b", true)).toEqual([]);
  });
});
