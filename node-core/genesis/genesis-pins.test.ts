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
  [MAINNET, "638c4014b37fd4206b702ca59532298369747593bfde71d3d09dabf4f4ce930d"],
  [TESTNET, "7c58c8abe5f3405c27a39bbb9bf360e6bc83fb2cacdc5b115678cfb61e86a8f8"],
  [DEVNET, "4d1739dab3a12064db55816dead9800ebfe5abd7a9990dafbed293b858973887"],
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
