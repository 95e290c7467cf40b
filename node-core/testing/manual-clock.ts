// The manual clock of tests: a Clock whose time moves only when the test sets or advances it (no timers;
// tests that need scheduled tasks use consensus/virtual-time.ts, which is both Clock and Scheduler).
import type { Clock } from "../consensus/index.js";

export class ManualClock implements Clock {
  constructor(public time = 0) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
