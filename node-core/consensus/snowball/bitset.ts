// The reply format of a Snowball query: one bit per queried txid, packed little-endian within each byte
// (bit i = byte[i >> 3] >> (i & 7) & 1). Unused high bits of the last byte are zero when we pack and
// ignored when we read, so a peer cannot smuggle meaning into them.

export function bitsetLength(bits: number): number {
  return (bits + 7) >> 3;
}

export function packBits(values: ArrayLike<boolean>): Uint8Array {
  const out = new Uint8Array(bitsetLength(values.length));
  for (let i = 0; i < values.length; i++) {
    if (values[i]) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

export function readBit(bits: Uint8Array, i: number): boolean {
  const byte = bits[i >> 3];
  return byte !== undefined && ((byte >> (i & 7)) & 1) === 1;
}

export function unpackBits(bits: Uint8Array, count: number): boolean[] {
  const out = new Array<boolean>(count);
  for (let i = 0; i < count; i++) out[i] = readBit(bits, i);
  return out;
}
