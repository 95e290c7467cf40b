// A list of certified blocks as one byte string (repeated u32le length ‖ encodeCertifiedBlock), to hand a
// chain to a child process.
import { decodeCertifiedBlock, encodeCertifiedBlock } from "../codec/index.js";
import type { CertifiedBlock } from "../types/chain.js";

export function encodeBlockList(blocks: readonly CertifiedBlock[]): Uint8Array {
  const parts = blocks.map(encodeCertifiedBlock);
  let total = 0;
  for (const part of parts) total += 4 + part.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length, true);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

export function decodeBlockList(bytes: Uint8Array): CertifiedBlock[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: CertifiedBlock[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new RangeError("truncated block list");
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > bytes.length) throw new RangeError("truncated block list");
    blocks.push(decodeCertifiedBlock(bytes.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return blocks;
}
