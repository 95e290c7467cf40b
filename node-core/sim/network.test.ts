import { describe, expect, it } from "vitest";
import { VirtualTime } from "../consensus/virtual-time.js";
import { MESSAGE_CAPS } from "../network/index.js";
import { NodeCoreError } from "../util/index.js";
import { SIM_WIRE, type SimMessage } from "./messages.js";
import { linkSeed, SimNetwork, type WireCodec } from "./network.js";
import type { PartitionSpec } from "./options.js";

/** Strings as UTF-8, counting the calls; "bad" messages encode but do not decode, "unencodable" do not encode. */
function textWire() {
  const calls = { encode: 0, decode: 0 };
  const wire: WireCodec<string> = {
    encode(m) {
      calls.encode++;
      if (m.startsWith("unencodable")) throw new RangeError("cannot encode");
      return new TextEncoder().encode(m);
    },
    decode(b) {
      calls.decode++;
      const m = new TextDecoder().decode(b);
      if (m.startsWith("bad")) throw new RangeError("cannot decode");
      return m;
    },
  };
  return { wire, calls };
}

interface Received {
  readonly at: number;
  readonly from: number;
  readonly to: number;
  readonly msg: string;
}

function setup(opts: {
  nodes?: number;
  latencyMs?: number;
  jitterMs?: number;
  loss?: number;
  retransmitRate?: number;
  retransmitDelayMs?: number;
  resetRate?: number;
  reconnectMs?: number;
  partitions?: PartitionSpec[];
  seed?: number;
  wire?: WireCodec<string>;
}) {
  const time = new VirtualTime(0);
  const net = new SimNetwork<string>(
    {
      nodes: opts.nodes ?? 4,
      latencyMs: opts.latencyMs ?? 50,
      jitterMs: opts.jitterMs ?? 0,
      loss: opts.loss ?? 0,
      retransmitRate: opts.retransmitRate ?? 0,
      retransmitDelayMs: opts.retransmitDelayMs ?? 200,
      resetRate: opts.resetRate ?? 0,
      reconnectMs: opts.reconnectMs ?? 1_000,
      partitions: opts.partitions ?? [],
      seed: opts.seed ?? 1,
    },
    {
      clock: time,
      scheduler: time,
      kindOf: (m) => m.split(":")[0] as string,
      wire: opts.wire ?? textWire().wire,
    },
  );
  const got: Received[] = [];
  for (let i = 0; i < net.size; i++) {
    net.setHandler(i, (from, msg) => got.push({ at: time.now(), from, to: i, msg }));
  }
  return { time, net, got };
}

describe("SimNetwork", () => {
  it("delivers after the one-way latency and tells the receiver who sent it", () => {
    const { time, net, got } = setup({ latencyMs: 50 });
    net.send(0, 2, "a:1");
    time.runUntilIdle();
    expect(got).toEqual([{ at: 50, from: 0, to: 2, msg: "a:1" }]);
    expect(net.stats.sent).toBe(1);
    expect(net.stats.delivered).toBe(1);
    expect(net.stats.byKind.get("a")).toBe(1);
  });

  it("adds jitter within [0, jitterMs] and keeps each link FIFO", () => {
    const { time, net, got } = setup({ latencyMs: 20, jitterMs: 30, seed: 9 });
    for (let i = 0; i < 200; i++) {
      time.runUntil(i);
      net.send(1, 3, `m:${i}`);
    }
    time.runUntilIdle();
    expect(got.map((r) => r.msg)).toEqual(Array.from({ length: 200 }, (_, i) => `m:${i}`));
    for (let i = 0; i < got.length; i++) {
      const r = got[i] as Received;
      expect(r.at).toBeGreaterThanOrEqual(i + 20);
      if (i > 0) expect(r.at).toBeGreaterThanOrEqual((got[i - 1] as Received).at);
    }
    // The jitter is really used: not every delay is the base latency.
    expect(new Set(got.map((r, i) => r.at - i)).size).toBeGreaterThan(5);
    expect(Math.max(...got.map((r, i) => r.at - i))).toBeLessThanOrEqual(20 + 30 + 30);
  });

  it("loses about the configured fraction of messages, reproducibly per seed", () => {
    const run = (seed: number) => {
      const { time, net, got } = setup({ loss: 0.25, seed });
      for (let i = 0; i < 2000; i++) net.send(i % 4, (i + 1) % 4, `x:${i}`);
      time.runUntilIdle();
      return { delivered: got.map((r) => r.msg), lost: net.stats.lost };
    };
    const a = run(3);
    expect(a.lost).toBeGreaterThan(400);
    expect(a.lost).toBeLessThan(600);
    expect(a.delivered.length + a.lost).toBe(2000);
    expect(run(3)).toEqual(a);
    expect(run(4).delivered).not.toEqual(a.delivered);
  });

  it("drops messages across a partition while it holds, at send or at delivery", () => {
    const { time, net, got } = setup({ partitions: [{ a: [0, 1], b: [2, 3], startMs: 100, endMs: 300 }] });
    net.send(0, 2, "before:1"); // sent at 0, arrives at 50: before the cut
    time.runUntil(80);
    net.send(0, 3, "inflight:1"); // sent at 80, arrives at 130: cut at delivery
    time.runUntil(150);
    net.send(1, 2, "during:1"); // cut at send
    net.send(0, 1, "same-side:1"); // same side: delivered
    time.runUntil(300);
    net.send(3, 0, "after:1"); // healed
    time.runUntilIdle();
    expect(got.map((r) => r.msg)).toEqual(["before:1", "same-side:1", "after:1"]);
    expect(net.stats.cut).toBe(2);
    expect(net.isCut(0, 2, 200)).toBe(true);
    expect(net.isCut(0, 1, 200)).toBe(false);
    expect(net.isCut(0, 2, 300)).toBe(false);
  });

  it("a crash loses the messages in flight to and from the node, also across a quick restart", () => {
    const { time, net, got } = setup({});
    net.send(0, 1, "to-crashed:1");
    net.send(1, 2, "from-crashed:1");
    net.send(2, 3, "unrelated:1");
    time.runUntil(10);
    net.crash(1);
    net.send(1, 0, "while-down:1"); // a down node sends nothing
    time.runUntil(20);
    net.restart(1);
    time.runUntilIdle();
    expect(got.map((r) => r.msg)).toEqual(["unrelated:1"]);
    expect(net.stats.down).toBe(2);
    net.send(0, 1, "after-restart:1");
    time.runUntilIdle();
    expect(got.map((r) => r.msg)).toEqual(["unrelated:1", "after-restart:1"]);
  });

  it("broadcast reaches every other node once, like one send each", () => {
    const a = setup({ nodes: 6, jitterMs: 7, seed: 5 });
    const b = setup({ nodes: 6, jitterMs: 7, seed: 5 });
    a.net.broadcast(2, "b:1");
    for (let to = 0; to < 6; to++) if (to !== 2) b.net.send(2, to, "b:1");
    a.time.runUntilIdle();
    b.time.runUntilIdle();
    const sorted = (list: Received[]) => [...list].sort((x, y) => x.to - y.to);
    expect(sorted(a.got)).toEqual(sorted(b.got));
    expect(a.got.map((r) => r.to).sort()).toEqual([0, 1, 3, 4, 5]);
    expect(a.net.stats.sent).toBe(5);
  });

  it("refuses a message to self", () => {
    const { net } = setup({});
    expect(() => net.send(1, 1, "x:1")).toThrow(RangeError);
  });

  it("carries bytes: one encoding per send or broadcast, one decoding at the first delivery", () => {
    const { wire, calls } = textWire();
    const { time, net, got } = setup({ nodes: 6, jitterMs: 7, seed: 5, wire });
    net.broadcast(0, "b:1");
    expect(calls).toEqual({ encode: 1, decode: 0 });
    time.runUntilIdle();
    expect(got).toHaveLength(5);
    expect(calls).toEqual({ encode: 1, decode: 1 });
    expect(net.stats.bytes).toBe(3 * 5);
    // Push gossip sends one message to several peers in a row: still one encoding.
    for (const to of [1, 2, 3]) net.send(0, to, "g:22");
    net.send(0, 4, "g:333");
    time.runUntilIdle();
    expect(calls).toEqual({ encode: 3, decode: 3 });
    expect(
      got
        .slice(5)
        .map((r) => `${r.to}/${r.msg}`)
        .sort(),
    ).toEqual(["1/g:22", "2/g:22", "3/g:22", "4/g:333"]);
    expect(net.stats.bytes).toBe(3 * 5 + 4 * 3 + 5);
    expect(net.stats.malformed).toBe(0);
    expect(net.wireFailures()).toEqual([]);
  });

  it("a lost message is never decoded", () => {
    const { wire, calls } = textWire();
    const { time, net, got } = setup({ loss: 1, wire });
    net.broadcast(0, "x:1");
    time.runUntilIdle();
    expect(got).toEqual([]);
    expect(calls).toEqual({ encode: 1, decode: 0 });
  });

  it("a decoding failure is described with its code only when it is a NodeCoreError", () => {
    const foreign = Object.assign(new RangeError("looks coded"), { code: "CODEC_TRUNCATED" });
    const ours = new NodeCoreError("CODEC_TRUNCATED", "input ends early", {});
    const wire: WireCodec<string> = {
      encode: (m) => new TextEncoder().encode(m),
      decode: (b) => {
        throw new TextDecoder().decode(b) === "ours" ? ours : foreign;
      },
    };
    const { time, net } = setup({ nodes: 2, wire });
    net.send(0, 1, "ours");
    net.send(0, 1, "foreign");
    time.runUntilIdle();
    expect(net.wireFailures()).toEqual([
      expect.stringMatching(/: CODEC_TRUNCATED: input ends early$/),
      expect.stringMatching(/ from node 0: looks coded$/),
    ]);
  });

  it("a message that does not decode is a failure, counted once and delivered to no one", () => {
    const { time, net, got } = setup({ nodes: 4 });
    net.broadcast(1, "bad:1");
    time.runUntilIdle();
    expect(got).toEqual([]);
    expect(net.stats.malformed).toBe(1);
    expect(net.stats.delivered).toBe(0);
    expect(net.wireFailures()).toEqual([
      expect.stringMatching(/^network: node \d could not decode 5 bytes from node 1: cannot decode$/),
    ]);
    // Past the first twenty, failures are counted, not described.
    for (let i = 0; i < 24; i++) net.send(0, 2, `bad:${i}`);
    time.runUntilIdle();
    expect(net.stats.malformed).toBe(25);
    const failures = net.wireFailures();
    expect(failures).toHaveLength(21);
    expect(failures[20]).toBe("network: 5 more malformed messages");
  });

  it("a message that does not encode is a failure and is not sent", () => {
    const { time, net, got } = setup({});
    net.send(0, 1, "unencodable:1");
    net.broadcast(2, "unencodable:2");
    time.runUntilIdle();
    expect(got).toEqual([]);
    expect(net.stats.sent).toBe(0);
    expect(net.stats.malformed).toBe(2);
    expect(net.wireFailures()).toEqual([
      "network: node 0 could not encode a unencodable message: cannot encode",
      "network: node 2 could not encode a unencodable message: cannot encode",
    ]);
  });

  it("with the protocol's wire, a node receives a copy decoded from the message's frame", () => {
    const time = new VirtualTime(0);
    const net = new SimNetwork<SimMessage>(
      { nodes: 2, latencyMs: 10, jitterMs: 0, loss: 0, partitions: [], seed: 1 },
      { clock: time, scheduler: time, kindOf: (m) => m.kind, wire: SIM_WIRE },
    );
    const got: SimMessage[] = [];
    net.setHandler(1, (_from, m) => got.push(m));
    const status: SimMessage = {
      kind: "status",
      protocolVersion: 1,
      chainId: 3,
      genesisHash: new Uint8Array(32).fill(1),
      height: 7n,
      tipHash: new Uint8Array(32).fill(2),
    };
    net.send(0, 1, status);
    // Padding bits past the one txid: the protocol refuses it, so the network never carries it.
    net.send(0, 1, { kind: "reply", requestId: 1, count: 1, bits: Uint8Array.of(0b11) });
    time.runUntilIdle();
    expect(got).toEqual([status]);
    expect(got[0]).not.toBe(status);
    expect(net.stats.bytes).toBe(MESSAGE_CAPS.status);
    expect(net.wireFailures()).toEqual([
      expect.stringContaining("could not encode a reply message: CODEC_NON_CANONICAL"),
    ]);
  });

  it("link seeds depend on the seed and both ends, in order", () => {
    expect(linkSeed(1, 0, 1)).toBe(linkSeed(1, 0, 1));
    expect(linkSeed(1, 0, 1)).not.toBe(linkSeed(1, 1, 0));
    expect(linkSeed(1, 0, 1)).not.toBe(linkSeed(2, 0, 1));
  });

  it("TCP retransmission: a message arrives retransmitDelayMs late and holds back the ones behind it", () => {
    const { time, net, got } = setup({ latencyMs: 50, retransmitRate: 1, retransmitDelayMs: 200 });
    net.send(0, 1, "a:1");
    time.runUntilIdle();
    expect(got).toEqual([{ at: 250, from: 0, to: 1, msg: "a:1" }]);
    expect(net.stats.retransmitted).toBe(1);
    expect(net.stats.lost).toBe(0);
    // Some retransmitted, none lost: every message arrives, in order, the late ones delaying the rest.
    const mixed = setup({ latencyMs: 50, retransmitRate: 0.3, retransmitDelayMs: 200, seed: 4 });
    for (let i = 0; i < 40; i++) mixed.time.after(i, () => mixed.net.send(0, 1, `m:${i}`));
    mixed.time.runUntilIdle();
    expect(mixed.got.map((r) => r.msg)).toEqual(Array.from({ length: 40 }, (_, i) => `m:${i}`));
    expect(mixed.net.stats.retransmitted).toBeGreaterThan(0);
    const ats = mixed.got.map((r) => r.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(Math.max(...ats)).toBeGreaterThanOrEqual(250);
  });

  it("a connection reset drops what is in flight both ways and what is sent until it reconnects", () => {
    const { time, net, got } = setup({ latencyMs: 50, resetRate: 0.5, reconnectMs: 300, seed: 2 });
    // Find the first send that resets: deterministic per seed; before it, messages are in flight.
    const sent: string[] = [];
    let resetAt = -1;
    for (let i = 0; i < 20 && resetAt < 0; i++) {
      const msg = `m:${i}`;
      const from = i % 2;
      net.send(from, 1 - from, msg);
      sent.push(msg);
      if (net.stats.resets > 0) resetAt = i;
    }
    expect(resetAt).toBeGreaterThanOrEqual(0);
    time.runUntilIdle();
    // Everything sent up to and including the reset was in flight on the connection: all dropped.
    expect(got).toEqual([]);
    expect(net.stats.resetDropped).toBe(resetAt + 1);
    // While reconnecting, the link drops what is sent on it, either way, without drawing a new reset.
    net.send(0, 1, "down:1");
    net.send(1, 0, "down:2");
    time.runUntilIdle();
    expect(got).toEqual([]);
    expect(net.stats.resets).toBe(1);
    expect(net.stats.resetDropped).toBe(resetAt + 3);
    // After reconnectMs the link carries messages again (a later send may reset it again: retry a few).
    time.runUntil(time.now() + 300);
    let delivered = false;
    for (let i = 0; i < 10 && !delivered; i++) {
      const before = net.stats.resets;
      net.send(0, 1, `up:${i}`);
      time.runUntilIdle();
      delivered = got.some((r) => r.msg === `up:${i}`);
      if (!delivered) {
        expect(net.stats.resets).toBe(before + 1);
        time.runUntil(time.now() + 300);
      }
    }
    expect(delivered).toBe(true);
  });

  it("without the TCP knobs the link draws the same random numbers as before (old seeds unchanged)", () => {
    const a = setup({ latencyMs: 20, jitterMs: 30, loss: 0.2, seed: 5 });
    const b = setup({
      latencyMs: 20,
      jitterMs: 30,
      loss: 0.2,
      seed: 5,
      reconnectMs: 5,
      retransmitDelayMs: 9,
    });
    for (let i = 0; i < 30; i++) {
      a.net.send(0, 1, `m:${i}`);
      b.net.send(0, 1, `m:${i}`);
    }
    a.time.runUntilIdle();
    b.time.runUntilIdle();
    expect(b.got).toEqual(a.got);
  });
});
