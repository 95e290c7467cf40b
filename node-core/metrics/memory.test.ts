// The memory probe reads this process's figures against a positive total no larger than the machine's;
// memoryFraction refuses figures that make no fraction.
import { totalmem } from "node:os";
import { describe, expect, it } from "vitest";
import { memoryFraction, processMemory } from "./memory.js";

describe("processMemory", () => {
  it("reports the resident set against the memory the process may use", () => {
    const m = processMemory();
    expect(m.rss).toBeGreaterThan(0);
    expect(m.heapUsed).toBeGreaterThan(0);
    expect(m.total).toBeGreaterThan(0);
    expect(m.total).toBeLessThanOrEqual(totalmem());
    const f = memoryFraction(m);
    expect(f).toBeGreaterThan(0);
    expect(f).toBeLessThan(1);
  });

  it("gives no fraction for figures that make none", () => {
    expect(memoryFraction({ rss: 5, heapUsed: 1, total: 0 })).toBeNull();
    expect(memoryFraction({ rss: Number.NaN, heapUsed: 1, total: 10 })).toBeNull();
    expect(memoryFraction({ rss: -1, heapUsed: 1, total: 10 })).toBeNull();
    expect(memoryFraction({ rss: 5, heapUsed: 1, total: 10 })).toBe(0.5);
  });
});
