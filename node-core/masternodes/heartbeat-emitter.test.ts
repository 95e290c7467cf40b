import { describe, expect, it } from "vitest";
import { ed25519Scheme } from "../consensus/schemes.js";
import { VirtualTime } from "../consensus/virtual-time.js";
import { DEVNET } from "../params/network.js";
import { deriveTestKeys, ManualClock, type TestKey } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { Heartbeat } from "../types/chain.js";
import { HeartbeatEmitter } from "./heartbeat-emitter.js";
import { HeartbeatTracker } from "./heartbeat-tracker.js";

const operator = deriveTestKeys("masternodes/emitter", 1)[0] as TestKey;
const T0 = 1_700_000_000_000;

function setup(time: VirtualTime, published: Heartbeat[], height = () => 12n) {
  const emitter = new HeartbeatEmitter(
    {},
    {
      clock: time,
      scheduler: time,
      signatures: ed25519Scheme,
      chainId: DEVNET.chainId,
      operatorSecret: operator.seed,
      operatorPublicKey: operator.publicKey,
      height,
      publish: (hb) => published.push(hb),
    },
  );
  return { emitter };
}

describe("HeartbeatEmitter", () => {
  it("sends one heartbeat at start and one per interval, each accepted by a tracker", () => {
    const time = new VirtualTime(T0);
    // The tracker checks the heartbeats afterwards, on its own clock set to each one's send time.
    const clock = new ManualClock(T0);
    const published: Heartbeat[] = [];
    let height = 12n;
    const { emitter } = setup(time, published, () => height);
    const tracker = new HeartbeatTracker(
      {},
      { clock, signatures: ed25519Scheme, chainId: DEVNET.chainId, isRegistered: () => true },
    );
    emitter.start();
    emitter.start(); // idempotent
    expect(published).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      height += 12n;
      time.runUntil(time.now() + 60_000);
    }
    expect(published).toHaveLength(6);
    expect(published.map((h) => h.timestamp)).toEqual([0, 1, 2, 3, 4, 5].map((i) => BigInt(T0 + i * 60_000)));
    expect(published.map((h) => h.height)).toEqual([12n, 24n, 36n, 48n, 60n, 72n]);
    for (const hb of published) {
      clock.time = Number(hb.timestamp);
      expect(tracker.record(hb)).toBe("accepted");
    }
    expect(tracker.isActive(toHex(operator.publicKey))).toBe(true);
    emitter.stop();
    expect(emitter.running).toBe(false);
    time.runUntil(time.now() + 600_000);
    expect(published).toHaveLength(6);
    expect(time.pendingTasks()).toBe(0);
  });

  it("keeps sequences increasing within a run and across a restart", () => {
    const time = new VirtualTime(T0);
    const published: Heartbeat[] = [];
    const { emitter } = setup(time, published);
    emitter.emit();
    emitter.emit(); // same millisecond: sequence still grows
    expect(published[1]?.sequence).toBe((published[0]?.sequence as bigint) + 1n);
    time.runUntil(T0 + 5);
    const restarted = setup(time, published).emitter;
    restarted.emit();
    const sequences = published.map((h) => h.sequence);
    expect(sequences).toEqual([BigInt(T0), BigInt(T0) + 1n, BigInt(T0 + 5)]);
  });
});
