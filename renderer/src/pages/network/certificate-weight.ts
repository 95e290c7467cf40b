// A block certificate's weight: the voting weight of the masternodes whose precommits it carries, out of
// the voting set's total (getconsensusinfo), with each voter's weight from masternodelist. A voter not in
// the list (deregistered since) counts as unknown rather than guessed.

export interface CertificateWeight {
  readonly weight: number;
  readonly total: number;
  /** 0..1, or null when the total is unknown. */
  readonly fraction: number | null;
  readonly voters: number;
  readonly unknownVoters: number;
}

export function certificateWeight(
  voters: readonly string[],
  weightByOperator: ReadonlyMap<string, number>,
  totalWeight: number,
): CertificateWeight {
  let weight = 0;
  let unknownVoters = 0;
  for (const voter of new Set(voters)) {
    const w = weightByOperator.get(voter);
    if (w === undefined) unknownVoters++;
    else weight += w;
  }
  return {
    weight,
    total: totalWeight,
    fraction: totalWeight > 0 ? Math.min(1, weight / totalWeight) : null,
    voters: new Set(voters).size,
    unknownVoters,
  };
}
