// A word-sized trend line (no axes) for cards and table cells; described for screen readers by `label`.
import { linearScale, linePath, niceCeiling } from "./scale.js";
import "./charts.css";

export interface SparklineProps {
  readonly label: string;
  readonly values: readonly number[];
  readonly width?: number;
  readonly height?: number;
}

export function Sparkline({ label, values, width = 96, height = 24 }: SparklineProps) {
  const finite = values.filter(Number.isFinite);
  const x = linearScale(0, Math.max(1, finite.length - 1), 1, width - 1);
  const y = linearScale(0, niceCeiling(Math.max(0, ...finite)), height - 1, 1);
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
    >
      {finite.length >= 2 && <path d={linePath(finite.map((v, i) => ({ x: x(i), y: y(v) })))} />}
    </svg>
  );
}
