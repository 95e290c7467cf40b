// Recently read or connected certified blocks by hash, decoded, the least recently used going first once
// their encoded sizes pass the byte budget. The same few blocks are read over and over (the tip by TSDC and
// the candidate checks, recent blocks by every syncing peer's range requests, a block's transactions by
// getrawtransaction), and LevelDB's own cache keeps only the bytes, so each read still paid the decode.
// A hash names one content for ever, so the only invalidation is a block leaving the store (rollback).
import type { CertifiedBlock, Hash32 } from "../types/index.js";
import { toHex } from "../types/index.js";

/** Default budget: about 32 full blocks of 1 MiB, or thousands of small ones. */
export const DEFAULT_BLOCK_CACHE_BYTES = 32 * 1024 * 1024;

interface CachedBlock {
  readonly block: CertifiedBlock;
  readonly bytes: number;
}

export class BlockCache {
  private readonly entries = new Map<string, CachedBlock>();
  private totalBytes = 0;

  constructor(private readonly capacityBytes: number = DEFAULT_BLOCK_CACHE_BYTES) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The block, now the most recently used; undefined when not cached. */
  get(hash: Hash32): CertifiedBlock | undefined {
    const key = toHex(hash);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.block;
  }

  /** Caches `block` (encoded size `bytes`); a block larger than the whole budget is not kept. */
  set(hash: Hash32, block: CertifiedBlock, bytes: number): void {
    const key = toHex(hash);
    this.delete(hash);
    if (bytes > this.capacityBytes) return;
    this.entries.set(key, { block, bytes });
    this.totalBytes += bytes;
    while (this.totalBytes > this.capacityBytes) {
      const [oldest, entry] = this.entries.entries().next().value as [string, CachedBlock];
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
    }
  }

  delete(hash: Hash32): void {
    const key = toHex(hash);
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}
