// The masternode registry as consensus sees it at a height: the records of the parent state (the state after
// block h-1 decides everything about block h: its voting set, its proposer candidates, its reward pools).
// registryAt() derives a snapshot from records alone, so it is a pure function of the chain; the
// MasternodeRegistry class keeps one in memory across connects and disconnects (fed by the kernel's block
// effects and undo records) so the node does not rescan storage for every block.

import { type VotingSet, votingSetFromRecords } from "../consensus/index.js";
import { outpointKey } from "../kernel/index.js";
import { MASTERNODE_TIERS, type MasternodeTier, tierForCollateral } from "../params/index.js";
import type { MasternodeChange, MasternodeRecord } from "../types/index.js";
import { bytesEqual, compareBytes, toHex } from "../types/index.js";
import { MasternodeError } from "./errors.js";

export type TierName = MasternodeTier["name"];
export type TierCounts = Readonly<Record<TierName, number>>;

/** Number of registered masternodes per tier (Free included). */
export function tierCounts(records: Iterable<MasternodeRecord>): TierCounts {
  const counts: Record<TierName, number> = { gold: 0, silver: 0, bronze: 0, free: 0 };
  for (const record of records) counts[tierForCollateral(record.collateralAmount).name] += 1;
  return Object.freeze(counts);
}

/** Records by operator id (operator key hex). Throws REGISTRY_DUPLICATE_OPERATOR if two share a key. */
export function operatorsById(records: Iterable<MasternodeRecord>): ReadonlyMap<string, MasternodeRecord> {
  const byId = new Map<string, MasternodeRecord>();
  for (const record of records) {
    const id = toHex(record.operatorPublicKey);
    if (byId.has(id)) {
      throw new MasternodeError("REGISTRY_DUPLICATE_OPERATOR", "two masternodes share one operator key", {
        operator: id,
      });
    }
    byId.set(id, record);
  }
  return byId;
}

export interface RegistrySnapshot {
  /** Every registered masternode (Free included), sorted by operator key bytes. */
  readonly records: readonly MasternodeRecord[];
  /** The same records by operator id. */
  readonly operators: ReadonlyMap<string, MasternodeRecord>;
  /** Masternodes with voting weight: the validators (and TSDC proposer candidates) of the next height. */
  readonly votingSet: VotingSet;
  readonly tierCounts: TierCounts;
}

/**
 * The registry for the block that follows a state: pass the masternode records of the PARENT state (after
 * block h-1) to get what block h is validated against. Independent of the records' order.
 */
export function registryAt(records: Iterable<MasternodeRecord>): RegistrySnapshot {
  const sorted = [...records].sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
  return Object.freeze({
    records: Object.freeze(sorted),
    operators: operatorsById(sorted),
    votingSet: votingSetFromRecords(sorted),
    tierCounts: tierCounts(sorted),
  });
}

/** Tiers in reward-pool order (Gold, Silver, Bronze, Free). */
export const TIER_NAMES: readonly TierName[] = Object.freeze(MASTERNODE_TIERS.map((t) => t.name));

function recordsEqual(a: MasternodeRecord, b: MasternodeRecord): boolean {
  return (
    outpointKey(a.collateral) === outpointKey(b.collateral) &&
    a.collateralAmount === b.collateralAmount &&
    bytesEqual(a.collateralPublicKey, b.collateralPublicKey) &&
    bytesEqual(a.operatorPublicKey, b.operatorPublicKey) &&
    bytesEqual(a.payoutAddress, b.payoutAddress) &&
    a.networkAddress === b.networkAddress &&
    a.registeredHeight === b.registeredHeight
  );
}

/** The block-level input the registry follows: BlockEffects on connect, the UndoRecord on disconnect. */
export interface RegistryDelta {
  readonly height: bigint;
  readonly masternodes: readonly MasternodeChange[];
}

/**
 * The registry at the chain tip, kept current by the same masternode changes storage writes. snapshot()
 * is the registry for height tip+1. Every change is checked against the held record first (its `before`
 * must match), and a delta is applied entirely or not at all, so the registry cannot drift from storage
 * silently.
 */
export class MasternodeRegistry {
  private readonly byCollateral = new Map<string, MasternodeRecord>();
  private tip: bigint;
  private cached: RegistrySnapshot | null = null;

  /** `records`: the masternodes of the state after block `tipHeight` (e.g. ChainStore.listMasternodes()). */
  constructor(records: Iterable<MasternodeRecord>, tipHeight: bigint) {
    for (const record of records) this.byCollateral.set(outpointKey(record.collateral), record);
    this.tip = tipHeight;
  }

  get tipHeight(): bigint {
    return this.tip;
  }

  /** The registry block tipHeight+1 is validated against. Cached until the next change. */
  snapshot(): RegistrySnapshot {
    this.cached ??= registryAt(this.byCollateral.values());
    return this.cached;
  }

  /** Applies a connected block's masternode changes (BlockEffects). Its height must be tipHeight+1. */
  connect(delta: RegistryDelta): void {
    this.expectHeight(delta.height, this.tip + 1n, "connect");
    this.apply(delta.masternodes, "forward");
    this.tip = delta.height;
  }

  /** Reverts the tip block's masternode changes (its UndoRecord). Its height must be tipHeight. */
  disconnect(delta: RegistryDelta): void {
    this.expectHeight(delta.height, this.tip, "disconnect");
    this.apply(delta.masternodes, "backward");
    this.tip = delta.height - 1n;
  }

  private expectHeight(actual: bigint, expected: bigint, what: string): void {
    if (actual !== expected) {
      throw new MasternodeError("REGISTRY_HEIGHT_MISMATCH", `${what} at a height that does not fit the tip`, {
        expected: expected.toString(),
        actual: actual.toString(),
      });
    }
  }

  private apply(changes: readonly MasternodeChange[], direction: "forward" | "backward"): void {
    // Replay in order forward and in reverse order backward (as the kernel and storage do), against a copy,
    // so a bad change leaves the registry untouched.
    const next = new Map(this.byCollateral);
    const ordered = direction === "forward" ? changes : [...changes].reverse();
    for (const change of ordered) {
      const from = direction === "forward" ? change.before : change.after;
      const to = direction === "forward" ? change.after : change.before;
      const key = outpointKey(change.collateral);
      const held = next.get(key) ?? null;
      const consistent = held === null ? from === null : from !== null && recordsEqual(held, from);
      if (!consistent) {
        throw new MasternodeError("REGISTRY_INCONSISTENT", "masternode change does not match the registry", {
          outpoint: key,
          expected: from === null ? "absent" : "the change's before-record",
          actual: held === null ? "absent" : "a different record",
        });
      }
      if (to === null) next.delete(key);
      else next.set(key, to);
    }
    this.byCollateral.clear();
    for (const [key, record] of next) this.byCollateral.set(key, record);
    this.cached = null;
  }
}
