// Hash functions of the protocol: BLAKE3 (txid, block hash, merkle tree) through hash-wasm's WebAssembly
// build, and SHA-256 (addresses only) through node:crypto. BLAKE3 is initialised once at module load so
// every later call is synchronous.
import { createHash } from "node:crypto";
import { createBLAKE3 } from "hash-wasm";

const blake3Hasher = await createBLAKE3(256);

export function blake3(data: Uint8Array): Uint8Array {
  blake3Hasher.init();
  blake3Hasher.update(data);
  return blake3Hasher.digest("binary");
}

/** BLAKE3 over several parts without concatenating them first. */
export function blake3Parts(...parts: Uint8Array[]): Uint8Array {
  blake3Hasher.init();
  for (const p of parts) blake3Hasher.update(p);
  return blake3Hasher.digest("binary");
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

export function doubleSha256(data: Uint8Array): Uint8Array {
  return sha256(sha256(data));
}
