// What one node knows about one round of one height: the verified candidacies (and the best-ranked one),
// the prepare and precommit tallies, the one-shot flags of the Tendermint rules ("for the first time"),
// and this node's own messages of the round, kept so they can be sent again on lossy links.
import type { Candidacy } from "../../codec/index.js";
import type { Proposal, Vote, VotePhase } from "../../types/index.js";
import type { ProposerDraw } from "./proposer.js";
import { outranks } from "./ranking.js";
import { VoteTally } from "./vote-tally.js";

export interface OwnMessages {
  candidacy: Candidacy | null;
  proposal: Proposal | null;
  prepare: Vote | null;
  precommit: Vote | null;
}

export class RoundState {
  /** Verified draws by validator id. */
  readonly candidates = new Map<string, ProposerDraw>();
  best: ProposerDraw | null = null;
  readonly prepares: VoteTally;
  readonly precommits: VoteTally;
  /** The candidacy window has passed: the best candidate known now proposes, the others may prepare. */
  windowClosed = false;
  prepareTimerStarted = false;
  precommitTimerStarted = false;
  /** Tendermint's "prepare quorum for a valid block: lock / update validValue" fired in this round. */
  lockRuleFired = false;
  /** This node asked the host for its fresh block of the round (asked once, even if the host fails). */
  buildRequested = false;
  readonly own: OwnMessages = { candidacy: null, proposal: null, prepare: null, precommit: null };

  constructor(
    readonly round: number,
    isQuorum: (weight: number) => boolean,
  ) {
    this.prepares = new VoteTally(isQuorum);
    this.precommits = new VoteTally(isQuorum);
  }

  tally(phase: VotePhase): VoteTally {
    return phase === "prepare" ? this.prepares : this.precommits;
  }

  /** Adds a verified draw; false when this validator already has one here. */
  addCandidate(draw: ProposerDraw): boolean {
    const id = draw.validator.id;
    if (this.candidates.has(id)) return false;
    this.candidates.set(id, draw);
    if (this.best === null || outranks(draw, this.best)) this.best = draw;
    return true;
  }
}
