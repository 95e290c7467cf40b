// Drives virtual time for a run and owns the two things VirtualTime alone cannot give a simulated node:
// timers that die with the node (NodeTimers: a crash cancels every timer the node set, as a real process
// exit would) and asynchronous work. The chain backend and the mempool have Promise APIs; a node's async
// step (mempool admission, block import) must finish at the virtual instant it started, before any later
// event runs, or a run would depend on how the JS event loop interleaves. So every node promise goes
// through AsyncTracker, and the driver runs one task at a time and drains pending promises (microtask hops,
// no wall-clock timers) before the next task. Runs stay exactly reproducible.
import type { Cancel, Clock, Scheduler, VirtualTime } from "../consensus/index.js";
import { SimError } from "./errors.js";

/** A node's clock and scheduler: every timer it set is cancelled by kill() (the node crashed). */
export class NodeTimers implements Clock, Scheduler {
  private readonly live = new Map<number, Cancel>();
  private nextId = 0;
  private dead = false;

  constructor(private readonly time: VirtualTime) {}

  now(): number {
    return this.time.now();
  }

  after(delayMs: number, task: () => void): Cancel {
    if (this.dead) return () => {};
    const id = this.nextId++;
    const cancel = this.time.after(delayMs, () => {
      this.live.delete(id);
      task();
    });
    this.live.set(id, cancel);
    return () => {
      const c = this.live.get(id);
      if (c !== undefined) {
        this.live.delete(id);
        c();
      }
    };
  }

  /** Timers set and not yet run or cancelled. */
  get pending(): number {
    return this.live.size;
  }

  get killed(): boolean {
    return this.dead;
  }

  kill(): void {
    this.dead = true;
    for (const cancel of this.live.values()) cancel();
    this.live.clear();
  }
}

/** Microtask hops with nothing pending after which a drain ends (see drain()). */
const QUIET_HOPS = 16;

/** Counts a run's in-flight promises; failures are collected, never swallowed. */
export class AsyncTracker {
  private pendingCount = 0;
  readonly failures: { node: number; error: unknown }[] = [];

  get pending(): number {
    return this.pendingCount;
  }

  /** Runs `then` when `promise` settles (at the same virtual instant, see the header). */
  track<T>(
    node: number,
    promise: Promise<T>,
    then: (value: T) => void,
    onError?: (error: unknown) => void,
  ): void {
    this.pendingCount++;
    promise.then(
      (value) => {
        this.pendingCount--;
        try {
          then(value);
        } catch (error) {
          this.failures.push({ node, error });
        }
      },
      (error: unknown) => {
        this.pendingCount--;
        if (onError) {
          try {
            onError(error);
          } catch (inner) {
            this.failures.push({ node, error: inner });
          }
        } else this.failures.push({ node, error });
      },
    );
  }

  /**
   * Waits (microtask hops only) until no tracked promise is pending and QUIET_HOPS more hops found none:
   * a promise handed to an engine (TSDC awaits its host's validation) settles through the tracker first,
   * and the engine's own continuation runs a few hops later, when it may start new tracked work.
   */
  async drain(): Promise<void> {
    let hops = 0;
    let quiet = 0;
    while (quiet < QUIET_HOPS) {
      await Promise.resolve();
      quiet = this.pendingCount > 0 ? 0 : quiet + 1;
      if (++hops > 10_000_000) {
        throw new SimError("SIM_ASYNC_STUCK", `${this.pendingCount} node operations never settled`);
      }
    }
  }
}

/**
 * Runs tasks in virtual-time order until `endMs` or until `stop()` says so, draining tracked promises
 * after every task. Leaves the clock at the last task run (or at endMs when the queue ran dry before it).
 */
export async function driveVirtualTime(
  time: VirtualTime,
  tracker: AsyncTracker,
  endMs: number,
  stop: () => boolean,
): Promise<void> {
  for (;;) {
    if (tracker.pending > 0) await tracker.drain();
    if (stop()) return;
    const due = time.nextDueAt();
    if (due === null || due > endMs) break;
    time.step();
  }
  if (time.now() < endMs && Number.isFinite(endMs)) time.runUntil(endMs);
}
