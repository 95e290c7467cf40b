// Relay of TSDC votes between peers, so that an equivocating validator's conflicting votes meet: it can send
// prepare A to one node and prepare B to another, and without relay the two never see both. Driven by the
// engine's verdict: a vote the engine accepted (new, valid, counted) is pushed to a few random peers once;
// a vote it rejected as equivocation (valid signature, conflicting with the counted one: the evidence) is
// pushed once per voter and slot, so the evidence spreads past the node that first saw it. Invalid,
// duplicate, stale and buffered votes are never relayed. Each vote is relayed at most once per node (dedup
// by the digest of its encoding), and relays per height and round are capped at what honest traffic needs
// (two phases, a counted and a conflicting vote per validator), so an attacker cannot make a node amplify.
//
// A relayed conflicting vote is not the relaying peer's fault: the verdict handed back to the transport
// for "equivocation" becomes ignore unless the sender is the voter itself (which still gets reject).
import { encodeVote } from "../codec/index.js";
import { ignore, type Rng, type Verdict } from "../consensus/index.js";
import type { TsdcMessage, TsdcVerdict } from "../consensus/tsdc/index.js";
import { blake3 } from "../crypto/index.js";
import type { Vote } from "../types/index.js";
import { toHex } from "../types/index.js";
import type { NodeTransport } from "./transport.js";

export interface VoteRelayOptions {
  /** Peers each relayed vote is pushed to. */
  readonly fanout: number;
  /** This node's peer id. */
  readonly selfId: string;
}

export interface VoteRelayModules {
  readonly transport: Pick<NodeTransport, "peers" | "send">;
  readonly rng: Rng;
  /** Validators of the voting set now (bounds the relays per round). */
  readonly validatorCount: () => number;
}

export interface VoteRelayStats {
  /** Votes relayed (each to up to `fanout` peers). */
  readonly relayed: number;
  /** Votes not relayed because their height and round reached the cap. */
  readonly capped: number;
}

/**
 * Peers each vote is relayed to. Small on purpose: every validator already broadcasts its own votes, so the
 * relay only has to make the two halves of an equivocation meet (with half the nodes holding each vote, a
 * node misses the other half's relays with probability about (1 - 2/N)^(N/2), i.e. ~e^-1, and some honest
 * node sees both almost surely), at about twice the direct vote traffic.
 */
export const VOTE_RELAY_FANOUT = 2;

/** Heights whose relay records are kept (the one being decided and the one before it). */
const HEIGHTS_KEPT = 2n;

interface HeightRecord {
  /** Digests of the votes relayed. */
  readonly digests: Set<string>;
  /** `${round}:${phase}:${voter}` slots whose conflicting vote was relayed. */
  readonly conflicts: Set<string>;
  /** Relays per round. */
  readonly perRound: Map<number, number>;
}

export class VoteRelay {
  private readonly heights = new Map<bigint, HeightRecord>();
  private newest = -1n;
  private relayedCount = 0;
  private cappedCount = 0;

  constructor(
    private readonly opts: VoteRelayOptions,
    private readonly modules: VoteRelayModules,
  ) {}

  stats(): VoteRelayStats {
    return { relayed: this.relayedCount, capped: this.cappedCount };
  }

  /**
   * Takes the engine's verdict on a TSDC message from `from`, relays the message if it is a vote worth
   * relaying, and returns the verdict for the transport.
   */
  afterVerdict(from: string, message: TsdcMessage, verdict: TsdcVerdict): Verdict {
    if (message.kind !== "vote") return verdict;
    const vote = message.vote;
    if (verdict.verdict === "accept") {
      this.relay(from, vote, null);
      return verdict;
    }
    if (verdict.verdict === "reject" && verdict.reason === "equivocation") {
      const voter = toHex(vote.voterPublicKey);
      this.relay(from, vote, `${vote.round}:${vote.phase}:${voter}`);
      return voter === from ? verdict : ignore("equivocation-relayed");
    }
    return verdict;
  }

  /** `conflictSlot`: the slot of an equivocating vote (relayed once per slot), null for a counted vote. */
  private relay(from: string, vote: Vote, conflictSlot: string | null): void {
    const record = this.record(vote.height);
    if (record === null) return;
    if (conflictSlot !== null && record.conflicts.has(conflictSlot)) return;
    const digest = toHex(blake3(encodeVote(vote)));
    if (record.digests.has(digest)) return;
    const sent = record.perRound.get(vote.round) ?? 0;
    // Two phases, each a counted and a conflicting vote per validator: all honest traffic fits.
    if (sent >= 4 * this.modules.validatorCount()) {
      this.cappedCount++;
      return;
    }
    record.perRound.set(vote.round, sent + 1);
    record.digests.add(digest);
    if (conflictSlot !== null) record.conflicts.add(conflictSlot);
    this.relayedCount++;
    this.push({ kind: "tsdc", message: { kind: "vote", vote } }, from, toHex(vote.voterPublicKey));
  }

  /** The record of a height, starting it (and dropping old ones) as heights advance; null when too old. */
  private record(height: bigint): HeightRecord | null {
    if (height > this.newest) {
      this.newest = height;
      for (const h of [...this.heights.keys()]) if (h <= height - HEIGHTS_KEPT) this.heights.delete(h);
    } else if (height <= this.newest - HEIGHTS_KEPT) {
      return null;
    }
    let record = this.heights.get(height);
    if (record === undefined) {
      record = { digests: new Set(), conflicts: new Set(), perRound: new Map() };
      this.heights.set(height, record);
    }
    return record;
  }

  /** Up to `fanout` random peers other than this node, the sender and the voter (who hold the vote). */
  private push(message: { kind: "tsdc"; message: TsdcMessage }, from: string, voter: string): void {
    const peers = this.modules.transport.peers();
    const eligible: string[] = [];
    for (const p of peers) if (p !== this.opts.selfId && p !== from && p !== voter) eligible.push(p);
    const want = Math.min(this.opts.fanout, eligible.length);
    // A partial Fisher-Yates draw of `want` peers, sent in peer order so runs replay from the seed.
    for (let i = 0; i < want; i++) {
      const j = i + this.modules.rng.int(eligible.length - i);
      [eligible[i], eligible[j]] = [eligible[j]!, eligible[i]!];
    }
    const chosen = eligible.slice(0, want).sort();
    for (const peer of chosen) this.modules.transport.send(peer, message);
  }
}
