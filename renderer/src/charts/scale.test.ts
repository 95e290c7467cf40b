import { describe, expect, it } from "vitest";
import { gridIntervals, gridValues, linearScale, linePath, niceCeiling } from "./scale.js";

describe("linearScale", () => {
  it("maps the domain onto the range, inverted ranges included", () => {
    const y = linearScale(0, 100, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(100)).toBe(0);
    expect(y(25)).toBe(150);
  });
  it("maps a zero-width domain to the middle of the range instead of dividing by zero", () => {
    expect(linearScale(5, 5, 0, 10)(5)).toBe(5);
    expect(linearScale(0, Number.NaN, 0, 10)(3)).toBe(5);
  });
});

describe("niceCeiling", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(1.01)).toBe(2);
    expect(niceCeiling(430)).toBe(500);
    expect(niceCeiling(501)).toBe(1000);
    expect(niceCeiling(12_000)).toBe(20_000);
  });
  it("gives 1 for empty, negative or non-finite input", () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-4)).toBe(1);
    expect(niceCeiling(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe("gridValues", () => {
  it("spaces values evenly from 0 to max", () => {
    expect(gridValues(100, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(gridValues(10, 0)).toEqual([0, 10]);
  });
});

describe("linePath", () => {
  it("draws through the points and skips non-finite ones", () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5.04, y: Number.NaN },
        { x: 10.26, y: 2 },
      ]),
    ).toBe("M0 10 L10.3 2");
    expect(linePath([])).toBe("");
  });
});

describe("gridIntervals", () => {
  it("gives round labels for each nice max", () => {
    expect(gridValues(5000, gridIntervals(5000))).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(gridValues(2, gridIntervals(2))).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(gridValues(100, gridIntervals(100))).toEqual([0, 20, 40, 60, 80, 100]);
    expect(gridIntervals(0)).toBe(4);
  });
});
