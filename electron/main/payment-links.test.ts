// Payment links from the OS: found among launch arguments whatever their case, refused when not ours or
// absurdly long, and handed to the Send page as one escaped query value.
import { describe, expect, it } from "vitest";
import { isPaymentLink, paymentLinkIn, sendPageUrl } from "./payment-links.js";

describe("payment links", () => {
  it("finds the link among the arguments the OS passed", () => {
    expect(paymentLinkIn(["/opt/app/timecoin-desktop", "--no-sandbox", "TimeCoin:TIME0abc?amount=2"])).toBe(
      "TimeCoin:TIME0abc?amount=2",
    );
    expect(paymentLinkIn(["/opt/app/timecoin-desktop", "--network", "testnet"])).toBeNull();
  });

  it("refuses what is not a payment link", () => {
    for (const value of ["https://example.com/", "timecoi:x", "", 7, null, `timecoin:${"a".repeat(5000)}`])
      expect(isPaymentLink(value)).toBe(false);
  });

  it("puts the whole link in the Send page's uri query", () => {
    const url = sendPageUrl("app://ui/index.html", "timecoin:TIME0abc?amount=2&message=a%20b#x");
    expect(url).toBe(
      "app://ui/index.html#/send?uri=timecoin%3ATIME0abc%3Famount%3D2%26message%3Da%2520b%23x",
    );
    expect(new URLSearchParams(url.split("#/send?")[1]).get("uri")).toBe(
      "timecoin:TIME0abc?amount=2&message=a%20b#x",
    );
  });
});
