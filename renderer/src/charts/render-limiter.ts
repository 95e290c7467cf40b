// Charts fed by pushed events must not re-render on every event (a burst of finality events would
// re-draw hundreds of times a second): a limiter runs its flush at most once per interval, trailing, so
// the last update of a burst is always drawn.

export interface RenderLimiter {
  /** Asks for a flush; runs it now if the interval has passed, else once when it has. */
  request(): void;
  /** Drops a pending flush (on unmount). */
  cancel(): void;
}

export interface LimiterClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: LimiterClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Four flushes a second at most (the UI principle "charts update at most 4 times a second"). */
export const CHART_INTERVAL_MS = 250;

export function createRenderLimiter(
  flush: () => void,
  intervalMs: number = CHART_INTERVAL_MS,
  clock: LimiterClock = realClock,
): RenderLimiter {
  let last = Number.NEGATIVE_INFINITY;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    last = clock.now();
    flush();
  };
  return {
    request() {
      if (pending !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) run();
      else pending = clock.setTimeout(run, wait);
    },
    cancel() {
      if (pending !== null) clock.clearTimeout(pending);
      pending = null;
    },
  };
}
