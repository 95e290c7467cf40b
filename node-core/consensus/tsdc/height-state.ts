// Everything one node knows about the height it is deciding: the Tendermint variables (round, step, locked
// and valid block with their rounds), per-round state, the blocks seen in proposals (block-store.ts: by
// what they commit to, each copy with its cached validity), who signed which proposal, each validator's
// highest round seen (for round skipping) and a cache of verified VRF draws. Dropped as a whole when the
// height ends.
import { blockHash } from "../../codec/index.js";
import type { Block, Proposal } from "../../types/index.js";
import { toHex } from "../../types/index.js";
import type { Validator, VotingSet } from "../index.js";
import { BlockStore, type KnownBlock, type StoreRefusal } from "./block-store.js";
import type { TsdcStep } from "./interface.js";
import type { ProposerDraw, ProposerFault } from "./proposer.js";
import { RoundState } from "./round-state.js";

export type { KnownBlock } from "./block-store.js";

/** Blocks from different proposals one signer may have outstanding at a height (honest: one per round led). */
export const MAX_ENDORSEMENTS_PER_SIGNER = 4;

export class HeightState {
  round = 0;
  step: TsdcStep = "propose";
  lockedRound = -1;
  lockedBlock: KnownBlock | null = null;
  validRound = -1;
  validBlock: KnownBlock | null = null;
  decided = false;
  readonly rounds = new Map<number, RoundState>();
  readonly blocks: BlockStore;
  /** Signer id -> hashes (hex) of the blocks it signed proposals for, in arrival order. */
  readonly endorsements = new Map<string, string[]>();
  /** `${signer id}:${block hex}` -> the signed validRound and signature (kept as evidence material). */
  readonly proposalSignatures = new Map<string, Pick<Proposal, "validRound" | "signature">>();
  /** Validator id -> highest round of any authenticated message from it. */
  readonly highestRound = new Map<string, number>();
  /** Maximum of highestRound (round skipping is only worth checking when it exceeds the current round). */
  maxSeenRound = 0;
  /** `${id}:${round}:${proof hex}` -> verified draw or fault. */
  readonly draws = new Map<string, ProposerDraw | ProposerFault>();
  /** Keys of equivocations already recorded at this height. */
  readonly equivocations = new Set<string>();
  readonly isQuorum: (weight: number) => boolean;

  constructor(
    readonly height: bigint,
    readonly previousHash: Uint8Array,
    readonly previousHashHex: string,
    /** Parent header timestamp, when known. */
    readonly parentTimestamp: bigint | null,
    /** Slot this height started in; fresh proposals are stamped with it (or the current slot, if later). */
    readonly slot: number,
    readonly votingSet: VotingSet,
    /** This node as a validator of this height, or null (observer). */
    readonly self: Validator | null,
  ) {
    this.isQuorum = (weight) => votingSet.isQuorum(weight);
    // A few per validator, so equivocating proposers cannot exhaust memory.
    this.blocks = new BlockStore(MAX_ENDORSEMENTS_PER_SIGNER * votingSet.validators.length + 16);
  }

  roundState(round: number): RoundState {
    let rs = this.rounds.get(round);
    if (rs === undefined) {
      rs = new RoundState(round, this.isQuorum);
      this.rounds.set(round, rs);
    }
    return rs;
  }

  /**
   * The stored entry for exactly this block (a new one unless a cap is reached); `from` is the delivering
   * peer, null for this node's own block (never refused).
   */
  storeBlock(block: Block, from: string | null): KnownBlock | StoreRefusal {
    const hash = blockHash(block.header);
    return this.blocks.store(block, hash, toHex(hash), from);
  }

  /** An authenticated message from `id` at `round` (round skipping counts these). */
  noteRound(id: string, round: number): void {
    if (round > (this.highestRound.get(id) ?? -1)) this.highestRound.set(id, round);
    if (round > this.maxSeenRound) this.maxSeenRound = round;
  }

  /** True when `weight` is more than 1/3 of the total (enough to contain one honest validator). */
  isOneThird(weight: number): boolean {
    return 3 * weight > this.votingSet.totalWeight;
  }
}
