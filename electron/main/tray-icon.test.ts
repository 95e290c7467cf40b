// The drawn tray icon: the right byte length, opaque in the centre, transparent in the corners.
import { describe, expect, it } from "vitest";
import { trayIconBitmap } from "./tray-icon.js";

describe("trayIconBitmap", () => {
  it("draws a disc", () => {
    const size = 16;
    const bitmap = trayIconBitmap(size);
    expect(bitmap.length).toBe(size * size * 4);
    const alpha = (x: number, y: number) => bitmap[(y * size + x) * 4 + 3];
    expect(alpha(8, 8)).toBe(255);
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(15, 15)).toBe(0);
  });
});
