// Bytes per second in and out from getnetworkinfo's per-protocol counters (cumulative since the node
// started). "dropped:" entries count frames that were never sent, so they are left out; a counter that
// goes backwards means the node restarted, and that interval has no rate.

export interface TrafficTotals {
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** ms since the epoch. */
  readonly at: number;
}

export interface TrafficRate {
  readonly inPerSecond: number;
  readonly outPerSecond: number;
}

type Counters = Readonly<Record<string, { readonly bytesIn?: number; readonly bytesOut?: number }>>;

export function trafficTotals(traffic: Counters, at: number): TrafficTotals {
  let bytesIn = 0;
  let bytesOut = 0;
  for (const [protocol, counters] of Object.entries(traffic)) {
    if (protocol.startsWith("dropped:")) continue;
    bytesIn += finiteOrZero(counters.bytesIn);
    bytesOut += finiteOrZero(counters.bytesOut);
  }
  return { bytesIn, bytesOut, at };
}

export function trafficRate(previous: TrafficTotals, next: TrafficTotals): TrafficRate | null {
  const seconds = (next.at - previous.at) / 1000;
  if (seconds <= 0) return null;
  const dIn = next.bytesIn - previous.bytesIn;
  const dOut = next.bytesOut - previous.bytesOut;
  if (dIn < 0 || dOut < 0) return null;
  return { inPerSecond: dIn / seconds, outPerSecond: dOut / seconds };
}

function finiteOrZero(value: number | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The rate over the last `window` intervals of a reading history (oldest first): the node's counters move
 * in bursts, so a one-second rate would zig-zag between zero and a peak.
 */
export function windowedRate(history: readonly TrafficTotals[], window: number): TrafficRate | null {
  const last = history[history.length - 1];
  const first = history[Math.max(0, history.length - 1 - Math.max(1, window))];
  if (last === undefined || first === undefined || first === last) return null;
  return trafficRate(first, last);
}
