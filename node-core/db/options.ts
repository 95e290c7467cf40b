// Options of the chain store (what the node configures) and its modules (what the composition root
// injects). The LevelDB files live in `<dataDir>/chain`, so the data directory can hold other stores too.
import type { SignatureCheck } from "../crypto/index.js";
import type { NetworkParams } from "../params/index.js";
import type { Hash32 } from "../types/index.js";

/** Folder under the data directory that holds the LevelDB files. */
export const CHAIN_DB_DIR = "chain";

export interface ChainStoreOptions {
  /** Node data directory; the store lives in `<dataDir>/chain`. */
  readonly dataDir: string;
  readonly params: NetworkParams;
  /**
   * Genesis hash the network must have. When set, opening a store whose genesis differs fails with
   * DB_WRONG_NETWORK, and connecting another genesis into an empty store is refused the same way.
   */
  readonly genesisHash?: Hash32;
  /**
   * fsync every write batch. Off by default: a killed process loses nothing (LevelDB's log is in the OS
   * page cache), and after an OS crash the store still reopens at a block boundary, possibly a few
   * blocks back, which sync re-fetches.
   */
  readonly syncWrites?: boolean;
  /** LevelDB block cache in bytes (LevelDB default 8 MiB). */
  readonly cacheSizeBytes?: number;
  /** Heap for decoded certified blocks kept in memory, by estimated decoded size (default DEFAULT_BLOCK_CACHE_BYTES). */
  readonly blockCacheBytes?: number;
}

/** Verifies signature checks in order; one boolean per check. The worker pool's verifyBatch fits. */
export type SignatureVerifier = (checks: readonly SignatureCheck[]) => Promise<boolean[]> | boolean[];

export interface ChainStoreModules {
  /** Default: crypto's synchronous verifyAll. */
  readonly verifier?: SignatureVerifier;
}
