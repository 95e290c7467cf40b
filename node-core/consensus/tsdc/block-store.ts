// The blocks one node saw in proposals at the height it is deciding, keyed by what they commit to: the
// digest of the whole encoded block, not only the header hash votes and signatures name. Bytes the header
// hash does not cover (transaction witnesses, until the header commits to them) can be altered by anyone
// relaying a block, so one hash can arrive as several copies; each copy keeps its own cached validity, and
// a poisoned copy seen first cannot make the real one look invalid. Copies of one hash are bounded (a few,
// at most one per relaying peer) and distinct hashes are bounded per height, so altered copies cost memory
// and validations in proportion to the peers sending them, not to the attack.
import { encodeBlock } from "../../codec/index.js";
import { blake3 } from "../../crypto/index.js";
import type { Block } from "../../types/index.js";
import { toHex } from "../../types/index.js";

export interface KnownBlock {
  readonly block: Block;
  readonly hash: Uint8Array;
  /** Hex of the header hash (what votes, proposal signatures and certificates name). */
  readonly hex: string;
  /** Hex of BLAKE3 over the whole encoded block: this copy's identity. */
  readonly digest: string;
  /** Validity that does not depend on the clock: undefined until known, then null (valid) or the reason. */
  fault: string | null | undefined;
  /** The host's validateBlock is running for this copy (never started twice for one copy). */
  validating: boolean;
}

/** Distinct copies of one block hash kept at a height (an honest network delivers one). */
export const MAX_COPIES_PER_HASH = 4;

/** Hex digest of a block's full canonical encoding. */
export function blockDigest(block: Block): string {
  return toHex(blake3(encodeBlock(block)));
}

/** Why a block was not stored. */
export type StoreRefusal = "hash-limit" | "copy-limit";

export class BlockStore {
  /** Header hash hex -> its copies, in arrival order. */
  private readonly byHash = new Map<string, KnownBlock[]>();
  /** `${hash hex}:${peer}`: that peer already delivered a copy of that hash. */
  private readonly senders = new Set<string>();

  constructor(
    /** Most distinct hashes kept (forced stores, this node's own blocks, are not held to it). */
    private readonly maxHashes: number,
  ) {}

  /** Distinct block hashes stored. */
  get size(): number {
    return this.byHash.size;
  }

  /** The copies of a hash, in arrival order (empty when none). */
  copies(hex: string): readonly KnownBlock[] {
    return this.byHash.get(hex) ?? [];
  }

  /** Some copy of a hash, for what every copy shares (the header), or undefined. */
  any(hex: string): KnownBlock | undefined {
    return this.byHash.get(hex)?.[0];
  }

  /** The stored copy with exactly these bytes, if any. */
  find(hex: string, digest: string): KnownBlock | undefined {
    return this.byHash.get(hex)?.find((kb) => kb.digest === digest);
  }

  /**
   * The entry for exactly this block: the stored copy with the same bytes, or a new one unless a cap is
   * reached. `from` is the delivering peer (null: this node's own block, stored regardless of the caps).
   */
  store(block: Block, hash: Uint8Array, hex: string, from: string | null): KnownBlock | StoreRefusal {
    const copies = this.byHash.get(hex);
    // The very object stored before (a re-delivery inside one process, as in the simulator): same bytes,
    // no need to encode and hash the block again.
    const identical = copies?.find((kb) => kb.block === block);
    if (identical !== undefined) return identical;
    const digest = blockDigest(block);
    const same = copies?.find((kb) => kb.digest === digest);
    if (same !== undefined) return same;
    if (from !== null) {
      if (copies === undefined && this.byHash.size >= this.maxHashes) return "hash-limit";
      if (copies !== undefined) {
        if (copies.length >= MAX_COPIES_PER_HASH || this.senders.has(`${hex}:${from}`)) return "copy-limit";
      }
      this.senders.add(`${hex}:${from}`);
    }
    const kb: KnownBlock = { block, hash, hex, digest, fault: undefined, validating: false };
    if (copies === undefined) this.byHash.set(hex, [kb]);
    else copies.push(kb);
    return kb;
  }
}
