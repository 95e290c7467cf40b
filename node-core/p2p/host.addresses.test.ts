// The address and id helpers of the host: host:port and multiaddr input, the IP a ban or a per-IP cap is
// keyed by, and node id <-> peer id for ed25519 keys.
import { describe, expect, it } from "vitest";
import { systemClock, timerScheduler } from "../consensus/index.js";
import { publicKeyFromSeed } from "../crypto/index.js";
import { toHex } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import { P2pError } from "./errors.js";
import { ipOf, nodeIdOf, P2pHost, parsePeerId, peerIdOfNodeId, toMultiaddr } from "./host.js";

function badAddress(fn: () => unknown): P2pError | null {
  try {
    fn();
  } catch (error) {
    if (error instanceof P2pError) return error;
    throw error;
  }
  return null;
}

describe("toMultiaddr", () => {
  it("turns host:port into a TCP multiaddr of the right family", () => {
    expect(toMultiaddr("127.0.0.1:0")).toBe("/ip4/127.0.0.1/tcp/0");
    expect(toMultiaddr("0.0.0.0:24100")).toBe("/ip4/0.0.0.0/tcp/24100");
    expect(toMultiaddr("[::1]:9000")).toBe("/ip6/::1/tcp/9000");
    expect(toMultiaddr("seed1.time-coin.io:24100")).toBe("/dns/seed1.time-coin.io/tcp/24100");
  });

  it("keeps a multiaddr as it is", () => {
    const ma = "/ip4/10.1.2.3/tcp/24100/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";
    expect(toMultiaddr(ma)).toBe(ma);
  });

  it.each([
    "nonsense",
    "127.0.0.1",
    "127.0.0.1:",
    ":24100",
    "127.0.0.1:70000",
    "999.1.2.3:80",
    "/not/a/multiaddr",
    "",
  ])("refuses %j with P2P_BAD_ADDRESS", (address) => {
    const error = badAddress(() => toMultiaddr(address));
    expect(error?.code).toBe("P2P_BAD_ADDRESS");
    expect(error?.payload).toEqual({ address });
  });

  it("refuses a bad listen address at start with P2P_BAD_ADDRESS", async () => {
    const host = new P2pHost(
      {
        network: "devnet",
        listen: ["127.0.0.1:70000"],
        keySeed: new Uint8Array(32).fill(1),
        agent: "test/0",
      },
      { clock: systemClock, scheduler: timerScheduler, logger: silentLogger },
    );
    await expect(host.start()).rejects.toMatchObject({ code: "P2P_BAD_ADDRESS" });
    await host.stop();
  });

  it("refuses a bad bootstrap address at start with P2P_BAD_ADDRESS", async () => {
    const host = new P2pHost(
      {
        network: "devnet",
        listen: ["127.0.0.1:0"],
        bootstrap: ["127.0.0.1:24100", "seed1.example:24100:1"],
        keySeed: new Uint8Array(32).fill(1),
        agent: "test/0",
      },
      { clock: systemClock, scheduler: timerScheduler, logger: silentLogger },
    );
    await expect(host.start()).rejects.toMatchObject({
      code: "P2P_BAD_ADDRESS",
      payload: { address: "seed1.example:24100:1" },
    });
    await host.stop();
  });
});

describe("ipOf", () => {
  it("is the IP address of an ip4 or ip6 multiaddr, and the whole address otherwise", () => {
    expect(ipOf("/ip4/10.1.2.3/tcp/24100")).toBe("10.1.2.3");
    expect(ipOf("/ip4/10.1.2.3/tcp/24100/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN")).toBe(
      "10.1.2.3",
    );
    expect(ipOf("/ip6/::1/tcp/1")).toBe("::1");
    expect(ipOf("/dns/seed1.time-coin.io/tcp/24100")).toBe("/dns/seed1.time-coin.io/tcp/24100");
  });
});

describe("node ids", () => {
  it("maps a node id to its peer id and back", () => {
    const nodeId = toHex(publicKeyFromSeed(new Uint8Array(32).fill(7)));
    const peerId = peerIdOfNodeId(nodeId);
    expect(peerId.type).toBe("Ed25519");
    expect(nodeIdOf(peerId)).toBe(nodeId);
    expect(nodeIdOf(parsePeerId(peerId.toString()))).toBe(nodeId);
  });
});
