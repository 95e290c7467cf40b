// The shared verdict helpers: accept carries no reason, and a reason maps to ignore or reject by the
// engine's class table.
import { describe, expect, it } from "vitest";
import { ACCEPT, ignore, reject, verdictFor } from "./verdict.js";

describe("verdicts", () => {
  it("maps a reason through the class table, and no reason to accept", () => {
    const classes = { late: "ignore", forged: "reject" } as const;
    expect(verdictFor<"late" | "forged">(null, classes)).toBe(ACCEPT);
    expect(ACCEPT).toEqual({ verdict: "accept" });
    expect(verdictFor<"late" | "forged">("late", classes)).toEqual(ignore("late"));
    expect(verdictFor<"late" | "forged">("forged", classes)).toEqual({ verdict: "reject", reason: "forged" });
    expect(reject("x")).toEqual({ verdict: "reject", reason: "x" });
    expect(Object.isFrozen(ACCEPT)).toBe(true);
  });
});
