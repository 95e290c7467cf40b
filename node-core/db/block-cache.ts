// Recently read or connected certified blocks by hash, decoded, the least recently used going first once
// their encoded sizes pass the byte budget. The same few blocks are read over and over (the tip by TSDC and
// the candidate checks, recent blocks by every syncing peer's range requests, a block's transactions by
// getrawtransaction), and LevelDB's own cache keeps only the bytes, so each read still paid the decode.
// A hash names one content for ever, so the only invalidation is a block leaving the store (rollback).
// The budget is heap, not wire size: a block is charged its estimated decoded size (heap-estimate.ts),
// about 7x its encoding; counted in encoded bytes, a 32 MiB budget held 157 MB of a daemon's heap.
import type { CertifiedBlock, Hash32 } from "../types/index.js";
import { toHex } from "../types/index.js";
import { estimatedHeapBytes } from "./heap-estimate.js";

/** Default budget of heap: ~7 full blocks of 1 MiB (each ~7 MB decoded), or a thousand small ones. */
export const DEFAULT_BLOCK_CACHE_BYTES = 48 * 1024 * 1024;

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

  /** Caches `block`, charged its estimated heap; a block larger than the whole budget is not kept. */
  set(hash: Hash32, block: CertifiedBlock): void {
    const key = toHex(hash);
    const bytes = estimatedHeapBytes(block);
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
