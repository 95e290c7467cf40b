// Merkle root over txids (the header's merkleRoot) or wtxids (its witnessRoot) in block order. Internal
// nodes are BLAKE3(0x01 ‖ left ‖ right); an odd last node is promoted unchanged rather than paired with
// itself, so [a, b, c] and [a, b, c, c] have different roots (Bitcoin's duplication rule allowed that
// mutation, CVE-2012-2459). Leaves are the ids themselves: a leaf can never be mistaken for an internal
// node because no transaction encoding is 65 bytes long (unsigned: 19 + 28·outputs + 68·inputs, full:
// 19 + 28·outputs + 132·inputs, either plus at least 69 with a special payload).
import { blake3 } from "../crypto/index.js";
import { HASH_BYTES } from "./caps.js";
import { CodecError } from "./errors.js";

const NODE_PREFIX = 0x01;

export function merkleRoot(txids: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(txids)) {
    throw new CodecError("CODEC_INVALID_VALUE", "MerkleRoot: txids is not an array", {
      object: "MerkleRoot",
    });
  }
  for (let i = 0; i < txids.length; i++) {
    const id = txids[i];
    if (!(id instanceof Uint8Array) || id.length !== HASH_BYTES) {
      throw new CodecError("CODEC_INVALID_VALUE", `MerkleRoot: txid ${i} is not ${HASH_BYTES} bytes`, {
        object: "MerkleRoot",
        field: "txids",
        actual: i,
      });
    }
  }
  if (txids.length === 0) return new Uint8Array(HASH_BYTES);
  if (txids.length === 1) return (txids[0] as Uint8Array).slice();

  const pair = new Uint8Array(1 + 2 * HASH_BYTES);
  pair[0] = NODE_PREFIX;
  let level: readonly Uint8Array[] = txids;
  while (level.length > 1) {
    const next: Uint8Array[] = new Array(Math.ceil(level.length / 2));
    for (let i = 0; i + 1 < level.length; i += 2) {
      pair.set(level[i] as Uint8Array, 1);
      pair.set(level[i + 1] as Uint8Array, 1 + HASH_BYTES);
      next[i >> 1] = blake3(pair);
    }
    if (level.length % 2 === 1) next[next.length - 1] = level[level.length - 1] as Uint8Array;
    level = next;
  }
  // With two or more leaves the root is always a fresh hash, never a caller's array.
  return level[0] as Uint8Array;
}
