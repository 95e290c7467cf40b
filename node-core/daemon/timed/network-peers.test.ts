// The shipped bootstrap peers: read from the network's peers file, validated like --bootstrap, merged after
// the operator's own list; a missing file means none, a bad one is an error naming the file.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEVNET, MAINNET, TESTNET } from "../../params/index.js";
import { ConfigError } from "./errors.js";
import { loadNetworkPeers, networkPeersFile, withNetworkPeers } from "./network-peers.js";

const PEER_ID = "12D3KooWQYV9dGMFoRzNStwpXztXaBUjtPqi6aU76ZgUriHhKust";
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "timecoin-network-peers-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(body: unknown): Promise<void> {
  await writeFile(networkPeersFile(DEVNET, dir), typeof body === "string" ? body : JSON.stringify(body));
}

async function refusal(): Promise<ConfigError> {
  const error = await loadNetworkPeers(DEVNET, dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("network peers file", () => {
  it("reads multiaddrs and host:port entries, without duplicates", async () => {
    await write({
      format: 1,
      network: "devnet",
      peers: [`/ip4/10.0.0.1/tcp/24200/p2p/${PEER_ID}`, "seed.example.org:24200", "seed.example.org:24200"],
    });
    expect(await loadNetworkPeers(DEVNET, dir)).toEqual([
      `/ip4/10.0.0.1/tcp/24200/p2p/${PEER_ID}`,
      "/dns/seed.example.org/tcp/24200",
    ]);
  });

  it("a network without a peers file ships no peers", async () => {
    expect(await loadNetworkPeers(MAINNET, dir)).toEqual([]);
  });

  it("refuses a file that is not exactly the documented shape, naming the file", async () => {
    const cases: [unknown, string][] = [
      ["{not json", "not JSON"],
      [[], "not an object"],
      [{ format: 2, network: "devnet", peers: [] }, "format must be 1"],
      [{ format: 1, network: "mainnet", peers: [] }, 'network must be "devnet"'],
      [{ format: 1, network: "devnet", peers: "x" }, "peers must be a list"],
      [{ format: 1, network: "devnet", peers: [], extra: 1 }, 'unknown field "extra"'],
    ];
    for (const [body, reason] of cases) {
      await write(body);
      const error = await refusal();
      expect(error.code).toBe("CONFIG_FILE_UNREADABLE");
      expect(error.message).toContain(networkPeersFile(DEVNET, dir));
      expect(error.message).toContain(reason);
    }
    await write({ format: 1, network: "devnet", peers: ["/ip4/10.0.0.1/udp/1"] });
    const bad = await refusal();
    expect(bad.code).toBe("CONFIG_BAD_VALUE");
    expect(bad.message).toContain("peers");
  });

  it("the operator's own peers come first, then the shipped ones not already named", () => {
    expect(withNetworkPeers(["/dns/a/tcp/1", "/dns/b/tcp/1"], ["/dns/b/tcp/1", "/dns/c/tcp/1"])).toEqual([
      "/dns/a/tcp/1",
      "/dns/b/tcp/1",
      "/dns/c/tcp/1",
    ]);
  });

  it("every network shipped with the program has a valid peers file", async () => {
    for (const params of [MAINNET, TESTNET, DEVNET])
      expect(Array.isArray(await loadNetworkPeers(params))).toBe(true);
  });
});
