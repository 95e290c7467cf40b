// The TSDC slot clock: time is cut into slots of the block interval counted from the genesis timestamp
// (slot 0 starts at genesis). A block's header timestamp is the start of the slot its height began in, so
// timestamps are slot-aligned and strictly increase by at least one slot per height: a block's slot is
// always >= its height. Pure arithmetic; the current time comes from the injected Clock.
import { TsdcError } from "./errors.js";

export class SlotClock {
  constructor(
    readonly genesisTimestampMs: number,
    readonly intervalMs: number,
  ) {
    if (!Number.isSafeInteger(genesisTimestampMs) || genesisTimestampMs < 0) {
      throw new TsdcError("TSDC_BAD_SLOT_CLOCK", "genesis timestamp must be a non-negative safe integer", {
        field: "genesisTimestampMs",
        value: String(genesisTimestampMs),
      });
    }
    if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
      throw new TsdcError("TSDC_BAD_SLOT_CLOCK", "slot interval must be a positive safe integer", {
        field: "intervalMs",
        value: String(intervalMs),
      });
    }
  }

  /** The slot containing `nowMs` (negative before genesis). */
  slotAt(nowMs: number): number {
    return Math.floor((nowMs - this.genesisTimestampMs) / this.intervalMs);
  }

  slotStartMs(slot: number): number {
    return this.genesisTimestampMs + slot * this.intervalMs;
  }

  /** True when `ms` is exactly the start of a slot at or after genesis. */
  isSlotStart(ms: number): boolean {
    return (
      Number.isSafeInteger(ms) && ms >= this.genesisTimestampMs && this.slotStartMs(this.slotAt(ms)) === ms
    );
  }

  /** The slot of a block from its header timestamp (the start of the slot its height began in). */
  slotOfTimestamp(timestamp: bigint): number {
    return this.slotAt(Number(timestamp));
  }

  /** Start of the first slot strictly after the one containing `nowMs`. */
  nextSlotStartMs(nowMs: number): number {
    return this.slotStartMs(this.slotAt(nowMs) + 1);
  }
}
