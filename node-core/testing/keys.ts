// Test keys: ed25519 keys derived from a label and an index (so another process rebuilds the same wallet),
// their 20-byte addresses, and a wallet that finds the key owning an address.
import { publicKeyFromSeed } from "../crypto/ed25519.js";
import { blake3Parts, sha256 } from "../crypto/hash.js";
import { toHex, utf8 } from "../types/bytes.js";
import type { AddressPayload, PublicKey } from "../types/chain.js";

export interface TestKey {
  readonly seed: Uint8Array;
  readonly publicKey: PublicKey;
  readonly address: AddressPayload;
}

export function testKeyFromSeed(seed: Uint8Array): TestKey {
  const publicKey = publicKeyFromSeed(seed);
  return { seed, publicKey, address: sha256(publicKey).slice(0, 20) };
}

/** Keys derived from a label and an index, so the same wallet is rebuilt in another process. */
export function deriveTestKeys(label: string, count: number): TestKey[] {
  const tag = utf8.encode(`TIME/test-chain/${label}`);
  const keys: TestKey[] = [];
  for (let i = 0; i < count; i++) {
    const index = new Uint8Array(4);
    new DataView(index.buffer).setUint32(0, i, false);
    keys.push(testKeyFromSeed(blake3Parts(tag, index)));
  }
  return keys;
}

export class TestWallet {
  private readonly byAddress = new Map<string, TestKey>();

  constructor(readonly keys: readonly TestKey[]) {
    for (const key of keys) this.byAddress.set(toHex(key.address), key);
  }

  owner(address: AddressPayload): TestKey | undefined {
    return this.byAddress.get(toHex(address));
  }
}
