// A poll's success rule at the alpha boundary: a transaction succeeds with YES from AT LEAST alpha/k of the
// polled weight (yes * k >= alpha * W), in both units (stake in poll-everyone mode, draws in sampled mode),
// and fails one smallest unit below. The poll settles as soon as missing replies cannot change an outcome.
import { describe, expect, it } from "vitest";
import { packBits } from "./bitset.js";
import { Poll, type PollPeer } from "./poll.js";

const K = 20;
const ALPHA = 14;

function poll(peers: PollPeer[], bySample: number[]): Poll<string> {
  const items = bySample.map((_, i) => `tx${i}`);
  const txids = items.map((_, i) => new Uint8Array(32).fill(i + 1));
  return new Poll(1, 0, items, txids, Uint8Array.from(bySample), peers, K, ALPHA);
}

const yes = packBits([true]);
const no = packBits([false]);

describe("Poll: the alpha threshold", () => {
  it("poll-everyone mode: exactly alpha/k of the stake succeeds, one bronze less fails", () => {
    // 30 bronze validators (10 each), 300 in all: alpha/k = 14/20 of 300 is exactly 210 = 21 validators.
    const peers = Array.from({ length: 30 }, (_, i) => ({ id: `v${i}`, stake: 10, draws: 0 }));
    const exactly = poll(peers, [0]);
    for (let i = 0; i < 30; i++) exactly.record(`v${i}`, i < 21 ? yes : no);
    expect(exactly.tally(0)).toEqual({ yes: 210, total: 300 });
    expect(exactly.succeeded(0)).toBe(true);
    const below = poll(peers, [0]);
    for (let i = 0; i < 30; i++) below.record(`v${i}`, i < 20 ? yes : no);
    expect(below.tally(0)).toEqual({ yes: 200, total: 300 });
    expect(below.succeeded(0)).toBe(false);
  });

  it("sampled mode: alpha of the k draws succeeds, alpha - 1 fails", () => {
    // 20 peers drawn once each.
    const peers = Array.from({ length: K }, (_, i) => ({ id: `p${i}`, stake: 0, draws: 1 }));
    const atAlpha = poll(peers, [1]);
    for (let i = 0; i < K; i++) atAlpha.record(`p${i}`, i < ALPHA ? yes : no);
    expect(atAlpha.tally(0)).toEqual({ yes: ALPHA, total: K });
    expect(atAlpha.succeeded(0)).toBe(true);
    const belowAlpha = poll(peers, [1]);
    for (let i = 0; i < K; i++) belowAlpha.record(`p${i}`, i < ALPHA - 1 ? yes : no);
    expect(belowAlpha.succeeded(0)).toBe(false);
    // A peer drawn several times counts once per draw.
    const heavy = poll(
      [
        { id: "a", stake: 0, draws: ALPHA },
        { id: "b", stake: 0, draws: K - ALPHA },
      ],
      [1],
    );
    heavy.record("a", yes);
    expect(heavy.succeeded(0)).toBe(true);
  });

  it("settles as soon as the outcome is decided, not before", () => {
    const peers = Array.from({ length: K }, (_, i) => ({ id: `p${i}`, stake: 0, draws: 1 }));
    const fast = poll(peers, [1]);
    for (let i = 0; i < ALPHA - 1; i++) fast.record(`p${i}`, yes);
    expect(fast.isSettled()).toBe(false);
    fast.record(`p${ALPHA - 1}`, yes);
    // alpha YES: success whatever the other six say.
    expect(fast.isSettled()).toBe(true);
    expect(fast.succeeded(0)).toBe(true);

    const doomed = poll(peers, [1]);
    // After K - ALPHA + 1 = 7 NOs at most 13 YES remain possible: failure is certain.
    for (let i = 0; i < K - ALPHA; i++) doomed.record(`p${i}`, no);
    expect(doomed.isSettled()).toBe(false);
    doomed.record(`p${K - ALPHA}`, no);
    expect(doomed.isSettled()).toBe(true);
    expect(doomed.succeeded(0)).toBe(false);
  });

  it("a malformed reply is NO for every item, and a second reply from the same peer is ignored", () => {
    const peers = Array.from({ length: K }, (_, i) => ({ id: `p${i}`, stake: 0, draws: 1 }));
    const p = poll(peers, [1]);
    expect(p.record("p0", null)).toBe(true);
    expect(p.record("p0", yes)).toBe(false);
    expect(p.record("stranger", yes)).toBe(false);
    for (let i = 1; i < K; i++) p.record(`p${i}`, i <= ALPHA - 1 ? yes : no);
    expect(p.tally(0)).toEqual({ yes: ALPHA - 1, total: K });
    expect(p.succeeded(0)).toBe(false);
  });

  it("nothing succeeds in an empty poll", () => {
    const empty = poll([], [0, 1]);
    expect(empty.isSettled()).toBe(true);
    expect(empty.succeeded(0)).toBe(false);
    expect(empty.succeeded(1)).toBe(false);
  });
});
