// The votes of one phase (prepare or precommit) of one round: at most one vote per validator, weight per
// block hash, and the first non-nil hash to reach more than 2/3 of the weight. A validator's second,
// different vote is never counted; the caller turns it into equivocation evidence. Signatures are checked
// by the caller before add(), so a forged vote can never occupy a validator's slot.
import type { Vote } from "../../types/index.js";

/** Hex of the 32 zero bytes: a nil vote. */
export const NIL_HASH_HEX = "00".repeat(32);
export const NIL_HASH = new Uint8Array(32);

export interface TalliedVote {
  readonly vote: Vote;
  /** Hex of vote.blockHash. */
  readonly hex: string;
  readonly weight: number;
}

export class VoteTally {
  private readonly byVoter = new Map<string, TalliedVote>();
  private readonly weights = new Map<string, number>();
  private total = 0;
  private quorum: string | null = null;

  constructor(private readonly isQuorum: (weight: number) => boolean) {}

  /** The counted vote of a validator, if any. */
  get(voterId: string): TalliedVote | undefined {
    return this.byVoter.get(voterId);
  }

  /** Counts a verified vote; false (and nothing counted) when the voter already has a vote here. */
  add(voterId: string, weight: number, vote: Vote, hex: string): boolean {
    if (this.byVoter.has(voterId)) return false;
    this.byVoter.set(voterId, { vote, hex, weight });
    const w = (this.weights.get(hex) ?? 0) + weight;
    this.weights.set(hex, w);
    this.total += weight;
    if (this.quorum === null && hex !== NIL_HASH_HEX && this.isQuorum(w)) this.quorum = hex;
    return true;
  }

  weightFor(hex: string): number {
    return this.weights.get(hex) ?? 0;
  }

  /** Weight of every counted vote, nil included. */
  get totalWeight(): number {
    return this.total;
  }

  get voterCount(): number {
    return this.byVoter.size;
  }

  /** The non-nil block hash (hex) holding more than 2/3 of the weight, if one does. */
  get quorumHex(): string | null {
    return this.quorum;
  }

  /** The counted votes for one hash, in arrival order. */
  votesFor(hex: string): Vote[] {
    const out: Vote[] = [];
    for (const entry of this.byVoter.values()) if (entry.hex === hex) out.push(entry.vote);
    return out;
  }

  /** Weight per hash (hex), for inspection. */
  weightsByHash(): Record<string, number> {
    return Object.fromEntries(this.weights);
  }
}
