// resolveHostOptions: the defaults, and a clear P2P_BAD_OPTIONS naming the option for a key seed of the
// wrong length, a network name that cannot be a protocol id segment, or a limit that cannot work.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONNECTION_CAPS } from "./connection-slots.js";
import { P2pError } from "./errors.js";
import { type P2pHostOptions, resolveHostOptions } from "./options.js";
import { DEFAULT_RATE_LIMITS } from "./rate-limits.js";

const BASE: P2pHostOptions = {
  network: "devnet",
  listen: ["127.0.0.1:0"],
  keySeed: new Uint8Array(32).fill(3),
  agent: "p2ptest/0",
};

function badOption(opts: P2pHostOptions): P2pError | null {
  try {
    resolveHostOptions(opts);
  } catch (error) {
    if (error instanceof P2pError) return error;
    throw error;
  }
  return null;
}

describe("resolveHostOptions", () => {
  it("fills in the defaults", () => {
    const resolved = resolveHostOptions(BASE);
    expect(resolved).toMatchObject({
      network: "devnet",
      listen: ["127.0.0.1:0"],
      bootstrap: [],
      dataDir: null,
      caps: DEFAULT_CONNECTION_CAPS,
      rateLimits: DEFAULT_RATE_LIMITS,
      handshakeBanMs: 600_000,
      scoreBanMs: 600_000,
      handshakeTimeoutMs: 10_000,
      maxQueuedBytes: 8 << 20,
      pingIntervalMs: 10_000,
      redialIntervalMs: 5_000,
    });
  });

  it("merges partial caps and rate limits over the defaults", () => {
    const resolved = resolveHostOptions({
      ...BASE,
      caps: { maxPerIp: 2 },
      rateLimits: { snowball: { perSecond: 1, burst: 2 } },
    });
    expect(resolved.caps).toEqual({ ...DEFAULT_CONNECTION_CAPS, maxPerIp: 2 });
    expect(resolved.rateLimits).toEqual({ ...DEFAULT_RATE_LIMITS, snowball: { perSecond: 1, burst: 2 } });
  });

  it.each([
    ["keySeed", { keySeed: new Uint8Array(31) }],
    ["network", { network: "Dev Net" }],
    ["network", { network: "" }],
    ["caps.maxPerIp", { caps: { maxPerIp: -1 } }],
    ["caps.maxInbound", { caps: { maxInbound: 1.5 } }],
    ["caps.reservedForMasternodes", { caps: { maxInbound: 10, reservedForMasternodes: 11 } }],
    ["rateLimits.snowball", { rateLimits: { snowball: { perSecond: Number.NaN, burst: 10 } } }],
    ["rateLimits.sync", { rateLimits: { sync: { perSecond: 10, burst: 0 } } }],
    ["handshakeTimeoutMs", { handshakeTimeoutMs: -5 }],
    ["pingIntervalMs", { pingIntervalMs: 0 }],
    ["redialIntervalMs", { redialIntervalMs: Number.POSITIVE_INFINITY }],
    ["maxQueuedBytes", { maxQueuedBytes: -1 }],
    ["scoreBanMs", { scoreBanMs: Number.NaN }],
  ] as [string, Partial<P2pHostOptions>][])("refuses a bad %s", (option, change) => {
    const error = badOption({ ...BASE, ...change });
    expect(error?.code).toBe("P2P_BAD_OPTIONS");
    expect(error?.payload).toMatchObject({ option });
    expect(error?.message).toContain(option.split(".")[0]);
  });

  it("does not put the key seed in the error", () => {
    const seed = Uint8Array.from({ length: 33 }, (_, i) => i + 1);
    const error = badOption({ ...BASE, keySeed: seed });
    expect(JSON.stringify(error)).not.toContain(Buffer.from(seed).toString("hex"));
    expect(JSON.stringify(error)).not.toContain([...seed].join(","));
  });
});
