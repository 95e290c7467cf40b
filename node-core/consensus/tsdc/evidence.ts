// Equivocation evidence: two different signed messages by one key for the same slot of the protocol
// (two votes for one height, round and phase; two fresh proposals for one height and round). Each slot is
// recorded once; the list is bounded (the oldest records are kept, later ones only counted) so a flood of
// equivocations costs memory in proportion to maxEvidence, not to the attack.
import type { Proposal, Vote } from "../../types/index.js";
import type { HeightState, KnownBlock } from "./height-state.js";
import type { Equivocation } from "./interface.js";

export class EvidenceLog {
  private readonly records: Equivocation[] = [];
  private droppedCount = 0;

  constructor(
    private readonly maxEvidence: number,
    /** Called for every new equivocation, kept or dropped. */
    private readonly onRecord: (e: Equivocation) => void,
  ) {}

  get list(): readonly Equivocation[] {
    return this.records;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  vote(hs: HeightState, voterId: string, first: Vote, second: Vote): void {
    const key = `vote:${first.round}:${first.phase}:${voterId}`;
    if (hs.equivocations.has(key)) return;
    hs.equivocations.add(key);
    this.add({
      kind: "vote",
      height: hs.height,
      round: first.round,
      phase: first.phase,
      voterId,
      first,
      second,
    });
  }

  proposal(hs: HeightState, proposerId: string, first: KnownBlock, second: Proposal): void {
    const round = second.block.header.round;
    const key = `proposal:${round}:${proposerId}`;
    if (hs.equivocations.has(key)) return;
    hs.equivocations.add(key);
    const firstSeal = hs.proposalSignatures.get(`${proposerId}:${first.hex}`);
    if (firstSeal === undefined) return;
    this.add({
      kind: "proposal",
      height: hs.height,
      round,
      proposerId,
      first: { header: first.block.header, ...firstSeal },
      second: { header: second.block.header, validRound: second.validRound, signature: second.signature },
    });
  }

  private add(e: Equivocation): void {
    if (this.records.length < this.maxEvidence) this.records.push(e);
    else this.droppedCount++;
    this.onRecord(e);
  }
}
