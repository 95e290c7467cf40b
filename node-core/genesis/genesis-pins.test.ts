// The genesis block hash of every network, pinned as literal hex. CHANGING ANY OF THESE IS A HARD FORK: every
// node derives the chain from its genesis, so a regenerated file (new allocations, timestamp, masternodes,
// or a change in the header or transaction encoding, the merkle root or the block hash function) is a
// different network. Update a pin only for a deliberate relaunch of that network, never to make a test pass.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockHash } from "../codec/ids.js";
import { DEVNET, MAINNET, type NetworkParams, TESTNET } from "../params/network.js";
import { toHex } from "../types/bytes.js";
import { buildGenesisBlock } from "./build.js";
import { genesisSpecFor } from "./generate.js";
import { defaultNetworksDir, loadGenesis } from "./load.js";

const PINS: readonly [NetworkParams, string][] = [
  [MAINNET, "a72d2691672ccbe07060dbd50e96865e6a4b8302a6973626d5cc18a42c682901"],
  [TESTNET, "04207c3a7c9446233de109ed81ca6aaa29b37cf80baa9581654d3591a89c0264"],
  [DEVNET, "39cb99a9449ef32ad878f8e3942271a73f2160b081ac0445060df31507ff43c3"],
];

describe("genesis hashes (pinned: a change is a hard fork)", () => {
  it.each(PINS.map(([params, pinned]) => ({ name: params.name, params, pinned })))(
    "$name",
    async ({ params, pinned }) => {
      // The committed file, as the node loads and verifies it.
      expect(toHex((await loadGenesis(params)).hash)).toBe(pinned);
      expect(toHex(blockHash((await loadGenesis(params)).block.header))).toBe(pinned);
      // The hash the file itself claims.
      const json = JSON.parse(await readFile(join(defaultNetworksDir(), params.genesisFile), "utf8"));
      expect(json.blockHash).toBe(pinned);
      // What the generator builds from the network's spec today.
      expect(toHex(blockHash(buildGenesisBlock(genesisSpecFor(params)).header))).toBe(pinned);
    },
  );
});
