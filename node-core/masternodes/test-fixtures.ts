// Test-only builders shared by this folder's tests (never imported by product code): masternode records of
// a chosen tier, operator keys, a settable clock and a virtual-time scheduler.

import type { Cancel, Clock, Scheduler } from "../consensus/runtime.js";
import { blake3Parts } from "../crypto/hash.js";
import { MASTERNODE_TIERS } from "../params/network.js";
import { SeededRng } from "../testing/index.js";

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

export class ManualClock implements Clock {
  constructor(public t = 0) {}
  now(): number {
    return this.t;
  }
}

/** Virtual time: timers run in due order (then creation order) when advance() passes them. */
export class VirtualScheduler implements Scheduler {
  private timers: { due: number; seq: number; task: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(readonly clock: ManualClock) {}

  after(delayMs: number, task: () => void): Cancel {
    const timer = { due: this.clock.t + Math.max(0, delayMs), seq: this.seq++, task, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  advance(ms: number): void {
    const end = this.clock.t + ms;
    for (;;) {
      const live = this.timers.filter((t) => !t.cancelled && t.due <= end);
      if (live.length === 0) break;
      live.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = live[0] as (typeof live)[number];
      next.cancelled = true;
      this.clock.t = next.due;
      next.task();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    this.clock.t = end;
  }

  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

export { SeededRng };
