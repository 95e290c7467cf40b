// Loads a network's genesis file, rebuilds the block, runs it through the kernel's block rules with every
// registration signature verified, and checks the hash the file promises. Storage connects only what this
// returns, so a node cannot start on a tampered or mistyped genesis.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { blockHash } from "../codec/index.js";
import { verifyAll } from "../crypto/index.js";
import { checkBlock, KernelError, MapStateView } from "../kernel/index.js";
import type { NetworkParams } from "../params/index.js";
import type { Block } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { buildGenesisBlock } from "./build.js";
import { GenesisError } from "./errors.js";
import { type GenesisSpec, parseGenesisFile } from "./spec.js";

export interface LoadedGenesis {
  readonly spec: GenesisSpec;
  readonly block: Block;
  readonly hash: Uint8Array;
}

/** Finds assets/networks by walking up from this module (works from source and from dist/). */
export function defaultNetworksDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "assets", "networks");
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, "..");
  }
  throw new GenesisError("GENESIS_FILE_UNREADABLE", "cannot find the assets/networks directory");
}

/** Checks a built genesis block against the kernel rules and its signatures; returns its hash. */
export function verifyGenesisBlock(block: Block, params: NetworkParams): Uint8Array {
  try {
    const effects = checkBlock(block, new MapStateView(), { params, parent: null });
    const results = verifyAll(effects.signatureChecks);
    const bad = results.indexOf(false);
    if (bad !== -1) {
      throw new GenesisError("GENESIS_BAD_SIGNATURE", `registration signature ${bad} does not verify`);
    }
    return effects.blockHash;
  } catch (err) {
    if (err instanceof KernelError) {
      throw new GenesisError("GENESIS_INVALID_BLOCK", err.message, { kernelCode: err.code });
    }
    throw err;
  }
}

export function genesisFromJson(json: unknown, params: NetworkParams): LoadedGenesis {
  const spec = parseGenesisFile(json, params);
  const block = buildGenesisBlock(spec);
  const hash = verifyGenesisBlock(block, params);
  if (spec.blockHash.length !== 32 || !bytesEqual(spec.blockHash, hash)) {
    throw new GenesisError(
      "GENESIS_HASH_MISMATCH",
      "the rebuilt genesis block does not have the promised hash",
      {
        expected: toHex(spec.blockHash),
        actual: toHex(blockHash(block.header)),
      },
    );
  }
  return { spec, block, hash };
}

export async function loadGenesis(
  params: NetworkParams,
  networksDir = defaultNetworksDir(),
): Promise<LoadedGenesis> {
  const file = join(networksDir, params.genesisFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new GenesisError("GENESIS_FILE_UNREADABLE", `cannot read ${file}: ${(err as Error).message}`, {
      file,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GenesisError("GENESIS_BAD_JSON", `${file} is not valid JSON: ${(err as Error).message}`, {
      file,
    });
  }
  try {
    return genesisFromJson(json, params);
  } catch (err) {
    if (err instanceof GenesisError) throw err.inFile(file);
    throw err;
  }
}
