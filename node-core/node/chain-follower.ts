// What the node knows of its chain's end, kept in step with every connected block: the tip block and its
// certificate, the masternode registry after it, the voting set of each coming height, and the txids of
// recent blocks. It also follows peers: it imports certified blocks (committed here or received), answers
// status with the blocks a peer lacks, and tells the block sync which peers are ahead. Everything it
// knows comes from the chain (the store and the blocks it connects), never from a peer's word.
import { ChainError, type ChainService } from "../chain/index.js";
import { encodeCertifiedBlock } from "../codec/index.js";
import type { VotingSet } from "../consensus/index.js";
import type { ChainView } from "../db/index.js";
import type { BlockEffects } from "../kernel/index.js";
import { outpointKey } from "../kernel/index.js";
import { type RegistrySnapshot, registryAt } from "../masternodes/index.js";
import type { CertifiedBlock, Hash32, MasternodeRecord } from "../types/index.js";
import { toHex } from "../types/index.js";
import { NodeError } from "./errors.js";
import { MAX_BLOCKS_ANSWER_BYTES, MAX_BLOCKS_PER_MESSAGE } from "./messages.js";
import type { TaskRunner } from "./tasks.js";

/** Blocks whose txids a node remembers as "in my chain" when answering queries and gossip. */
export const RECENT_BLOCK_TXIDS = 64;

/** What the follower tells the rest of the node. */
export interface FollowerHooks {
  /** A block was imported as the new tip (engines move to the next height). */
  imported(certified: CertifiedBlock, gossip: boolean): void;
  /**
   * An import failed for a reason other than "already have it" / "not my next block". `from` is the peer
   * that sent the block, or null for a block this node's own TSDC engine committed.
   */
  importFailed(certified: CertifiedBlock, error: unknown, from: string | null): void;
  /** Certified blocks for one peer (a sync answer). */
  sendBlocks(peer: string, blocks: readonly CertifiedBlock[]): void;
  /** `peer` has blocks up to at least `height`, above this node's tip: the block sync asks it for them. */
  peerAhead(peer: string, height: bigint): void;
}

/** A block this node has, or that does not extend its tip: gossip and sync overlap, so these are normal. */
function isStaleBlock(error: unknown): boolean {
  return (
    error instanceof ChainError &&
    (error.code === "CHAIN_KNOWN_BLOCK" || error.code === "CHAIN_NOT_CHILD_OF_TIP")
  );
}

export interface ChainFollowerModules {
  readonly chain: ChainService;
  readonly view: ChainView;
  readonly tasks: TaskRunner;
  readonly hooks: FollowerHooks;
}

export class ChainFollower {
  private tipBlock!: CertifiedBlock;
  private tipHashBytes!: Hash32;
  private registrySnapshot!: RegistrySnapshot;
  private readonly records = new Map<string, MasternodeRecord>();
  private readonly votingSets = new Map<bigint, VotingSet>();
  /** txid hex -> height, for the last RECENT_BLOCK_TXIDS blocks. */
  private readonly recent = new Map<string, bigint>();
  private closed = false;

  private readonly chain: ChainService;
  private readonly view: ChainView;
  private readonly tasks: TaskRunner;
  private readonly hooks: FollowerHooks;

  constructor(_opts: Record<string, never>, modules: ChainFollowerModules) {
    this.chain = modules.chain;
    this.view = modules.view;
    this.tasks = modules.tasks;
    this.hooks = modules.hooks;
  }

  /** Loads the tip and the registry from the store (after the chain service connected genesis). */
  async init(): Promise<void> {
    const tip = this.view.getTip();
    if (tip === null) throw new NodeError("NODE_STORE_INCONSISTENT", "the chain store has no tip", {});
    const block = await this.view.getBlockByHeight(tip.height);
    if (block === null) {
      throw new NodeError("NODE_STORE_INCONSISTENT", "the chain store has no block at its tip height", {
        height: tip.height.toString(),
      });
    }
    this.tipBlock = block;
    this.tipHashBytes = tip.hash;
    for (const record of await this.view.listMasternodes())
      this.records.set(outpointKey(record.collateral), record);
    this.registrySnapshot = registryAt(this.records.values());
    this.votingSets.set(tip.height + 1n, this.registrySnapshot.votingSet);
    // The next block carries the tip's certificate, which the tip's own voting set signed: the registry
    // before the tip block. Without it a node (re)started right after a block that changed the registry
    // checked that certificate against the registry after it, refused every proposal (CERT_NO_QUORUM) and
    // withheld its vote; seen on the devnet: a wallet's masternode restarted by masternodestart on the
    // block holding its registration, and the chain stopped for good once its vote was needed for a quorum.
    if (tip.height > 0n) this.votingSets.set(tip.height, await this.votingSetBeforeTip(tip.hash, tip.height));
  }

  /** The tip's voting set: the masternodes after it with the tip block's changes undone (its undo record). */
  private async votingSetBeforeTip(hash: Hash32, height: bigint): Promise<VotingSet> {
    const undo = await this.view.getUndoRecord(hash);
    if (undo === null) {
      throw new NodeError("NODE_STORE_INCONSISTENT", "the chain store has no undo record for its tip", {
        height: height.toString(),
      });
    }
    const before = new Map(this.records);
    for (let i = undo.masternodes.length - 1; i >= 0; i--) {
      const change = undo.masternodes[i] as (typeof undo.masternodes)[number];
      const key = outpointKey(change.collateral);
      if (change.before) before.set(key, change.before);
      else before.delete(key);
    }
    return registryAt(before.values()).votingSet;
  }

  close(): void {
    this.closed = true;
  }

  get tip(): CertifiedBlock {
    return this.tipBlock;
  }

  get tipHash(): Hash32 {
    return this.tipHashBytes;
  }

  get tipHeight(): bigint {
    return this.tipBlock.block.header.height;
  }

  get registry(): RegistrySnapshot {
    return this.registrySnapshot;
  }

  /** The voting set of `height` (its parent's registry); the tip's for heights it has not seen. */
  votingSetFor(height: bigint): VotingSet {
    return this.votingSets.get(height) ?? this.registrySnapshot.votingSet;
  }

  /** Whether a transaction is in one of the recent blocks of this chain. */
  inRecentBlock(txidHex: string): boolean {
    return this.recent.has(txidHex);
  }

  /** The chain service connected a block: move the tip, the registry and the recent txids along. */
  onBlockConnected(certified: CertifiedBlock, effects: BlockEffects): void {
    this.tipBlock = certified;
    this.tipHashBytes = effects.blockHash;
    for (const change of effects.masternodes) {
      const key = outpointKey(change.collateral);
      if (change.after) this.records.set(key, change.after);
      else this.records.delete(key);
    }
    if (effects.masternodes.length > 0) this.registrySnapshot = registryAt(this.records.values());
    this.votingSets.set(effects.height + 1n, this.registrySnapshot.votingSet);
    for (const h of [...this.votingSets.keys()]) if (h + 4n < effects.height) this.votingSets.delete(h);
    for (let i = 1; i < effects.txids.length; i++)
      this.recent.set(toHex(effects.txids[i] as Hash32), effects.height);
    const oldest = effects.height - BigInt(RECENT_BLOCK_TXIDS);
    if (oldest >= 0n) for (const [hex, h] of this.recent) if (h <= oldest) this.recent.delete(hex);
  }

  /** Imports a certified block; `gossip` passes it on once it is the new tip. */
  importCertified(certified: CertifiedBlock, gossip: boolean, from: string | null = null): void {
    // A sync answer's imports wait for their checks and may come due after the node closed.
    if (this.closed) return;
    this.tasks.track(
      this.chain.importBlock(certified),
      () => {
        if (!this.closed) this.hooks.imported(certified, gossip);
      },
      (error) => {
        if (isStaleBlock(error)) return;
        this.hooks.importFailed(certified, error, from);
      },
    );
  }

  /** Blocks arrived from `from`: import the ones that extend this chain, ask for a gap. */
  onBlocks(from: string, blocks: readonly CertifiedBlock[]): void {
    const first = blocks[0];
    if (first === undefined) return;
    const next = this.tipHeight + 1n;
    if (first.block.header.height > next) {
      this.hooks.peerAhead(from, (blocks[blocks.length - 1] as CertifiedBlock).block.header.height);
      return;
    }
    for (const certified of blocks) {
      // Gossip only what arrives as the next block: a sync batch is for this node alone.
      if (certified.block.header.height >= next) {
        this.importCertified(certified, blocks.length === 1, from);
      }
    }
  }

  /** A peer's tip is at `height`: send it what it lacks, or ask for what this node lacks. */
  onStatus(from: string, height: bigint): void {
    if (height < this.tipHeight) this.sendBlocks(from, height + 1n);
    else if (height > this.tipHeight) this.hooks.peerAhead(from, height);
  }

  /** Sends up to `count` (at most MAX_BLOCKS_PER_MESSAGE) certified blocks from `fromHeight` on to `peer`. */
  sendBlocks(peer: string, fromHeight: bigint, count = MAX_BLOCKS_PER_MESSAGE): void {
    const top = this.tipHeight;
    if (fromHeight < 1n || fromHeight > top || count < 1) return;
    const limit = fromHeight + BigInt(Math.min(count, MAX_BLOCKS_PER_MESSAGE) - 1);
    const last = limit < top ? limit : top;
    const reads: Promise<CertifiedBlock | null>[] = [];
    for (let h = fromHeight; h <= last; h++) reads.push(this.view.getBlockByHeight(h));
    this.tasks.track(Promise.all(reads), (blocks) => {
      if (this.closed) return;
      // One answer holds consecutive blocks up to the message's byte cap (at least one block: a single
      // block always fits); the requester asks again for the rest.
      const found: CertifiedBlock[] = [];
      let bytes = 0;
      for (const block of blocks) {
        if (block === null) break;
        const size = encodeCertifiedBlock(block).length;
        if (found.length > 0 && bytes + size > MAX_BLOCKS_ANSWER_BYTES) break;
        found.push(block);
        bytes += size;
      }
      if (found.length > 0) this.hooks.sendBlocks(peer, found);
    });
  }
}
