// The arithmetic of the SVG charts: a linear map from data to pixels, a "nice" upper bound for an axis
// (1, 2 or 5 times a power of ten, so grid labels read as round numbers) and the path of a line.

/** A map from [domainMin, domainMax] to [rangeMin, rangeMax]; a zero-width domain maps to the range's middle. */
export function linearScale(
  domainMin: number,
  domainMax: number,
  rangeMin: number,
  rangeMax: number,
): (value: number) => number {
  const span = domainMax - domainMin;
  if (!Number.isFinite(span) || span === 0) {
    const middle = (rangeMin + rangeMax) / 2;
    return () => middle;
  }
  return (value) => rangeMin + ((value - domainMin) / span) * (rangeMax - rangeMin);
}

/** The smallest 1, 2 or 5 × 10^n that is ≥ value (1 for values ≤ 0 or not finite). */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    const candidate = step * power;
    // The tolerance keeps 0.3 from rounding up to 0.5 through 0.30000000000000004.
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return 10 * power;
}

/** How many grid intervals make round labels for a nice max: 1 → fifths, 2 → quarters, 5 → fifths. */
export function gridIntervals(niceMax: number): number {
  if (!Number.isFinite(niceMax) || niceMax <= 0) return 4;
  const leading = Math.round(niceMax / 10 ** Math.floor(Math.log10(niceMax)));
  return leading === 2 ? 4 : 5;
}

/** Evenly spaced grid values from 0 to max inclusive (`count` intervals). */
export function gridValues(max: number, count: number): number[] {
  const steps = Math.max(1, Math.floor(count));
  return Array.from({ length: steps + 1 }, (_, i) => (max * i) / steps);
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An SVG path ("M x y L x y …") through the points, rounded to 0.1 px; empty for no points. */
export function linePath(points: readonly Point[]): string {
  return points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .map((p, i) => `${i === 0 ? "M" : "L"}${round1(p.x)} ${round1(p.y)}`)
    .join(" ");
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
