import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRenderLimiter } from "./render-limiter.js";

describe("createRenderLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("flushes the first request at once and a burst at most once per interval, the last one included", () => {
    const flush = vi.fn();
    const limiter = createRenderLimiter(flush, 250);
    limiter.request();
    expect(flush).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) limiter.request();
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(249);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(2);
    // 1000 requests over one second: at most 4 flushes (plus the trailing one).
    for (let t = 0; t < 1000; t++) {
      limiter.request();
      vi.advanceTimersByTime(1);
    }
    expect(flush.mock.calls.length).toBeLessThanOrEqual(2 + 5);
    expect(flush.mock.calls.length).toBeGreaterThanOrEqual(2 + 3);
  });

  it("drops a pending flush when cancelled", () => {
    const flush = vi.fn();
    const limiter = createRenderLimiter(flush, 250);
    limiter.request();
    limiter.request();
    limiter.cancel();
    vi.advanceTimersByTime(1000);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
