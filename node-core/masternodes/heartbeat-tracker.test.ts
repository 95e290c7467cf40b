import { describe, expect, it } from "vitest";
import { ed25519Scheme } from "../consensus/schemes.js";
import { DEVNET, MAINNET } from "../params/network.js";
import { deriveTestKeys, ManualClock, type TestKey } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { Heartbeat } from "../types/chain.js";
import { MasternodeError } from "./errors.js";
import { signHeartbeat } from "./heartbeat.js";
import { HeartbeatTracker } from "./heartbeat-tracker.js";
import { registryAt } from "./registry.js";
import { makeRecord } from "./test-fixtures.js";

const T0 = 1_700_000_000_000;
const keys = deriveTestKeys("masternodes/tracker", 5);
const key = (i: number) => keys[i] as TestKey;
const idOf = (i: number) => toHex(key(i).publicKey);

function hb(
  i: number,
  fields: { sequence: bigint; timestamp: number; height?: bigint; chainId?: number },
): Heartbeat {
  return signHeartbeat(ed25519Scheme, fields.chainId ?? DEVNET.chainId, key(i).seed, {
    operatorPublicKey: key(i).publicKey,
    height: fields.height ?? 10n,
    timestamp: BigInt(fields.timestamp),
    sequence: fields.sequence,
  });
}

function setup(registered = [0, 1, 2, 3]) {
  const clock = new ManualClock(T0);
  const ids = new Set(registered.map(idOf));
  const tracker = new HeartbeatTracker(
    {},
    { clock, signatures: ed25519Scheme, chainId: DEVNET.chainId, isRegistered: (id) => ids.has(id) },
  );
  return { clock, tracker, ids };
}

function codeOf(result: "accepted" | MasternodeError): string {
  return result === "accepted" ? result : result.code;
}

describe("HeartbeatTracker", () => {
  it("accepts a valid heartbeat and marks the operator active by the local clock", () => {
    const { clock, tracker } = setup();
    expect(tracker.isActive(idOf(0))).toBe(false);
    expect(tracker.lastSeen(idOf(0))).toBeUndefined();
    // The sender's clock is 5 s behind ours: lastSeen is our receipt time, not its timestamp.
    expect(tracker.record(hb(0, { sequence: 1n, timestamp: T0 - 5_000 }))).toBe("accepted");
    expect(tracker.lastSeen(idOf(0))).toBe(T0);
    expect(tracker.isActive(idOf(0))).toBe(true);
    clock.time = T0 + 179_999;
    expect(tracker.isActive(idOf(0))).toBe(true);
    clock.time = T0 + 180_000;
    expect(tracker.isActive(idOf(0))).toBe(false);
  });

  it("rejects unknown operators, bad signatures and heartbeats of another network", () => {
    const { tracker } = setup([0, 1]);
    expect(codeOf(tracker.record(hb(4, { sequence: 1n, timestamp: T0 })))).toBe("HEARTBEAT_UNKNOWN_OPERATOR");
    const wrongChain = hb(0, { sequence: 1n, timestamp: T0, chainId: MAINNET.chainId });
    expect(codeOf(tracker.record(wrongChain))).toBe("HEARTBEAT_BAD_SIGNATURE");
    const forged = { ...hb(1, { sequence: 1n, timestamp: T0 }), operatorPublicKey: key(0).publicKey };
    const result = tracker.record(forged);
    expect(result).toBeInstanceOf(MasternodeError);
    expect((result as MasternodeError).details.operator).toBe(idOf(0));
    expect(codeOf(result)).toBe("HEARTBEAT_BAD_SIGNATURE");
    // A rejected heartbeat records nothing.
    expect(tracker.isActive(idOf(0))).toBe(false);
    expect(tracker.size).toBe(0);
  });

  it("requires strictly increasing sequences and tells echoes from replays", () => {
    const { clock, tracker } = setup();
    expect(tracker.record(hb(0, { sequence: 5n, timestamp: T0 }))).toBe("accepted");
    expect(codeOf(tracker.record(hb(0, { sequence: 5n, timestamp: T0 })))).toBe("HEARTBEAT_DUPLICATE");
    clock.time = T0 + 60_000;
    expect(codeOf(tracker.record(hb(0, { sequence: 4n, timestamp: T0 + 60_000 })))).toBe(
      "HEARTBEAT_STALE_SEQUENCE",
    );
    expect(tracker.record(hb(0, { sequence: 6n, timestamp: T0 + 60_000 }))).toBe("accepted");
  });

  it("refuses timestamps more than 30 s ahead and heartbeats too old to show liveness", () => {
    const { tracker } = setup();
    expect(codeOf(tracker.record(hb(0, { sequence: 1n, timestamp: T0 + 30_001 })))).toBe(
      "HEARTBEAT_FROM_FUTURE",
    );
    expect(tracker.record(hb(0, { sequence: 2n, timestamp: T0 + 30_000 }))).toBe("accepted");
    expect(codeOf(tracker.record(hb(1, { sequence: 1n, timestamp: T0 - 180_000 })))).toBe(
      "HEARTBEAT_EXPIRED",
    );
    expect(tracker.record(hb(1, { sequence: 1n, timestamp: T0 - 179_999 }))).toBe("accepted");
  });

  it("rate-limits an operator to one heartbeat per half interval", () => {
    const { clock, tracker } = setup();
    expect(tracker.record(hb(0, { sequence: 1n, timestamp: T0 }))).toBe("accepted");
    clock.time = T0 + 29_999;
    expect(codeOf(tracker.record(hb(0, { sequence: 2n, timestamp: clock.time })))).toBe(
      "HEARTBEAT_TOO_FREQUENT",
    );
    clock.time = T0 + 30_000;
    expect(tracker.record(hb(0, { sequence: 2n, timestamp: clock.time }))).toBe("accepted");
    expect(tracker.lastSeen(idOf(0))).toBe(T0 + 30_000);
  });

  it("lists the active validators of a voting set in the set's order with their weights", () => {
    const { clock, tracker } = setup([0, 1, 2, 3]);
    const records = [
      makeRecord(key(0).publicKey, "gold", key(0).address, 0),
      makeRecord(key(1).publicKey, "bronze", key(1).address, 1),
      makeRecord(key(2).publicKey, "silver", key(2).address, 2),
      makeRecord(key(3).publicKey, "free", key(3).address, 3),
    ];
    const votingSet = registryAt(records).votingSet;
    for (const i of [0, 1, 2, 3])
      expect(tracker.record(hb(i, { sequence: 1n, timestamp: T0 }))).toBe("accepted");
    clock.time = T0 + 100_000;
    expect(tracker.record(hb(1, { sequence: 2n, timestamp: clock.time }))).toBe("accepted");
    const expected = votingSet.validators.map((v) => ({ id: v.id, weight: v.weight }));
    expect(tracker.activeValidators(votingSet)).toEqual(expected);
    // The Free node is active but has no vote, so it is never a sampling candidate.
    expect(tracker.isActive(idOf(3))).toBe(true);
    expect(expected.map((c) => c.id)).not.toContain(idOf(3));
    clock.time = T0 + 200_000;
    expect(tracker.activeValidators(votingSet)).toEqual([{ id: idOf(1), weight: 10 }]);
  });

  it("keeps a short history per operator, forgets and prunes", () => {
    const { clock, tracker, ids } = setup();
    for (let s = 1; s <= 6; s++) {
      clock.time = T0 + s * 60_000;
      expect(tracker.record(hb(0, { sequence: BigInt(s), timestamp: clock.time }))).toBe("accepted");
    }
    expect(tracker.record(hb(1, { sequence: 1n, timestamp: clock.time }))).toBe("accepted");
    const held = tracker.recentHeartbeats();
    expect(held.map((h) => [toHex(h.operatorPublicKey), h.sequence])).toEqual([
      [idOf(0), 3n],
      [idOf(0), 4n],
      [idOf(0), 5n],
      [idOf(0), 6n],
      [idOf(1), 1n],
    ]);
    tracker.forget(idOf(0));
    expect(tracker.isActive(idOf(0))).toBe(false);
    expect(tracker.lastSeen(idOf(0))).toBeUndefined();
    ids.delete(idOf(1));
    expect(tracker.prune()).toBe(1);
    expect(tracker.size).toBe(0);
  });

  it("validates its options", () => {
    const modules = {
      clock: new ManualClock(),
      signatures: ed25519Scheme,
      chainId: 3,
      isRegistered: () => true,
    };
    for (const bad of [
      { intervalMs: 0 },
      { inactiveAfterMs: 60_000 },
      { minGapMs: 60_000 },
      { maxFutureMs: -1 },
      { historyPerOperator: 1.5 },
    ]) {
      expect(() => new HeartbeatTracker(bad, modules)).toThrow(
        expect.objectContaining({ code: "OPTIONS_INVALID" }),
      );
    }
    expect(new HeartbeatTracker({}, modules).opts).toEqual({
      intervalMs: 60_000,
      inactiveAfterMs: 180_000,
      maxFutureMs: 30_000,
      minGapMs: 30_000,
      historyPerOperator: 4,
    });
  });
});
