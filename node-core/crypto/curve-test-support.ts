// Shared by the ed25519 and VRF tests (no test-runner imports): curve constants and little-endian
// conversions for building edge-case encodings by hand.

/** p = 2^255 - 19, the field prime. */
export const P = 2n ** 255n - 19n;
/** L, the prime order of the base point. */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

export function toLe(x: bigint, n = 32): Uint8Array {
  const out = new Uint8Array(n);
  let v = x;
  for (let i = 0; i < n; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function fromLe(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i] as number);
  return x;
}
