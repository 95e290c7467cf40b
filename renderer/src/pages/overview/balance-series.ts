// The balance over time for the overview chart: the running sum of the history's net amounts (oldest
// first, rejected ones left out), in satoshis, one point per transaction with a known time.
import { toSats } from "../../ui/amount.js";

export interface BalancePoint {
  readonly time: number;
  readonly sats: bigint;
}

export function balanceSeries(
  history: readonly { readonly amount: string; readonly status: string; readonly time: number | null }[],
): BalancePoint[] {
  const points: BalancePoint[] = [];
  let running = 0n;
  const ordered = history
    .filter((tx) => tx.status !== "rejected")
    .slice()
    .reverse();
  let lastTime = ordered.find((tx) => tx.time !== null)?.time ?? 0;
  for (const tx of ordered) {
    running += toSats(tx.amount);
    // Transactions found in blocks may have no first-seen time: they sit at the previous point's time.
    lastTime = tx.time ?? lastTime;
    points.push({ time: lastTime, sats: running });
  }
  return points;
}

/** An SVG polyline path for the points in a `width` x `height` box (y grows downwards). */
export function seriesPath(points: readonly BalancePoint[], width: number, height: number): string {
  if (points.length === 0) return "";
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return "";
  const t0 = first.time;
  const span = Math.max(1, last.time - t0);
  let max = 0n;
  for (const p of points) if (p.sats > max) max = p.sats;
  const scale = max === 0n ? 0 : height / Number(max);
  const xy = points.map((p, i) => {
    const x = points.length === 1 ? width : ((p.time - t0) / span) * width;
    const xFallback = (i / Math.max(1, points.length - 1)) * width;
    const useX = last.time === t0 ? xFallback : x;
    const y = height - Number(p.sats > 0n ? p.sats : 0n) * scale;
    return `${useX.toFixed(1)} ${y.toFixed(1)}`;
  });
  return `M0 ${height}L${xy.join("L")}`;
}
