// The tests' in-memory message network: each message arrives after latency plus a jitter in [0, jitterMs],
// lost messages never arrive and are not counted, and a run replays from its seed.
import { describe, expect, it } from "vitest";
import { VirtualTime } from "../consensus/index.js";
import { MessageNet, SeededRng } from "./index.js";

function arrivals(seed: number, spec: ConstructorParameters<typeof MessageNet>[2], count: number) {
  const time = new VirtualTime(1_000);
  const net = new MessageNet(time, new SeededRng(seed), spec);
  const at: number[] = [];
  let sent = 0;
  for (let i = 0; i < count; i++) if (net.send(() => at.push(time.now() - 1_000))) sent++;
  time.runUntilIdle();
  return { at, sent, counted: net.messages };
}

describe("MessageNet", () => {
  it("delivers after exactly the latency when there is no jitter", () => {
    const { at, counted } = arrivals(1, { latencyMs: 40 }, 5);
    expect(at).toEqual([40, 40, 40, 40, 40]);
    expect(counted).toBe(5);
  });

  it("adds a jitter in [0, jitterMs] that reaches both ends", () => {
    const { at } = arrivals(2, { latencyMs: 10, jitterMs: 3 }, 400);
    expect(Math.min(...at)).toBe(10);
    expect(Math.max(...at)).toBe(13);
    expect(at.every((ms) => Number.isInteger(ms))).toBe(true);
  });

  it("drops about `loss` of the messages; dropped ones never arrive and are not counted", () => {
    const { at, sent, counted } = arrivals(3, { loss: 0.3 }, 2_000);
    expect(at).toHaveLength(sent);
    expect(counted).toBe(sent);
    expect(sent).toBeGreaterThan(1_250);
    expect(sent).toBeLessThan(1_550);
    expect(arrivals(3, { loss: 1 }, 50).at).toEqual([]);
  });

  it("replays from its seed", () => {
    const spec = { latencyMs: 5, jitterMs: 50, loss: 0.1 };
    expect(arrivals(4, spec, 300)).toEqual(arrivals(4, spec, 300));
    expect(arrivals(5, spec, 300).at).not.toEqual(arrivals(4, spec, 300).at);
  });
});
