import { describe, expect, it } from "vitest";
import { parseRoute } from "./route.js";

describe("parseRoute", () => {
  const known = ["overview", "send"];
  it("reads the page and its query", () => {
    const r = parseRoute("#/send?to=TIME1abc&amount=2", known, "overview");
    expect(r.id).toBe("send");
    expect(r.query.get("to")).toBe("TIME1abc");
  });
  it("falls back for empty or unknown routes", () => {
    expect(parseRoute("", known, "overview").id).toBe("overview");
    expect(parseRoute("#/nope?x=1", known, "overview").query.get("x")).toBeNull();
    expect(parseRoute("#send", known, "overview").id).toBe("send");
  });
});
