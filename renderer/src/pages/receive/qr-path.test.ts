import { encode } from "uqr";
import { describe, expect, it } from "vitest";
import { qrPath } from "./qr-path.js";

describe("qrPath", () => {
  it("draws runs of dark modules, offset by the margin", () => {
    expect(qrPath([[true, true, false, true]], 2)).toBe("M2 2h2v1h-2zM5 2h1v1h-1z");
    expect(qrPath([[false]], 0)).toBe("");
  });
  it("covers every dark module of a real code", () => {
    const { data } = encode("TIME3Abcd9XyZqRsTuVwXyZ12345Wxyz");
    const dark = data.flat().filter(Boolean).length;
    const drawn = [...qrPath(data, 0).matchAll(/h(\d+)v/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(drawn).toBe(dark);
  });
});
