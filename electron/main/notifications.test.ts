// Which pushed events become OS notifications, and the tray tooltip.
import { describe, expect, it } from "vitest";
import { notificationsFor, spendableOf, trayTooltip } from "./notifications.js";

const zero = { spendable: "0", pending: "0", locked: "0", immature: "0" };

describe("notificationsFor", () => {
  it("announces a payment received", () => {
    expect(
      notificationsFor("wallet:balanceChanged", {
        wallet: "main",
        previous: zero,
        balance: { ...zero, pending: "12.5" },
      }),
    ).toEqual([{ title: "Payment received", body: '12.5 TIME to wallet "main"' }]);
  });

  it("announces a masternode reward, not as a payment", () => {
    expect(
      notificationsFor("wallet:balanceChanged", {
        wallet: "mn",
        previous: { ...zero, spendable: "1" },
        balance: { ...zero, spendable: "1", immature: "0.00000003" },
      }),
    ).toEqual([{ title: "Masternode reward", body: '0.00000003 TIME to wallet "mn"' }]);
  });

  it("stays quiet for a send, a coin turning final or maturing", () => {
    const cases = [
      [
        { ...zero, spendable: "10" },
        { ...zero, pending: "4.9999" },
      ],
      [
        { ...zero, pending: "3" },
        { ...zero, spendable: "3" },
      ],
      [
        { ...zero, immature: "2" },
        { ...zero, spendable: "2" },
      ],
    ] as const;
    for (const [previous, balance] of cases)
      expect(notificationsFor("wallet:balanceChanged", { wallet: "w", previous, balance })).toEqual([]);
  });

  it("announces a transaction becoming final once", () => {
    const txid = "ab".repeat(32);
    const status = (state: string) => ({
      state,
      confidence: 1,
      beta: 20,
      reason: null,
      finalMs: 640.2,
      blockHeight: null,
    });
    expect(
      notificationsFor("wallet:transactionStatusChanged", {
        wallet: "w",
        txid,
        status: status("final"),
        previous: status("voting"),
      }),
    ).toEqual([{ title: "Transaction final", body: "abababab…abababab is final in 640 ms" }]);
    expect(
      notificationsFor("wallet:transactionStatusChanged", {
        wallet: "w",
        txid,
        status: status("final"),
        previous: status("final"),
      }),
    ).toEqual([]);
    expect(
      notificationsFor("wallet:transactionStatusChanged", {
        wallet: "w",
        txid,
        status: status("voting"),
        previous: null,
      }),
    ).toEqual([]);
  });

  it("ignores other events and malformed payloads", () => {
    expect(notificationsFor("chain:block", { hash: "x", height: 1, txids: [] })).toEqual([]);
    for (const payload of [
      null,
      3,
      {},
      { wallet: "w", previous: zero, balance: { ...zero, pending: "-1" } },
      { wallet: "w" },
    ])
      expect(notificationsFor("wallet:balanceChanged", payload)).toEqual([]);
    expect(notificationsFor("wallet:transactionStatusChanged", { txid: 1 })).toEqual([]);
  });
});

describe("tray", () => {
  it("shows the spendable balance and the network when not mainnet", () => {
    expect(trayTooltip(null, null)).toBe("TIME Coin Desktop");
    expect(trayTooltip("1.5", "mainnet")).toBe("TIME Coin Desktop\nSpendable: 1.5 TIME");
    expect(trayTooltip("0", "devnet")).toBe("TIME Coin Desktop (devnet)\nSpendable: 0 TIME");
    expect(spendableOf({ balance: { spendable: "2.25" } })).toBe("2.25");
    expect(spendableOf({ balance: { spendable: "lots" } })).toBeNull();
    expect(spendableOf(null)).toBeNull();
  });
});
