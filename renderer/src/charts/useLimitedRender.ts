// A hook over the render limiter: components keep fast-changing chart data in refs and call the returned
// function on every update; the component re-renders at most four times a second.
import { useEffect, useMemo, useState } from "react";
import { CHART_INTERVAL_MS, createRenderLimiter } from "./render-limiter.js";

export function useLimitedRender(intervalMs: number = CHART_INTERVAL_MS): () => void {
  const [, setTick] = useState(0);
  const limiter = useMemo(() => createRenderLimiter(() => setTick((n) => n + 1), intervalMs), [intervalMs]);
  useEffect(() => () => limiter.cancel(), [limiter]);
  return limiter.request;
}
