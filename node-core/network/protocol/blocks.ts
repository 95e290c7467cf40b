// Bodies of the block messages: the range request fromHeight(u64) count(u32, 1..MAX_BLOCKS_PER_RESPONSE),
// the range response count(u32) then that many certified blocks, and the gossip of one new certified
// block. A response must be consecutive and oldest first: the receiver imports it in order, so a gap or
// a reordering is refused here, before any block is looked at (linkage by hash is the chain's check).
import {
  BLOCK_HEADER_BYTES,
  type Reader,
  readCertifiedBlock,
  type Writer,
  writeCertifiedBlock,
} from "../../codec/index.js";
import type { CertifiedBlock } from "../../types/index.js";
import { MAX_BLOCKS_PER_RESPONSE } from "./caps.js";
import type { Message } from "./message.js";

export type GetBlocksMessage = Extract<Message, { kind: "getBlocks" }>;
export type BlocksMessage = Extract<Message, { kind: "blocks" }>;
export type BlockMessage = Extract<Message, { kind: "block" }>;

/** header, two empty list counts, two absent-certificate flags: the smallest certified block. */
const MIN_CERTIFIED_BLOCK_BYTES = BLOCK_HEADER_BYTES + 4 + 4 + 1 + 1;

export function writeGetBlocks(w: Writer, m: GetBlocksMessage): void {
  w.u64(m.fromHeight, "fromHeight");
  if (m.count === 0) w.fail("CODEC_INVALID_VALUE", "count", "a range request asks for at least one block");
  if (m.count > MAX_BLOCKS_PER_RESPONSE) {
    w.fail("CODEC_OVER_CAP", "count", `${m.count} blocks exceed the cap of ${MAX_BLOCKS_PER_RESPONSE}`, {
      limit: MAX_BLOCKS_PER_RESPONSE,
      actual: m.count,
    });
  }
  w.u32(m.count, "count");
}

export function readGetBlocks(r: Reader): GetBlocksMessage {
  const fromHeight = r.u64("fromHeight");
  const count = r.u32("count");
  if (count === 0) r.fail("CODEC_INVALID_VALUE", "count", "a range request asks for at least one block");
  if (count > MAX_BLOCKS_PER_RESPONSE) {
    r.fail("CODEC_OVER_CAP", "count", `${count} blocks exceed the cap of ${MAX_BLOCKS_PER_RESPONSE}`, {
      limit: MAX_BLOCKS_PER_RESPONSE,
      actual: count,
    });
  }
  return { kind: "getBlocks", fromHeight, count };
}

function notConsecutive(previous: CertifiedBlock, next: CertifiedBlock): boolean {
  return next.block.header.height !== previous.block.header.height + 1n;
}

export function writeBlocks(w: Writer, m: BlocksMessage): void {
  const blocks = m.blocks;
  w.count(blocks.length, MAX_BLOCKS_PER_RESPONSE, "blocks");
  for (let i = 0; i < blocks.length; i++) {
    const certified = blocks[i] as CertifiedBlock;
    if (i > 0 && notConsecutive(blocks[i - 1] as CertifiedBlock, certified)) {
      w.fail("CODEC_INVALID_VALUE", "blocks", `block ${i} does not follow block ${i - 1}`, { actual: i });
    }
    writeCertifiedBlock(w, certified);
  }
}

export function readBlocks(r: Reader): BlocksMessage {
  const n = r.count(MAX_BLOCKS_PER_RESPONSE, MIN_CERTIFIED_BLOCK_BYTES, "blocks");
  const blocks: CertifiedBlock[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const certified = readCertifiedBlock(r);
    if (i > 0 && notConsecutive(blocks[i - 1] as CertifiedBlock, certified)) {
      r.fail("CODEC_INVALID_VALUE", "blocks", `block ${i} does not follow block ${i - 1}`, { actual: i });
    }
    blocks[i] = certified;
  }
  return { kind: "blocks", blocks };
}

export function writeBlock(w: Writer, m: BlockMessage): void {
  writeCertifiedBlock(w, m.block);
}

export function readBlock(r: Reader): BlockMessage {
  return { kind: "block", block: readCertifiedBlock(r) };
}
