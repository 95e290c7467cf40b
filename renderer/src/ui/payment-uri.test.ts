// Payment request URIs: what the Receive page writes the Send page reads back; BIP 21's forms (case of the
// scheme, `//`, `+` and percent escapes, unknown and required parameters); bad amounts and encodings refused.
import { describe, expect, it } from "vitest";
import { formatPaymentUri, isPaymentUri, parsePaymentUri } from "./payment-uri.js";

const ADDRESS = "TIME0qv7w5v3k9x2m4n6p8r0t2y4u6i8o0a2s4d6f";

describe("payment request URIs", () => {
  it("round-trips what the Receive page writes", () => {
    const uri = formatPaymentUri({
      address: ADDRESS,
      amount: "12.5",
      label: "Café & co",
      message: "Invoice 7/12",
    });
    expect(uri).toBe(`timecoin:${ADDRESS}?amount=12.5&label=Caf%C3%A9%20%26%20co&message=Invoice%207%2F12`);
    expect(parsePaymentUri(uri)).toEqual({
      ok: true,
      request: { address: ADDRESS, amount: "12.5", label: "Café & co", message: "Invoice 7/12" },
    });
    expect(formatPaymentUri({ address: ADDRESS })).toBe(`timecoin:${ADDRESS}`);
  });

  it("reads the forms other wallets write", () => {
    expect(isPaymentUri(`  TIMECOIN:${ADDRESS}`)).toBe(true);
    expect(isPaymentUri(ADDRESS)).toBe(false);
    expect(parsePaymentUri(`TimeCoin://${ADDRESS}?AMOUNT=0.00000001&message=thanks+a+lot&x-note=1`)).toEqual({
      ok: true,
      request: { address: ADDRESS, amount: "0.00000001", message: "thanks a lot" },
    });
    expect(parsePaymentUri(`timecoin:${ADDRESS}?amount=3.000`)).toMatchObject({ request: { amount: "3" } });
  });

  it("refuses what it cannot honour", () => {
    expect(parsePaymentUri("timecoin:")).toEqual({ ok: false, problem: "address" });
    expect(parsePaymentUri("timecoin:not an address")).toEqual({ ok: false, problem: "address" });
    for (const amount of ["-1", "1,000", "1e3", "0", "0.000000001", "", "abc"]) {
      expect(parsePaymentUri(`timecoin:${ADDRESS}?amount=${amount}`)).toEqual({
        ok: false,
        problem: "amount",
        param: "amount",
      });
    }
    expect(parsePaymentUri(`timecoin:${ADDRESS}?label=%E0%A4%A`)).toEqual({ ok: false, problem: "encoding" });
    expect(parsePaymentUri(`timecoin:${ADDRESS}?req-expires=1700000000`)).toEqual({
      ok: false,
      problem: "required",
      param: "req-expires",
    });
    expect(parsePaymentUri(`timecoin:${ADDRESS}?label=${"x".repeat(5000)}`)).toEqual({
      ok: false,
      problem: "length",
    });
  });
});
