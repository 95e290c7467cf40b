import { describe, expect, it } from "vitest";
import { transactionsCsv } from "./csv.js";
import {
  direction,
  matchesFilter,
  matchesSearch,
  statusText,
  type TxRowData,
  withPushedStatus,
} from "./tx.js";
import { virtualWindow } from "./virtual.js";

function row(over: Partial<TxRowData> = {}): TxRowData {
  return {
    txid: "ab".repeat(32),
    amount: "12.50000000",
    received: "12.50000000",
    sent: "0.00000000",
    fee: null,
    category: "receive",
    status: "final",
    status_text: "in block 7",
    confidence: 20,
    beta: 20,
    reason: null,
    final_ms: 300,
    blockheight: 7,
    blockhash: null,
    confirmations: 3,
    time: 1_700_000_000_000,
    label: "",
    ...over,
  } as TxRowData;
}

describe("tx helpers", () => {
  it("tells directions apart", () => {
    expect(direction(row())).toBe("received");
    expect(direction(row({ category: "send", amount: "-1.00000000" }))).toBe("sent");
    expect(direction(row({ category: "send", amount: "0.00000000" }))).toBe("self");
    expect(direction(row({ category: "generate" }))).toBe("masternode");
  });
  it("filters and searches", () => {
    expect(matchesFilter(row({ status: "rejected" }), "rejected")).toBe(true);
    expect(matchesFilter(row(), "sent")).toBe(false);
    expect(matchesFilter(row({ category: "generate" }), "masternode")).toBe(true);
    expect(matchesSearch(row({ label: "Rent March" }), "rent")).toBe(true);
    expect(matchesSearch(row(), "abab")).toBe(true);
    expect(matchesSearch(row(), "12.5")).toBe(true);
    expect(matchesSearch(row(), "#7")).toBe(true);
    expect(matchesSearch(row(), "99")).toBe(false);
    expect(matchesSearch(row(), "  ")).toBe(true);
  });
});

describe("transactionsCsv", () => {
  it("writes a header and one quoted, formula-safe row per transaction", () => {
    const csv = transactionsCsv(
      [
        row({ label: 'say "hi", ok' }),
        row({ label: "=HYPERLINK(1)", category: "send", amount: "-1.00000000", fee: "0.00002070" }),
      ],
      () => "2023-11-14 22:13",
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("date,txid,type,amount_time,fee_time,status,block_height,label");
    expect(lines[1]).toBe(
      `2023-11-14 22:13,${"ab".repeat(32)},received,12.50000000,,in block 7,7,"say ""hi"", ok"`,
    );
    expect(lines[2]?.endsWith(",-1.00000000,0.00002070,in block 7,7,'=HYPERLINK(1)")).toBe(true);
    expect(lines[3]).toBe("");
  });
});

describe("virtualWindow", () => {
  it("renders only the visible rows and some overscan", () => {
    const w = virtualWindow(10_000, 50, 5_000, 500);
    expect(w.start).toBe(94);
    expect(w.end).toBe(117);
    expect(w.offsetTop).toBe(94 * 50);
    expect(w.totalHeight).toBe(500_000);
    expect(virtualWindow(0, 50, 0, 500)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    expect(virtualWindow(3, 50, 0, 500).end).toBe(3);
  });
});

describe("statusText", () => {
  it("words pushed statuses as the node's history does", () => {
    const base = { confidence: 3, beta: 20, reason: null, finalMs: null, blockHeight: null };
    expect(statusText({ ...base, state: "voting" })).toBe("voting 3/20");
    expect(statusText({ ...base, state: "final", finalMs: 640 })).toBe("final in 640 ms");
    expect(statusText({ ...base, state: "final", blockHeight: 9 })).toBe("in block 9");
    expect(statusText({ ...base, state: "rejected", reason: "double spend" })).toBe("rejected: double spend");
    expect(statusText({ ...base, state: "pending" })).toBe("pending");
  });
});

describe("live status patches", () => {
  it("patches the one row a pushed status names, and leaves a list without it as it is", () => {
    const voting = row({
      txid: "01".repeat(32),
      status: "voting",
      status_text: "voting 3/20",
      blockheight: null,
    });
    const other = row({ txid: "02".repeat(32) });
    const list = [voting, other];
    const patched = withPushedStatus(list, voting.txid, {
      state: "final",
      confidence: 20,
      beta: 20,
      reason: null,
      finalMs: 412,
      blockHeight: null,
    });
    expect(patched[0]).toMatchObject({ status: "final", status_text: "final in 412 ms", final_ms: 412 });
    expect(patched[1]).toBe(other);
    expect(
      withPushedStatus(list, "03".repeat(32), {
        state: "final",
        confidence: 20,
        beta: 20,
        reason: null,
        finalMs: 1,
        blockHeight: 3,
      }),
    ).toBe(list);
  });
});
