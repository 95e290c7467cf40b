// A small SVG line chart: one or more series over evenly spaced samples, optional horizontal reference
// lines (p50/p99), a grid with round labels and a legend. No chart library; the caller limits how often
// it re-renders (useLimitedRender). The picture is described for screen readers by `summary`.
import { gridIntervals, gridValues, linearScale, linePath, niceCeiling } from "./scale.js";
import "./charts.css";

export type ChartTone = "primary" | "secondary" | "tertiary";

export interface ChartSeries {
  readonly label: string;
  /** Oldest first; null leaves a gap-free skip (the line joins its neighbours). */
  readonly values: readonly (number | null)[];
  readonly tone: ChartTone;
}

export interface ChartReference {
  readonly label: string;
  readonly value: number;
  readonly tone: ChartTone;
}

export interface LineChartProps {
  /** What the chart shows, as a sentence with its current figures (the accessible description). */
  readonly summary: string;
  readonly series: readonly ChartSeries[];
  readonly references?: readonly ChartReference[];
  /** Formats a value of the y axis for its grid labels. */
  readonly formatValue: (value: number) => string;
  /** Shown instead of the lines while there are fewer than two samples. */
  readonly emptyText: string;
  /** How many samples the x axis holds (the newest at the right edge). */
  readonly capacity: number;
}

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 64, right: 12, top: 10, bottom: 10 };

export function LineChart({
  summary,
  series,
  references = [],
  formatValue,
  emptyText,
  capacity,
}: LineChartProps) {
  const all = [
    ...series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))),
    ...references.map((r) => r.value).filter(Number.isFinite),
  ];
  const max = niceCeiling(Math.max(0, ...all));
  const x = linearScale(0, Math.max(1, capacity - 1), PAD.left, WIDTH - PAD.right);
  const y = linearScale(0, max, HEIGHT - PAD.bottom, PAD.top);
  const enough = series.some((s) => s.values.filter((v) => v !== null).length >= 2);
  return (
    <figure className="line-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="line-chart__svg">
        {enough &&
          gridValues(max, gridIntervals(max)).map((value) => (
            <g key={value} className="line-chart__grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(value)} y2={y(value)} />
              <text x={PAD.left - 8} y={y(value)} dy="0.32em" textAnchor="end">
                {formatValue(value)}
              </text>
            </g>
          ))}
        {references.map((ref) => (
          <g key={ref.label} className={`line-chart__reference line-chart__reference--${ref.tone}`}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(ref.value)} y2={y(ref.value)} />
          </g>
        ))}
        {enough &&
          series.map((s) => {
            const offset = capacity - s.values.length;
            const points = s.values.flatMap((value, i) =>
              value === null ? [] : [{ x: x(offset + i), y: y(value) }],
            );
            return (
              <path
                key={s.label}
                d={linePath(points)}
                className={`line-chart__line line-chart__line--${s.tone}`}
              />
            );
          })}
        {!enough && (
          <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle" className="line-chart__empty">
            {emptyText}
          </text>
        )}
      </svg>
      <figcaption className="line-chart__legend" aria-hidden="true">
        {series.map((s) => (
          <span key={s.label} className={`line-chart__key line-chart__key--${s.tone}`}>
            {s.label}
          </span>
        ))}
        {references.map((ref) => (
          <span
            key={ref.label}
            className={`line-chart__key line-chart__key--dashed line-chart__key--${ref.tone}`}
          >
            {ref.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
