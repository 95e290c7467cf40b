// Network presets exactly as DESIGN.md section 3 tabulates them, plus the consensus constants every
// network shares. A preset is plain frozen data; the devnet block interval may be overridden at start.
import { SAT_PER_TIME } from "../types/index.js";

export type NetworkName = "mainnet" | "testnet" | "devnet";
export const NETWORK_NAMES: readonly NetworkName[] = ["mainnet", "testnet", "devnet"];

export interface MasternodeTier {
  readonly name: "free" | "bronze" | "silver" | "gold";
  /** Minimum locked collateral in sat. */
  readonly collateral: bigint;
  readonly votingWeight: number;
}

export interface NetworkParams {
  readonly name: NetworkName;
  /** u32 signed into every signature and every block header. */
  readonly chainId: number;
  /** The digit after "TIME" in addresses: "1" mainnet, "0" test networks. */
  readonly addressDigit: "0" | "1";
  readonly p2pPort: number;
  readonly rpcPort: number;
  /** TSDC slot length. */
  readonly blockIntervalMs: number;
  /** File under assets/networks/ holding the genesis specification. */
  readonly genesisFile: string;
}

export const MAINNET: NetworkParams = Object.freeze({
  name: "mainnet",
  chainId: 1,
  addressDigit: "1",
  p2pPort: 24000,
  rpcPort: 24001,
  blockIntervalMs: 600_000,
  genesisFile: "mainnet.genesis.json",
});

export const TESTNET: NetworkParams = Object.freeze({
  name: "testnet",
  chainId: 2,
  addressDigit: "0",
  p2pPort: 24100,
  rpcPort: 24101,
  blockIntervalMs: 600_000,
  genesisFile: "testnet.genesis.json",
});

export const DEVNET: NetworkParams = Object.freeze({
  name: "devnet",
  chainId: 3,
  addressDigit: "0",
  p2pPort: 24200,
  rpcPort: 24201,
  blockIntervalMs: 5_000,
  genesisFile: "devnet.genesis.json",
});

const PRESETS: Record<NetworkName, NetworkParams> = { mainnet: MAINNET, testnet: TESTNET, devnet: DEVNET };

export function isNetworkName(value: string): value is NetworkName {
  return (NETWORK_NAMES as readonly string[]).includes(value);
}

export function networkParams(name: NetworkName): NetworkParams {
  return PRESETS[name];
}

/** Devnet only: tests and the devnet runner shorten the slot (1–2 s in tests). */
export function withBlockInterval(params: NetworkParams, blockIntervalMs: number): NetworkParams {
  if (params.name !== "devnet") throw new RangeError("only the devnet block interval can be changed");
  if (!Number.isInteger(blockIntervalMs) || blockIntervalMs < 100 || blockIntervalMs > 3_600_000) {
    throw new RangeError("block interval must be an integer between 100 ms and 1 h");
  }
  return Object.freeze({ ...params, blockIntervalMs });
}

export const MASTERNODE_TIERS: readonly MasternodeTier[] = Object.freeze([
  { name: "gold", collateral: 100_000n * SAT_PER_TIME, votingWeight: 1000 },
  { name: "silver", collateral: 10_000n * SAT_PER_TIME, votingWeight: 100 },
  { name: "bronze", collateral: 1_000n * SAT_PER_TIME, votingWeight: 10 },
  { name: "free", collateral: 0n, votingWeight: 0 },
]);

/** The highest tier whose collateral the amount reaches. */
export function tierForCollateral(amount: bigint): MasternodeTier {
  for (const tier of MASTERNODE_TIERS) if (amount >= tier.collateral) return tier;
  return MASTERNODE_TIERS[MASTERNODE_TIERS.length - 1] as MasternodeTier;
}
