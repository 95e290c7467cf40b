// The validators of a height: registered masternodes with voting weight, derived only from chain state
// (the masternode records after the parent block), never from what this node happens to have seen. Free
// masternodes relay and earn the Free pool but have no vote (a zero-cost identity with a vote is a Sybil
// hole), so they are not in the voting set.
import { type MasternodeTier, tierForCollateral } from "../params/index.js";
import type { AddressPayload, MasternodeRecord, OutPoint, PublicKey } from "../types/index.js";
import { compareBytes, toHex } from "../types/index.js";

export interface Validator {
  readonly operatorPublicKey: PublicKey;
  /** Lowercase hex of the operator key: the peer/validator id used in maps and messages. */
  readonly id: string;
  readonly weight: number;
  readonly tier: MasternodeTier["name"];
  readonly payoutAddress: AddressPayload;
  readonly collateral: OutPoint;
}

export interface VotingSet {
  /** Sorted by operator key bytes. */
  readonly validators: readonly Validator[];
  readonly totalWeight: number;
  get(id: string): Validator | undefined;
  /** True when `weight` is more than 2/3 of the total (certificate threshold), in exact integer arithmetic. */
  isQuorum(weight: number): boolean;
}

export function validatorFromRecord(record: MasternodeRecord): Validator {
  const tier = tierForCollateral(record.collateralAmount);
  return {
    operatorPublicKey: record.operatorPublicKey,
    id: toHex(record.operatorPublicKey),
    weight: tier.votingWeight,
    tier: tier.name,
    payoutAddress: record.payoutAddress,
    collateral: record.collateral,
  };
}

export function votingSetFromRecords(records: Iterable<MasternodeRecord>): VotingSet {
  const validators = [...records]
    .map(validatorFromRecord)
    .filter((v) => v.weight > 0)
    .sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
  const byId = new Map(validators.map((v) => [v.id, v]));
  const totalWeight = validators.reduce((sum, v) => sum + v.weight, 0);
  return {
    validators,
    totalWeight,
    get: (id) => byId.get(id),
    isQuorum: (weight) => totalWeight > 0 && 3 * weight > 2 * totalWeight,
  };
}
