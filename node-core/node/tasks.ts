// The node's asynchronous work, counted. Every promise a handler starts (mempool admission, block import,
// block reads for a peer, a validation TSDC waits on) goes through a TaskRunner, which runs its
// continuation when it settles, routes failures to one place, and lets close() wait for what is in flight.
// The simulator supplies its own runner, which ties each promise to the virtual instant it started at.

import type { Logger } from "../util/index.js";

export interface TaskRunner {
  /** Runs `then` when `promise` settles; a rejection goes to `onError`, or is logged when there is none. */
  track<T>(promise: Promise<T>, then: (value: T) => void, onError?: (error: unknown) => void): void;
  /** The same promise, counted as in-flight work until it settles (for promises handed to an engine). */
  wrap<T>(promise: Promise<T>): Promise<T>;
}

/** The production runner: counts in-flight work for idle() and logs what nobody handled. */
export class LiveTaskRunner implements TaskRunner {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly logger: Logger) {}

  get pending(): number {
    return this.inFlight;
  }

  track<T>(promise: Promise<T>, then: (value: T) => void, onError?: (error: unknown) => void): void {
    this.inFlight++;
    promise.then(
      (value) => {
        this.settled();
        this.guard(() => then(value));
      },
      (error: unknown) => {
        this.settled();
        if (onError) this.guard(() => onError(error));
        else this.logger.error({ err: error }, "a node task failed");
      },
    );
  }

  wrap<T>(promise: Promise<T>): Promise<T> {
    this.inFlight++;
    return promise.finally(() => this.settled());
  }

  /** Resolves once nothing is in flight (work started meanwhile is waited for too). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settled(): void {
    this.inFlight--;
    if (this.inFlight === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error({ err: error }, "a node task's continuation threw");
    }
  }
}
