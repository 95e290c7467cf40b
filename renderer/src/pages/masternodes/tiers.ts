// The masternode tiers as the wizard explains them: collateral and voting weight. These are consensus
// constants (node-core/params MASTERNODE_TIERS, the same on every network) that no API method reports;
// the renderer may import no node-core code (not even in tests), so they are repeated here. If the tiers
// ever change, an API field for them should replace this table.

export type TierName = "bronze" | "silver" | "gold";

export interface TierInfo {
  readonly name: TierName;
  /** Decimal TIME. */
  readonly collateral: string;
  readonly weight: number;
}

export const TIERS: readonly TierInfo[] = [
  { name: "bronze", collateral: "1000", weight: 10 },
  { name: "silver", collateral: "10000", weight: 100 },
  { name: "gold", collateral: "100000", weight: 1000 },
];

export function tierInfo(name: string): TierInfo | undefined {
  return TIERS.find((tier) => tier.name === name);
}

export function isTierName(value: unknown): value is TierName {
  return typeof value === "string" && TIERS.some((tier) => tier.name === value);
}
