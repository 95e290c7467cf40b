import { describe, expect, it } from "vitest";
import { chooseCurrent } from "./current-wallet.js";

describe("chooseCurrent", () => {
  it("reopens the remembered wallet when the node still has it loaded", () => {
    expect(chooseCurrent(["a", "b"], "b")).toBe("b");
    expect(chooseCurrent(["a", "b"], "gone")).toBe("a");
    expect(chooseCurrent([], "b")).toBeNull();
    expect(chooseCurrent(["a"], null)).toBe("a");
  });
});
