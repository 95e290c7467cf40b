// The masternode tiers the wizard offers, as the node reports them (RPC masternodetiers: collateral,
// voting weight and the tier's reward pool per block, from the consensus constants). Only the tier names
// are known here, to check a saved wizard; every figure comes from the node, never from a copy.
import type { ApiResult } from "../../../../electron/contract.js";
import { amountParts } from "../../ui/index.js";

export type TierInfo = ApiResult<"masternodetiers">[number];
/** The tiers a wallet can register (masternodetiers lists these; "free" needs no registration). */
export type TierName = Extract<TierInfo["tier"], "bronze" | "silver" | "gold">;

const TIER_NAMES: readonly string[] = ["bronze", "silver", "gold"] satisfies readonly TierName[];

export function tierInfo(tiers: readonly TierInfo[] | undefined, name: string | null): TierInfo | undefined {
  return name === null ? undefined : tiers?.find((tier) => tier.tier === name);
}

export function isTierName(value: unknown): value is TierName {
  return typeof value === "string" && TIER_NAMES.includes(value);
}

/** A decimal TIME amount as the wizard's sentences show it: thousands grouped, no trailing zeros. */
export function plainAmount(amount: string): string {
  try {
    const { sign, whole, fraction } = amountParts(amount);
    return `${sign}${whole}${fraction}`;
  } catch {
    return amount;
  }
}
