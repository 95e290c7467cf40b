import { describe, expect, it } from "vitest";
import { peerAddressLabel } from "./peer-address.js";

describe("peerAddressLabel", () => {
  it("writes host:port for IPv4, DNS and IPv6 multiaddrs", () => {
    expect(peerAddressLabel("/ip4/127.0.1.1/tcp/24200/p2p/12D3KooWSfuVj9")).toBe("127.0.1.1:24200");
    expect(peerAddressLabel("/dns4/node.example/tcp/24200")).toBe("node.example:24200");
    expect(peerAddressLabel("/ip6/::1/tcp/9/p2p/x")).toBe("[::1]:9");
  });
  it("leaves anything else as it came", () => {
    expect(peerAddressLabel("/unix/socket")).toBe("/unix/socket");
    expect(peerAddressLabel("")).toBe("");
  });
});
