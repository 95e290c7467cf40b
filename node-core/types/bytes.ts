// Byte-array helpers shared by every layer: hex conversion, comparison and concatenation.
// Bytes cross every API boundary as lowercase hex, so the hex codec here is strict.

export type Bytes = Uint8Array;

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

/**
 * V8 keeps a typed array of at most this many bytes inside the JS heap and gives it a real ArrayBuffer
 * only when `.buffer` is first read: an off-heap allocation plus external memory the GC must track.
 */
const ON_HEAP_MAX_BYTES = 64;

export function toHex(bytes: Uint8Array): string {
  // Hashes and keys are small and usually fresh (decoded from the wire), so copying them into Node's
  // pooled Buffer is cheaper than materializing their ArrayBuffer to take a view; large inputs already
  // have one, and a view spares the copy.
  if (bytes.byteLength <= ON_HEAP_MAX_BYTES) return Buffer.from(bytes).toString("hex");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Parses lowercase or uppercase hex of even length; throws TypeError on anything else. */
export function fromHex(hex: string): Uint8Array {
  const lower = hex.toLowerCase();
  if (!HEX_RE.test(lower)) throw new TypeError("invalid hex string");
  return new Uint8Array(Buffer.from(lower, "hex"));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Lexicographic comparison (memcmp order), used wherever consensus sorts by bytes. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export const utf8 = {
  encode: (s: string): Uint8Array => new TextEncoder().encode(s),
  decode: (b: Uint8Array): string => new TextDecoder("utf-8", { fatal: true }).decode(b),
};
