// Test-only builders shared by this folder's tests (never imported by product code): masternode records of
// a chosen tier and operator keys (the manual clock is testing/'s, virtual time consensus/virtual-time.ts).

import { blake3Parts } from "../crypto/hash.js";
import { MASTERNODE_TIERS } from "../params/network.js";
import { utf8 } from "../types/bytes.js";
import type { AddressPayload, PublicKey } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import type { TierName } from "./registry.js";

export function tierCollateral(tier: TierName): bigint {
  return (MASTERNODE_TIERS.find((t) => t.name === tier) as (typeof MASTERNODE_TIERS)[number]).collateral;
}

/** A registered masternode record; the collateral outpoint is derived from `index`. */
export function makeRecord(
  operatorPublicKey: PublicKey,
  tier: TierName,
  payoutAddress: AddressPayload,
  index: number,
  extra = 0n,
): MasternodeRecord {
  const n = new Uint8Array(4);
  new DataView(n.buffer).setUint32(0, index);
  return {
    collateral: { txid: blake3Parts(utf8.encode("test/collateral"), n), index: index % 4 },
    collateralAmount: tierCollateral(tier) + extra,
    collateralPublicKey: blake3Parts(utf8.encode("test/collateral-key"), n),
    operatorPublicKey,
    payoutAddress,
    networkAddress: `10.0.${index % 256}.1:24200`,
    registeredHeight: 0n,
  };
}
