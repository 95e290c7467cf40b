// Abandoning a stuck or rejected send on real chains (TestChain blocks on the in-memory backend, the file
// checkpoint store in a temp dir): its coins come back, its change and its descendants go, final and in-block
// transactions are refused, the network finalizing it anyway counts it again, and the abandoned state
// survives a restart (the pool's copy handed back to a new tracker takes no coins). The plain-words
// explanation of stuck, rejected and abandoned sends comes from the same tracker state.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FinalityStatus } from "../../consensus/snowball/index.js";
import { hasErrorCode, silentLogger } from "../../util/index.js";
import { HdAccount } from "../accounts/index.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
import { FileScanCheckpointStore } from "./checkpoint-file.js";
import { explainSend, STUCK_AFTER_MS } from "./recovery.js";
import { TEST_MNEMONIC, TIME, txidHex, WalletChain } from "./test-support.js";
import { WalletTracker } from "./tracker.js";

let f: WalletChain;
let dir: string;
beforeEach(async () => {
  f = await WalletChain.open("memory", "wallet-abandon");
  dir = await mkdtemp(join(tmpdir(), "time-wallet-abandon-"));
});
afterEach(async () => {
  await f.close();
  await rm(dir, { recursive: true, force: true });
});

const time = { now: 1_000 };
const EXTERNAL = new Uint8Array(20).fill(9);

function newTracker(): WalletTracker {
  const account = HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
  return new WalletTracker(
    {},
    { account, view: f.backend, clock: { now: () => time.now }, logger: silentLogger },
  );
}

function status(state: FinalityStatus["state"], reason: string | null): FinalityStatus {
  return {
    state,
    confidence: 0,
    beta: 20,
    polls: 0,
    successfulPolls: 0,
    addedAt: 1_000,
    decidedAt: state === "final" ? 1_500 : null,
    reason,
  };
}

/** A tracker with one 100 TIME coin in a block, and a pending spend of it (30 out, change back). */
async function withPendingSpend(tracker = newTracker()) {
  await tracker.rescan({ birthday: 0n, store: null });
  const account = tracker.account;
  await tracker.onBlock(await f.mine([f.payTo([account.address("receive", 0).payload], 100n * TIME)]));
  const [coin] = tracker.coins();
  if (coin === undefined) throw new Error("no coin");
  const spend = f.spend(
    account,
    [coin],
    [{ amount: 30n * TIME, address: EXTERNAL }],
    account.address("change", 0).payload,
  );
  await tracker.trackSubmitted(spend);
  return { tracker, account, coin, spend, txid: txidHex(spend) };
}

function explain(tracker: WalletTracker, txid: string) {
  const details = tracker.sendDetails(txid);
  if (details === null) throw new Error("unknown transaction");
  return explainSend(details, time.now);
}

describe("abandoning a send", () => {
  it("a stuck send: explained in plain words, then abandoned: its coins come back, its change goes", async () => {
    time.now = 1_000;
    const { tracker, txid, coin } = await withPendingSpend();
    await tracker.onFinality(txid, { ...status("pending", "waiting: no active masternodes to poll") });
    expect(explain(tracker, txid)).toMatchObject({
      problem: "no-masternodes",
      stuck: false,
      canAbandon: true,
    });
    time.now += STUCK_AFTER_MS + 5_000;
    const stuck = explain(tracker, txid);
    expect(stuck).toMatchObject({ problem: "no-masternodes", stuck: true, canAbandon: true, ageMs: 35_000 });
    expect(stuck.text).toBe(
      "Not final after 35 s: there are no active masternodes to vote on it. You can abandon it to free its coins, or send again.",
    );
    expect(tracker.sendDetails(txid)?.recipients).toEqual([{ amount: 30n * TIME, address: EXTERNAL }]);
    expect(tracker.sendDetails(txid)?.inputs.map((i) => i.state)).toEqual(["reserved"]);

    const result = await tracker.abandon(txid);
    expect(result.abandoned).toEqual([txid]);
    expect(result.inputs).toEqual([
      { outpoint: coin.outpoint, amount: 100n * TIME, state: "free", heldBy: null },
    ]);
    expect(tracker.balance()).toEqual({ spendable: 100n * TIME, pending: 0n, locked: 0n, immature: 0n });
    expect(tracker.coins().map((c) => [c.txid, c.category])).toEqual([[coin.txid, "spendable"]]);
    expect(tracker.transaction(txid)?.abandoned).toBe(true);
    expect(explain(tracker, txid)).toMatchObject({ problem: "abandoned", canAbandon: false });
    // Again: nothing changes, no error (a second click).
    expect((await tracker.abandon(txid)).abandoned).toEqual([txid]);
    expect(tracker.balance().spendable).toBe(100n * TIME);
    // Later votes do not take the coins back while it is not final.
    await tracker.onFinality(txid, { ...status("voting", "voting: confidence 3 of 20"), confidence: 3 });
    expect(tracker.balance().spendable).toBe(100n * TIME);
  });

  it("abandons the descendants of ours too (a spend of its pending change)", async () => {
    const { tracker, account, txid } = await withPendingSpend();
    const change = tracker.coins().find((c) => c.chain === "change");
    if (change === undefined) throw new Error("no change");
    const child = f.spend(
      account,
      [change],
      [{ amount: 10n * TIME, address: EXTERNAL }],
      account.address("change", 1).payload,
    );
    await tracker.trackSubmitted(child);
    const result = await tracker.abandon(txid);
    expect(result.abandoned).toEqual([txid, txidHex(child)]);
    expect(tracker.transaction(txidHex(child))?.abandoned).toBe(true);
    expect(tracker.balance()).toEqual({ spendable: 100n * TIME, pending: 0n, locked: 0n, immature: 0n });
  });

  it("refuses a final or in-block transaction and an unknown id, and changes nothing", async () => {
    const { tracker, txid, coin } = await withPendingSpend();
    await tracker.onFinality(txid, status("final", null));
    const before = tracker.balance();
    const refusal = await tracker.abandon(txid).catch((e: unknown) => e);
    expect(hasErrorCode(refusal, "TRACKER_TX_NOT_ABANDONABLE")).toBe(true);
    expect((refusal as Error).message).toBe(`transaction ${txid} is final: it cannot be abandoned`);
    expect(tracker.balance()).toEqual(before);
    expect(explain(tracker, txid)).toMatchObject({ problem: "final", canAbandon: false });
    const inBlock = await tracker.abandon(coin.txid).catch((e: unknown) => e);
    expect(hasErrorCode(inBlock, "TRACKER_TX_NOT_ABANDONABLE")).toBe(true);
    expect((inBlock as { payload: { why: string } }).payload.why).toBe("in-block");
    const unknown = await tracker.abandon("ab".repeat(32)).catch((e: unknown) => e);
    expect(hasErrorCode(unknown, "TRACKER_TX_NOT_FOUND")).toBe(true);
    // The queue goes on after a refusal.
    expect(tracker.transaction(txid)?.status.state).toBe("final");
  });

  it("a send rejected because a conflicting transaction won: says its coins are gone", async () => {
    const { tracker, account, txid, coin } = await withPendingSpend();
    const winner = f.spend(
      account,
      [coin],
      [{ amount: 40n * TIME, address: new Uint8Array(20).fill(8) }],
      account.address("change", 0).payload,
    );
    await tracker.onFinality(txid, status("rejected", `lost to conflicting transaction ${txidHex(winner)}`));
    await tracker.onBlock(await f.mine([winner]));
    const rejected = explain(tracker, txid);
    expect(rejected).toMatchObject({
      problem: "lost-to-conflict",
      conflict: txidHex(winner),
      coinsGone: true,
      canAbandon: true,
    });
    expect(rejected.text).toBe(
      `Rejected: it lost to the conflicting transaction ${txidHex(winner)}. Its coins went to the other transaction, so they are gone: sending again needs other coins.`,
    );
    const result = await tracker.abandon(txid);
    expect(result.inputs).toEqual([{ outpoint: coin.outpoint, amount: null, state: "gone", heldBy: null }]);
  });

  it("a rejected send whose coins are still ours says abandoning frees them", async () => {
    const { tracker, txid } = await withPendingSpend();
    await tracker.onPoolEviction(txid, "capacity");
    const rejected = explain(tracker, txid);
    expect(rejected).toMatchObject({ problem: "rejected", coinsGone: false, canAbandon: true });
    expect(rejected.text).toBe(
      "Rejected: dropped from a full mempool for paying too little fee per byte. Its coins are still yours: abandon it to spend them again.",
    );
  });

  it("counts again when the network makes it final anyway, or a block holds it", async () => {
    const { tracker, txid } = await withPendingSpend();
    await tracker.abandon(txid);
    await tracker.onFinality(txid, status("final", null));
    expect(tracker.transaction(txid)?.abandoned).toBe(false);
    expect(tracker.balance().spendable).toBe(tracker.transaction(txid)?.received);
    expect(tracker.abandonedTransactions()).toEqual([]);

    const second = await withPendingSpend(newTracker());
    await second.tracker.abandon(second.txid);
    await second.tracker.onBlock(await f.mine([second.spend]));
    expect(second.tracker.transaction(second.txid)).toMatchObject({ abandoned: false, height: f.height });
    expect(second.tracker.abandonedTransactions()).toEqual([]);
  });

  it("survives a restart: the checkpoint keeps the id and the pool's copy takes no coins", async () => {
    const path = join(dir, "w.scan.json");
    const store = new FileScanCheckpointStore(path);
    const first = newTracker();
    await first.rescan({ birthday: 0n, store });
    const { txid, spend } = await withPendingSpend(first);
    // What LoadedWallet.abandon does: the ids go into the checkpoint, inside the tracker's queue.
    await first.abandon(txid, async (abandoned) => {
      const checkpoint = await store.load();
      if (checkpoint !== null) await store.save({ ...checkpoint, abandoned });
    });
    expect((await store.load())?.abandoned).toEqual([txid]);

    const restarted = newTracker();
    await restarted.rescan({ birthday: 0n, store });
    expect(restarted.abandonedTransactions()).toEqual([txid]);
    await restarted.onPoolTransaction({ tx: spend, final: false });
    expect(restarted.transaction(txid)?.abandoned).toBe(true);
    expect(restarted.balance()).toEqual({ spendable: 100n * TIME, pending: 0n, locked: 0n, immature: 0n });
    // The scan's own save at the end keeps the list too.
    await restarted.rescan({ birthday: 0n, store });
    expect((await store.load())?.abandoned).toEqual([txid]);
  });

  it("a checkpoint written before abandoning existed still loads", () => {
    const text = encodeCheckpoint({
      account: 0,
      fingerprint: "00".repeat(20),
      birthday: 0n,
      complete: true,
      pass: 1,
      passStartHighest: { receive: -1, change: -1 },
      nextHeight: 1n,
      lastHash: "11".repeat(32),
      used: { receive: [], change: [] },
      coins: [],
      transactions: [],
    });
    const decoded = decodeCheckpoint(text);
    expect(decoded.ok && decoded.checkpoint.abandoned).toBeUndefined();
    const bad = decodeCheckpoint(text.replace('"transactions":[]', '"transactions":[],"abandoned":["xyz"]'));
    expect(bad).toMatchObject({ ok: false });
  });
});
