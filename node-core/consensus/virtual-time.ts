// Virtual time for tests and the simulator: one object that is both the Clock and the Scheduler of every
// simulated node. Tasks wait in a binary heap ordered by (due time, scheduling sequence), so tasks due at the
// same instant run in the order they were scheduled and every run reproduces exactly. Time only moves when
// the owner calls runUntil/runUntilIdle/step; nothing here touches real timers.
import { NodeCoreError } from "../util/index.js";
import type { Cancel, Clock, Scheduler } from "./runtime.js";

export type VirtualTimeErrorCode =
  | "VIRTUAL_TIME_BAD_DELAY"
  | "VIRTUAL_TIME_BACKWARDS"
  | "VIRTUAL_TIME_RUNAWAY";

export interface VirtualTimeErrorPayload {
  /** Virtual time when the call was refused. */
  readonly now: number;
  /** The offending delay, target time or task count. */
  readonly value?: number;
}

export class VirtualTimeError extends NodeCoreError<
  VirtualTimeErrorCode,
  Record<VirtualTimeErrorCode, VirtualTimeErrorPayload>
> {
  override readonly name = "VirtualTimeError";

  constructor(code: VirtualTimeErrorCode, message: string, payload: VirtualTimeErrorPayload) {
    super(code, `${code}: ${message}`, payload);
  }
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  task: (() => void) | null;
}

/** Default cap on tasks per runUntilIdle call: a periodic timer that never stops is a bug, not a long run. */
export const DEFAULT_MAX_TASKS = 50_000_000;

export class VirtualTime implements Clock, Scheduler {
  private time: number;
  private seq = 0;
  private live = 0;
  private executed = 0;
  private readonly heap: Entry[] = [];

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) {
      throw new VirtualTimeError("VIRTUAL_TIME_BAD_DELAY", "start time must be finite", {
        now: 0,
        value: startMs,
      });
    }
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  /** Negative delays run at the current instant (like setTimeout); non-finite delays are refused. */
  after(delayMs: number, task: () => void): Cancel {
    if (Number.isNaN(delayMs) || !Number.isFinite(delayMs)) {
      throw new VirtualTimeError("VIRTUAL_TIME_BAD_DELAY", "delay must be a finite number", {
        now: this.time,
        value: delayMs,
      });
    }
    const entry: Entry = { at: this.time + Math.max(0, delayMs), seq: this.seq++, task };
    this.push(entry);
    this.live++;
    return () => {
      if (entry.task !== null) {
        entry.task = null;
        this.live--;
        // Cancelled entries normally leave the heap when they reach the top; compact when they pile up
        // (many long timeouts cancelled early) so memory follows live tasks.
        if (this.heap.length > 1024 && this.heap.length > 4 * this.live) this.compact();
      }
    };
  }

  /** Scheduled tasks not yet run or cancelled. */
  pendingTasks(): number {
    return this.live;
  }

  /** Tasks run since construction. */
  executedTasks(): number {
    return this.executed;
  }

  /** Due time of the next live task, or null when idle. */
  nextDueAt(): number | null {
    this.dropCancelledTop();
    const top = this.heap[0];
    return top === undefined ? null : top.at;
  }

  /** Runs the next live task (advancing time to its due time); false when idle. */
  step(): boolean {
    this.dropCancelledTop();
    const entry = this.pop();
    if (entry === undefined) return false;
    const task = entry.task!;
    entry.task = null;
    this.live--;
    this.time = entry.at;
    this.executed++;
    task();
    return true;
  }

  /** Runs every task due at or before `t` in order, then leaves the clock at `t`. */
  runUntil(t: number): void {
    if (!Number.isFinite(t) || t < this.time) {
      throw new VirtualTimeError("VIRTUAL_TIME_BACKWARDS", "runUntil needs a finite time not in the past", {
        now: this.time,
        value: t,
      });
    }
    for (;;) {
      const due = this.nextDueAt();
      if (due === null || due > t) break;
      this.step();
    }
    this.time = t;
  }

  /** Advances by `ms`, running everything due on the way. */
  advance(ms: number): void {
    this.runUntil(this.time + ms);
  }

  /** Runs until no task is left; returns the number of tasks run. Throws after `maxTasks` (runaway timer). */
  runUntilIdle(maxTasks = DEFAULT_MAX_TASKS): number {
    let ran = 0;
    while (this.step()) {
      ran++;
      if (ran >= maxTasks && this.live > 0) {
        throw new VirtualTimeError("VIRTUAL_TIME_RUNAWAY", `still busy after ${maxTasks} tasks`, {
          now: this.time,
          value: maxTasks,
        });
      }
    }
    return ran;
  }

  private compact(): void {
    const liveEntries = this.heap.filter((e) => e.task !== null);
    this.heap.length = 0;
    for (const e of liveEntries) this.push(e);
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.task === null) this.pop();
  }

  private static before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!VirtualTime.before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && VirtualTime.before(heap[right]!, heap[left]!) ? right : left;
      if (!VirtualTime.before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
