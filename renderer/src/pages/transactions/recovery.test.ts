// The drawer's pure logic for a stuck or rejected send: which rows offer the actions, the explanation in the
// catalog's words for each problem the node reports, and the Send again route (recipient, amount, coins).
import { describe, expect, it } from "vitest";
import { type Explained, offersRecovery, recoveryText, sendAgainRoute } from "./recovery.js";

const A = "aa".repeat(32);
const B = "bb".repeat(32);
const TO = "TIME0Na4Kt69iowYf3JYEACjdsYvecmhZsY3w3";

function explained(over: Partial<Explained> = {}): Explained {
  return {
    txid: A,
    status: "pending",
    abandoned: false,
    problem: "no-votes",
    stuck: true,
    can_abandon: true,
    age_ms: 95_400,
    conflict: null,
    percent: null,
    coins_gone: false,
    reason: "waiting for the first poll",
    explanation: "",
    paid: "10",
    fee: "0.001",
    recipients: [{ address: TO, amount: "10" }],
    inputs: [{ txid: B, vout: 1, amount: "100", state: "reserved", held_by: null }],
    ...over,
  };
}

describe("which rows offer Abandon and Send again", () => {
  const row = { category: "send" as const, amount: "-10.001", status: "pending" as const, blockheight: null };
  it("an outgoing send that is not final and in no block", () => {
    expect(offersRecovery(row)).toBe(true);
    expect(offersRecovery({ ...row, status: "voting" })).toBe(true);
    expect(offersRecovery({ ...row, status: "rejected" })).toBe(true);
  });
  it("not a final one, one in a block, a receipt or a payment to itself", () => {
    expect(offersRecovery({ ...row, status: "final" })).toBe(false);
    expect(offersRecovery({ ...row, blockheight: 12 })).toBe(false);
    expect(offersRecovery({ ...row, category: "receive", amount: "10" })).toBe(false);
    expect(offersRecovery({ ...row, amount: "0" })).toBe(false);
  });
});

describe("why a send is not final, in plain words", () => {
  it("stuck: the time and the reason", () => {
    expect(recoveryText(explained())).toBe(
      "Not final after 95 seconds: no masternode votes have reached it yet.",
    );
    expect(recoveryText(explained({ problem: "masternodes-unreachable", percent: 55 }))).toBe(
      "Not final after 95 seconds: only 55% of the masternode weight can be reached, too little to decide.",
    );
    expect(recoveryText(explained({ stuck: false, age_ms: 4_000, problem: "voting" }))).toBe(
      "Waiting for finality for 4 seconds: voting is under way.",
    );
  });
  it("rejected: lost to a conflict, and whether its coins are gone", () => {
    expect(
      recoveryText(
        explained({ status: "rejected", problem: "lost-to-conflict", conflict: B, coins_gone: true }),
      ),
    ).toBe(
      `Rejected: it lost to the conflicting transaction ${B}. Its coins went to the other transaction, so they are gone: sending again will use other coins.`,
    );
    expect(
      recoveryText(
        explained({
          status: "rejected",
          problem: "rejected",
          reason: "a transaction it spends from was dropped",
        }),
      ),
    ).toBe(
      "Rejected: a transaction it spends from was dropped. Its coins are still yours: abandon it to spend them again.",
    );
  });
  it("never shows a raw code", () => {
    for (const problem of [
      "no-votes",
      "voting-off",
      "no-masternodes",
      "too-few-yes",
      "outvoted",
      "voting",
    ] as const) {
      expect(recoveryText(explained({ problem, percent: 10, conflict: B }))).not.toMatch(
        /wallet\.transactions|\{/,
      );
    }
  });
});

describe("Send again", () => {
  it("prefills the recipient and amount and spends the coins that came back", () => {
    const inputs = [{ txid: B, vout: 1, amount: "100", state: "free" as const, held_by: null }];
    expect(sendAgainRoute(explained(), inputs)).toEqual({
      route: `#/send?to=${TO}&amount=10&coins=${B}:1`,
      problem: null,
    });
  });
  it("leaves the coins to the node when some are gone or none came back", () => {
    const gone = [{ txid: B, vout: 1, amount: null, state: "gone" as const, held_by: null }];
    expect(sendAgainRoute(explained({ coins_gone: true }), gone).route).toBe(`#/send?to=${TO}&amount=10`);
    const held = [{ txid: B, vout: 1, amount: "100", state: "held" as const, held_by: A }];
    expect(sendAgainRoute(explained(), held).route).toBe(`#/send?to=${TO}&amount=10`);
  });
  it("says when it cannot prefill", () => {
    expect(sendAgainRoute(explained({ recipients: [] }), [])).toEqual({
      route: null,
      problem: "noRecipient",
    });
    const two = [
      { address: TO, amount: "1" },
      { address: TO, amount: "2" },
    ];
    expect(sendAgainRoute(explained({ recipients: two }), []).problem).toBe("severalRecipients");
  });
});
