import { describe, expect, it } from "vitest";
import { nodeSentence } from "./node-sentence.js";

describe("nodeSentence", () => {
  it("makes the node's message a sentence and keeps the code apart", () => {
    expect(
      nodeSentence({ code: "API_NODE_NOT_CONNECTED", message: "node not found in connected nodes" }),
    ).toEqual({ sentence: "Node not found in connected nodes.", code: "API_NODE_NOT_CONNECTED" });
  });
  it("explains a transport failure and an empty message in the catalog's words", () => {
    expect(nodeSentence({ code: "API_TRANSPORT_ERROR", message: "x" }).sentence).toMatch(/did not answer/);
    expect(nodeSentence({ code: "API_MISC_ERROR", message: "  " }).sentence).toBe("Something went wrong.");
  });
  it("does not add a second full stop", () => {
    expect(nodeSentence({ code: "API_MISC_ERROR", message: "done." }).sentence).toBe("Done.");
  });
});
