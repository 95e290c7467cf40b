// ConnectionSlots: the per-IP, inbound, outbound and total caps hold for slots taken at once (before any
// handshake), a released slot is free again, and the inbound slots reserved for registered masternodes stay
// theirs once ordinary peers fill the others.
import { describe, expect, it } from "vitest";
import { type ConnectionCaps, ConnectionSlots, DEFAULT_CONNECTION_CAPS } from "./connection-slots.js";

const CAPS: ConnectionCaps = {
  maxTotal: 6,
  maxInbound: 4,
  maxOutbound: 3,
  maxPerIp: 2,
  reservedForMasternodes: 1,
};

function tokens(n: number): object[] {
  return Array.from({ length: n }, () => ({}));
}

describe("ConnectionSlots", () => {
  it("has the seeds' defaults", () => {
    expect(DEFAULT_CONNECTION_CAPS).toEqual({
      maxTotal: 125,
      maxInbound: 100,
      maxOutbound: 25,
      maxPerIp: 10,
      reservedForMasternodes: 20,
    });
  });

  it("caps connections per IP address, in both directions together", () => {
    const slots = new ConnectionSlots(CAPS);
    const [a, b, c, d] = tokens(4) as [object, object, object, object];
    expect(slots.take(a, "inbound", "10.0.0.1")).toBeNull();
    expect(slots.take(b, "outbound", "10.0.0.1")).toBeNull();
    expect(slots.take(c, "inbound", "10.0.0.1")).toMatch(/10\.0\.0\.1 already has 2 connections/);
    expect(slots.take(d, "inbound", "10.0.0.2")).toBeNull();
    expect(slots.size).toBe(3);
    slots.release(a);
    expect(slots.take(c, "inbound", "10.0.0.1")).toBeNull();
  });

  it("caps inbound and outbound slots separately, and all slots together", () => {
    const slots = new ConnectionSlots(CAPS);
    const inbound = tokens(5);
    inbound.forEach((t, i) => {
      expect(slots.take(t, "inbound", `10.0.1.${i}`)).toBe(i < 4 ? null : "all 4 inbound slots are taken");
    });
    const outbound = tokens(3);
    expect(slots.take(outbound[0] as object, "outbound", "10.0.2.0")).toBeNull();
    expect(slots.take(outbound[1] as object, "outbound", "10.0.2.1")).toBeNull();
    expect(slots.take(outbound[2] as object, "outbound", "10.0.2.2")).toBe(
      "all 6 connection slots are taken",
    );
    slots.release(inbound[0] as object);
    expect(slots.take(outbound[2] as object, "outbound", "10.0.2.2")).toBeNull();
    expect(slots.take({}, "outbound", "10.0.2.3")).toBe("all 6 connection slots are taken");

    const wide = new ConnectionSlots({ ...CAPS, maxTotal: 100 });
    const out = tokens(4);
    out.forEach((t, i) => {
      expect(wide.take(t, "outbound", `10.0.3.${i}`)).toBe(i < 3 ? null : "all 3 outbound slots are taken");
    });
  });

  it("takes a slot once per token, and releasing twice or an unknown token is harmless", () => {
    const slots = new ConnectionSlots(CAPS);
    const t = {};
    expect(slots.holds(t)).toBe(false);
    expect(slots.take(t, "inbound", "10.0.0.1")).toBeNull();
    expect(slots.take(t, "inbound", "10.0.0.1")).toBeNull();
    expect(slots.size).toBe(1);
    expect(slots.holds(t)).toBe(true);
    slots.release(t);
    expect(slots.holds(t)).toBe(false);
    slots.release(t);
    slots.release({});
    expect(slots.size).toBe(0);
  });

  it("keeps the reserved inbound slots for registered masternodes", () => {
    const slots = new ConnectionSlots(CAPS);
    const [a, b, c, d, mn, mn2] = tokens(6) as object[] as [object, object, object, object, object, object];
    for (const [i, t] of [a, b, c].entries()) {
      expect(slots.take(t, "inbound", `10.0.0.${i}`)).toBeNull();
      expect(slots.identify(t, false)).toBeNull();
    }
    // The fourth inbound slot is free by the inbound cap, but reserved: an ordinary peer loses it.
    expect(slots.take(d, "inbound", "10.0.0.3")).toBeNull();
    expect(slots.identify(d, false)).toBe(
      "the remaining inbound slots are reserved for registered masternodes",
    );
    expect(slots.size).toBe(3);
    expect(slots.take(mn, "inbound", "10.0.0.4")).toBeNull();
    expect(slots.identify(mn, true)).toBeNull();
    expect(slots.take(mn2, "inbound", "10.0.0.5")).toBe("all 4 inbound slots are taken");
    // An outbound connection never needs a reserved slot.
    const out = {};
    expect(slots.take(out, "outbound", "10.0.9.9")).toBeNull();
    expect(slots.identify(out, false)).toBeNull();
    // Once an ordinary peer leaves, another ordinary peer fits again.
    slots.release(a);
    expect(slots.take(d, "inbound", "10.0.0.3")).toBeNull();
    expect(slots.identify(d, false)).toBeNull();
  });

  it("does not count inbound slots still being upgraded as ordinary peers", () => {
    // A masternode and an ordinary peer connect at once: the ordinary one identifies first and must not be
    // refused for the masternode's unidentified slot.
    const slots = new ConnectionSlots(CAPS);
    const [a, b, ordinary, mn] = tokens(4) as [object, object, object, object];
    for (const [i, t] of [a, b].entries()) {
      expect(slots.take(t, "inbound", `10.0.0.${i}`)).toBeNull();
      expect(slots.identify(t, false)).toBeNull();
    }
    expect(slots.take(ordinary, "inbound", "10.0.0.2")).toBeNull();
    expect(slots.take(mn, "inbound", "10.0.0.3")).toBeNull();
    expect(slots.identify(ordinary, false)).toBeNull();
    expect(slots.identify(mn, true)).toBeNull();
    expect(slots.size).toBe(4);
  });

  it("ignores identify of a token it holds no slot for", () => {
    const slots = new ConnectionSlots(CAPS);
    expect(slots.identify({}, false)).toBeNull();
    expect(slots.size).toBe(0);
  });
});
