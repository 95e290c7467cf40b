import { describe, expect, it } from "vitest";
import { passwordStrength } from "./password.js";

describe("passwordStrength", () => {
  it("rates length and variety, and caps known weak patterns", () => {
    expect(passwordStrength("")).toBe(0);
    expect(passwordStrength("aaaaaaaaaaaaaaaa")).toBe(0);
    expect(passwordStrength("Password123!")).toBe(0);
    expect(passwordStrength("short")).toBe(0);
    expect(passwordStrength("Sh0rt!x")).toBe(1);
    expect(passwordStrength("correct horse battery")).toBe(3);
    expect(passwordStrength("Correct horse battery 9")).toBe(4);
    expect(passwordStrength("abcd1234efgh5678")).toBeLessThanOrEqual(2);
  });
});
