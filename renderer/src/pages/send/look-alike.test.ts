import { describe, expect, it } from "vitest";
import { findLookAlike } from "./look-alike.js";

const known = "TIME3Abcd9XyZqRsTuVwXyZ12345Wxyz";

describe("findLookAlike", () => {
  it("warns for an address with the same first and last 4 characters but a different middle", () => {
    expect(findLookAlike("TIME3Abcd0000000000000000000Wxyz", [known])).toBe(known);
  });
  it("stays quiet for the same address, different ends, or short input", () => {
    expect(findLookAlike(known, [known])).toBeNull();
    expect(findLookAlike(` ${known} `, [known])).toBeNull();
    expect(findLookAlike("TIME3Abcd0000000000000000000Wxyq", [known])).toBeNull();
    expect(findLookAlike("TIME3Xbcd0000000000000000000Wxyz", [known])).toBeNull();
    expect(findLookAlike("TIME3Ab", [known])).toBeNull();
    expect(findLookAlike("TIME3Abcd0000000000000000000Wxyz", [])).toBeNull();
  });
});
