// Runs a callback at most once per interval however often it is asked for (trailing, so the last request
// of a burst is honoured): refreshing a list on every wallet event of a burst would flood the node.
import { useEffect, useMemo, useRef } from "react";
import { CHART_INTERVAL_MS, createRenderLimiter } from "./render-limiter.js";

export function useLimitedCallback(callback: () => void, intervalMs: number = CHART_INTERVAL_MS): () => void {
  const latest = useRef(callback);
  latest.current = callback;
  const limiter = useMemo(() => createRenderLimiter(() => latest.current(), intervalMs), [intervalMs]);
  useEffect(() => () => limiter.cancel(), [limiter]);
  return limiter.request;
}
