import { describe, expect, it } from "vitest";
import { coinControlInputs } from "./coin-control.js";

const TXID = "ab".repeat(32);

describe("coinControlInputs", () => {
  it("turns the Coins page's txid:vout list into previewsend's inputs", () => {
    expect(coinControlInputs([`${TXID}:0`, `${TXID.toUpperCase()}:7`])).toEqual([
      { txid: TXID, vout: 0 },
      { txid: TXID, vout: 7 },
    ]);
    expect(coinControlInputs([])).toEqual([]);
  });

  it("refuses a malformed or out-of-range coin as a whole", () => {
    expect(coinControlInputs([`${TXID}:0`, "nope"])).toBeNull();
    expect(coinControlInputs([`${TXID.slice(2)}:0`])).toBeNull();
    expect(coinControlInputs([`${TXID}:4294967296`])).toBeNull();
    expect(coinControlInputs([`${TXID}:-1`])).toBeNull();
  });
});
