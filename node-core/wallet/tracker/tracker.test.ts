// WalletTracker on real chains (TestChain blocks connected to the in-memory backend, and once to a LevelDB
// ChainStore): restore scans find receive funds within the gap limit and past it only through used
// addresses in between, change-chain funds, rewards; live blocks, pool transactions, Snowball statuses,
// evictions and rollbacks move coins, history and the balance split; events carry each change.
import { afterEach, describe, expect, it } from "vitest";
import type { FinalityStatus } from "../../consensus/snowball/index.js";
import { toHex } from "../../types/index.js";
import { silentLogger } from "../../util/index.js";
import { HdAccount } from "../accounts/index.js";
import type { WalletTrackerEvents } from "./events.js";
import { TEST_MNEMONIC, TIME, txidHex, WalletChain } from "./test-support.js";
import { WalletTracker } from "./tracker.js";
import type { WalletCoin } from "./types.js";

const fixtures: WalletChain[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.close();
});

async function open(kind: "memory" | "leveldb" = "memory"): Promise<WalletChain> {
  const f = await WalletChain.open(kind);
  fixtures.push(f);
  return f;
}

function newAccount(f: WalletChain): HdAccount {
  return HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
}

function newTracker(f: WalletChain, account = newAccount(f), time = { now: 1_000 }) {
  const tracker = new WalletTracker(
    {},
    { account, view: f.backend, clock: { now: () => time.now }, logger: silentLogger },
  );
  return { tracker, account, time };
}

/** An independent account of the same mnemonic, to name addresses a restore must find (window ignored). */
function addressOf(f: WalletChain, chain: "receive" | "change", index: number): Uint8Array {
  return newAccount(f).address(chain, index).payload;
}

function record<K extends keyof WalletTrackerEvents>(
  tracker: WalletTracker,
  name: K,
): WalletTrackerEvents[K][] {
  const seen: WalletTrackerEvents[K][] = [];
  tracker.events.on(name, (payload) => {
    seen.push(payload);
  });
  return seen;
}

function voting(confidence: number, addedAt = 1_000): FinalityStatus {
  return {
    state: "voting",
    confidence,
    beta: 20,
    polls: confidence,
    successfulPolls: confidence,
    addedAt,
    decidedAt: null,
    reason: "waiting: 55% of masternode weight reachable, 70% needed",
  };
}

describe("restore scan: gap limit", () => {
  it("finds funds at receive index 19 (inside the first window)", async () => {
    const f = await open();
    await f.mine([f.payTo([addressOf(f, "receive", 19)], 7n * TIME)]);
    await f.mineTo(5n);
    const { tracker } = newTracker(f);
    const result = await tracker.rescan({ birthday: 0n, store: null });
    expect(result.status).toBe("complete");
    expect(tracker.balance().spendable).toBe(7n * TIME);
    expect(tracker.coins()[0]?.addressIndex).toBe(19);
  });

  it("does not find index 45 when only 19 is used, and finds it when 26 is used too", async () => {
    const f = await open();
    await f.mine([f.payTo([addressOf(f, "receive", 19)], 1n * TIME)]);
    await f.mine([f.payTo([addressOf(f, "receive", 45)], 2n * TIME)]);
    const first = newTracker(f).tracker;
    await first.rescan({ birthday: 0n, store: null });
    expect(first.balance().spendable).toBe(1n * TIME);

    await f.mine([f.payTo([addressOf(f, "receive", 26)], 3n * TIME)]);
    const second = newTracker(f).tracker;
    const result = await second.rescan({ birthday: 0n, store: null });
    // 45 was paid before 26 widened the window: found by the second pass.
    expect(second.balance().spendable).toBe(6n * TIME);
    expect(result.passes).toBeGreaterThanOrEqual(2);
    expect(
      second
        .coins()
        .map((c) => c.addressIndex)
        .sort((a, b) => a - b),
    ).toEqual([19, 26, 45]);
  });

  it("finds funds walked up in order (26..44 used, then 45) and change-chain funds", async () => {
    const f = await open();
    const chained = Array.from({ length: 19 }, (_, i) => addressOf(f, "receive", 26 + i));
    await f.mine([f.payTo([addressOf(f, "receive", 10)], TIME)]);
    await f.mine([f.payTo([addressOf(f, "receive", 26)], TIME)]);
    await f.mine([f.payTo(chained.slice(1), TIME)]);
    await f.mine([f.payTo([addressOf(f, "receive", 45), addressOf(f, "change", 0)], TIME)]);
    await f.mine([f.payTo([addressOf(f, "change", 33)], 5n * TIME)]);
    await f.mine([f.payTo([addressOf(f, "change", 19)], 4n * TIME)]);
    const { tracker, account } = newTracker(f);
    const progress = record(tracker, "wallet:scanProgress");
    const result = await tracker.rescan({ birthday: 0n, store: null, progressEvery: 1 });
    const receive = tracker.coins().filter((c) => c.chain === "receive");
    const change = tracker.coins().filter((c) => c.chain === "change");
    expect(receive.map((c) => c.addressIndex).sort((a, b) => a - b)).toEqual([
      10,
      ...Array.from({ length: 20 }, (_, i) => 26 + i),
    ]);
    expect(change.map((c) => c.addressIndex).sort((a, b) => a - b)).toEqual([0, 19, 33]);
    expect(account.derivedCount("change")).toBe(54);
    expect(result.found).toBe(6);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ done: true, height: f.height, tip: f.height, found: 6, resumedFrom: null });
    expect(progress.some((p) => !p.done && p.height === 3n)).toBe(true);
  });

  it("respects the birthday: funds below it are not scanned", async () => {
    const f = await open();
    await f.mine([f.payTo([addressOf(f, "receive", 0)], TIME)]);
    await f.mine([f.payTo([addressOf(f, "receive", 1)], 2n * TIME)]);
    const { tracker } = newTracker(f);
    await tracker.rescan({ birthday: 2n, store: null });
    expect(tracker.balance().spendable).toBe(2n * TIME);
  });
});

describe("live tracking", () => {
  it("pool transaction: pending → voting c/β → final (time to finality) → in block N, with events", async () => {
    const f = await open();
    const { tracker, account, time } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    const statuses = record(tracker, "wallet:transactionStatusChanged");
    const balances = record(tracker, "wallet:balanceChanged");

    const tx = f.payTo([account.nextReceiveAddress().payload], 9n * TIME);
    await tracker.onPoolTransaction({ tx });
    expect(tracker.balance()).toEqual({ spendable: 0n, pending: 9n * TIME, locked: 0n, immature: 0n });
    expect(tracker.transaction(txidHex(tx))?.status.state).toBe("pending");
    expect(account.nextReceiveAddress().index).toBe(1);

    await tracker.onFinality(txidHex(tx), voting(7));
    const mid = tracker.transaction(txidHex(tx))?.status;
    expect(mid).toMatchObject({ state: "voting", confidence: 7, beta: 20 });
    expect(mid?.reason).toContain("70% needed");

    time.now = 1_850;
    await tracker.onFinality(txidHex(tx), { ...voting(20), state: "final", decidedAt: null, reason: null });
    expect(tracker.transaction(txidHex(tx))?.status).toMatchObject({
      state: "final",
      finalMs: 850,
      blockHeight: null,
    });
    expect(tracker.balance().spendable).toBe(9n * TIME);
    expect(tracker.balance().pending).toBe(0n);

    const block = await f.mine([tx]);
    await tracker.onBlock(block);
    const settled = tracker.transaction(txidHex(tx));
    expect(settled?.status).toMatchObject({ state: "final", finalMs: 850, blockHeight: 1n });
    expect(settled).toMatchObject({ height: 1n, received: 9n * TIME, sent: 0n, net: 9n * TIME });
    expect(tracker.coins()[0]?.height).toBe(1n);

    expect(statuses.map((s) => [s.status.state, s.status.blockHeight])).toEqual([
      ["pending", null],
      ["voting", null],
      ["final", null],
      ["final", 1n],
    ]);
    expect(statuses[0]?.previous).toBeNull();
    expect(balances.map((b) => [b.balance.spendable, b.balance.pending])).toEqual([
      [0n, 9n * TIME],
      [9n * TIME, 0n],
    ]);
  });

  it("our spend reserves its inputs, its change is pending; rejection releases them with the reason", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    await tracker.onBlock(await f.mine([f.payTo([account.address("receive", 0).payload], 100n * TIME)]));
    const [coin] = tracker.coins();
    if (coin === undefined) throw new Error("no coin");
    const external = new Uint8Array(20).fill(9);
    const spend = f.spend(
      account,
      [coin],
      [{ amount: 30n * TIME, address: external }],
      account.address("change", 0).payload,
    );
    await tracker.trackSubmitted(spend);
    const pendingChange = tracker.coins().find((c) => c.chain === "change");
    expect(pendingChange?.category).toBe("pending");
    expect(tracker.coins().find((c) => c.txid === coin.txid)?.category).toBe("reserved");
    const change = pendingChange?.amount ?? 0n;
    expect(tracker.balance()).toEqual({ spendable: 0n, pending: change, locked: 0n, immature: 0n });
    const entry = tracker.transaction(txidHex(spend));
    expect(entry?.sent).toBe(100n * TIME);
    expect(entry?.fee).toBe(100n * TIME - 30n * TIME - change);

    await tracker.onFinality(txidHex(spend), {
      ...voting(0),
      state: "rejected",
      reason: "lost to a conflicting transaction",
    });
    expect(tracker.transaction(txidHex(spend))?.status).toMatchObject({
      state: "rejected",
      reason: "lost to a conflicting transaction",
    });
    expect(tracker.balance()).toEqual({ spendable: 100n * TIME, pending: 0n, locked: 0n, immature: 0n });
  });

  it("a double spend's loser, rejected, leaves the coin held by the winner (not spendable again)", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    await tracker.onBlock(await f.mine([f.payTo([account.address("receive", 0).payload], 100n * TIME)]));
    const [coin] = tracker.coins();
    if (coin === undefined) throw new Error("no coin");
    // Two spends of the same coin (as from a restored copy of this wallet on another node): the loser came
    // first, then the winner through the mempool.
    const change = account.address("change", 0).payload;
    const loser = f.spend(
      account,
      [coin],
      [{ amount: 30n * TIME, address: new Uint8Array(20).fill(8) }],
      change,
    );
    const winner = f.spend(
      account,
      [coin],
      [{ amount: 40n * TIME, address: new Uint8Array(20).fill(9) }],
      change,
    );
    await tracker.trackSubmitted(loser);
    await tracker.onPoolTransaction({ tx: winner, final: false });
    await tracker.onFinality(txidHex(loser), {
      ...voting(0),
      state: "rejected",
      reason: "lost to a conflicting transaction",
    });
    expect(tracker.coins().find((c) => c.txid === coin.txid)?.category).toBe("reserved");
    // only the winner's change is expected, still pending
    expect(tracker.balance().spendable).toBe(0n);
    expect(tracker.balance().pending).toBe(tracker.transaction(txidHex(winner))?.received);
  });

  it("an eviction rejects with the mempool's reason in words", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    const tx = f.payTo([account.address("receive", 3).payload], TIME);
    await tracker.onPoolTransaction({ tx });
    await tracker.onPoolEviction(txidHex(tx), "capacity");
    expect(tracker.transaction(txidHex(tx))?.status.state).toBe("rejected");
    expect(tracker.transaction(txidHex(tx))?.status.reason).toContain("full mempool");
    expect(tracker.balance().pending).toBe(0n);
  });

  it("ignores pool transactions that touch none of its addresses", async () => {
    const f = await open();
    const { tracker } = newTracker(f);
    await tracker.onPoolTransaction({ tx: f.payTo([new Uint8Array(20).fill(1)], TIME) });
    expect(tracker.transactions()).toEqual([]);
  });

  it("spending in a block removes the coin and records the spend; a late listener catches up missed blocks", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    await tracker.onBlock(await f.mine([f.payTo([account.address("receive", 0).payload], 50n * TIME)]));
    const [coin] = tracker.coins();
    if (coin === undefined) throw new Error("no coin");
    const spend = f.spend(
      account,
      [coin],
      [{ amount: 10n * TIME, address: new Uint8Array(20).fill(3) }],
      account.address("receive", 0).payload,
    );
    await f.mine([spend]);
    const later = await f.mine([f.payTo([account.address("receive", 1).payload], 2n * TIME)]);
    await tracker.onBlock(later); // the block holding the spend was never handed over
    expect(tracker.coins().some((c) => c.txid === coin.txid)).toBe(false);
    expect(tracker.transaction(txidHex(spend))).toMatchObject({ height: 2n, sent: 50n * TIME });
    expect(tracker.transactions().map((t) => t.height)).toEqual([3n, 2n, 1n]);
  });
});

describe("a block holding a transaction and its child", () => {
  // Blocks order their transactions by txid, so a child sorts before its parent about half the time: the
  // tracker must count the spend whatever the order (a scan or a fresh tracker knows neither beforehand).
  async function parentAndChild(f: WalletChain, account: HdAccount) {
    const parent = f.payTo([account.address("receive", 0).payload], 40n * TIME);
    const parentCoin = {
      outpoint: { txid: Buffer.from(txidHex(parent), "hex"), index: 0 },
      amount: 40n * TIME,
      address: account.address("receive", 0).payload,
      height: null,
      isReward: false,
    } as unknown as WalletCoin;
    // Amounts tried until the child's txid sorts before its parent's.
    for (let paid = 1n; paid < 100n; paid++) {
      const child = f.spend(
        account,
        [parentCoin],
        [{ amount: paid * TIME, address: new Uint8Array(20).fill(5) }],
        account.address("change", 0).payload,
      );
      if (txidHex(child) < txidHex(parent)) return { parent, child, paid: paid * TIME };
    }
    throw new Error("no child sorted before its parent");
  }

  it("a scan counts the spend of an output the block creates after it (child sorted first)", async () => {
    const f = await open();
    const account = newAccount(f);
    const { parent, child, paid } = await parentAndChild(f, account);
    const block = await f.mine([parent, child]);
    expect(block.block.transactions.map((tx) => txidHex(tx)).slice(1)).toEqual([
      txidHex(child),
      txidHex(parent),
    ]);
    const { tracker } = newTracker(f, account);
    await tracker.rescan({ birthday: 0n, store: null });
    // Only the child's change is left; the parent's output is spent, not spendable twice.
    expect(tracker.coins().map((c) => c.txid)).toEqual([txidHex(child)]);
    const fee = 40n * TIME - child.outputs.reduce((sum, o) => sum + o.amount, 0n);
    expect(tracker.balance().spendable).toBe(40n * TIME - paid - fee);
    expect(tracker.transaction(txidHex(child))).toMatchObject({ sent: 40n * TIME, fee });
  });

  it("undoing that block leaves neither output, and brings back nothing the block created", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    const { parent, child } = await parentAndChild(f, account);
    await tracker.onBlock(await f.mine([parent, child]));
    expect(tracker.coins().map((c) => c.txid)).toEqual([txidHex(child)]);
    const blocks = await f.rollback(1);
    await tracker.onRollback(blocks);
    expect(tracker.coins()).toEqual([]);
    expect(tracker.balance().spendable).toBe(0n);
  });
});

describe("rollback", () => {
  it("undoes blocks: spent coins come back, created ones go, history loses heights, returned txs are pending", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    const fund = f.payTo([account.address("receive", 0).payload], 40n * TIME);
    await tracker.onBlock(await f.mine([fund]));
    const [coin] = tracker.coins();
    if (coin === undefined) throw new Error("no coin");
    const spend = f.spend(
      account,
      [coin],
      [{ amount: 5n * TIME, address: new Uint8Array(20).fill(4) }],
      account.address("change", 0).payload,
    );
    await tracker.onBlock(await f.mine([spend], account.address("receive", 2).payload));
    const before = tracker.balance();
    expect(before.spendable).toBeGreaterThan(100n * TIME); // change + the reward

    const blocks = await f.rollback(1);
    // The node hands the spend back to the mempool first, then announces the rollback.
    await tracker.onPoolTransaction({ tx: spend });
    await tracker.onRollback(blocks);
    expect(tracker.tipHeight).toBe(1n);
    const restored = tracker.coins().find((c) => c.txid === coin.txid);
    expect(restored).toMatchObject({ height: 1n, amount: 40n * TIME, category: "reserved" });
    expect(tracker.transaction(txidHex(spend))).toMatchObject({ height: null, blockHash: null });
    expect(tracker.transaction(txidHex(spend))?.status.state).toBe("pending");
    const reward = tracker.transactions().find((t) => t.isReward);
    expect(reward?.status).toMatchObject({ state: "rejected", blockHeight: null });
    expect(reward?.height).toBeNull();
    expect(tracker.balance().spendable).toBe(0n);
    expect(tracker.balance().pending).toBe(
      40n * TIME - 5n * TIME - (tracker.transaction(txidHex(spend))?.fee ?? 0n),
    );

    // Reconnecting the spend puts everything back as it was.
    await tracker.onBlock(await f.mine([spend], account.address("receive", 2).payload));
    expect(tracker.balance()).toEqual(before);
  });

  it("a rolled-back transaction the mempool does not take back is rejected with the reason; ours again if re-added", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    const fund = f.payTo([account.address("receive", 0).payload], 40n * TIME);
    await tracker.onBlock(await f.mine([fund]));
    await tracker.onRollback(await f.rollback(1));
    expect(tracker.coins()).toEqual([]);
    expect(tracker.transaction(txidHex(fund))?.status.reason).toContain("rolled back");
    await tracker.onPoolTransaction({ tx: fund });
    expect(tracker.balance().pending).toBe(40n * TIME);
  });
});

describe("balance categories", () => {
  it("masternode collateral is locked (from the chain's registry); deregistration is not needed to see it", async () => {
    const f = await open();
    const { tracker, account } = newTracker(f);
    await tracker.rescan({ birthday: 0n, store: null });
    await tracker.onBlock(
      await f.mine([
        f.payTo(
          [account.address("receive", 0).payload, account.address("receive", 1).payload],
          1_000n * TIME,
        ),
      ]),
    );
    const [a, b] = tracker.coins();
    if (a === undefined || b === undefined) throw new Error("no coins");
    await tracker.onBlock(await f.mine([f.register(account, a, b)]));
    const balance = tracker.balance();
    expect(balance.locked).toBe(1_000n * TIME);
    expect(balance.spendable).toBeGreaterThan(999n * TIME);
    expect(
      tracker.coins().find((c) => c.txid === a.txid && c.outpoint.index === a.outpoint.index)?.category,
    ).toBe("locked");
    // A fresh restore sees the lock too (through ChainView.getMasternodes at the end of the scan).
    const restored = newTracker(f).tracker;
    await restored.rescan({ birthday: 0n, store: null });
    expect(restored.balance()).toEqual(balance);
  });

  it("rewards are spendable at once (the params have no maturity); with a maturity they are immature until it", async () => {
    const f = await open();
    const account = newAccount(f);
    const plain = newTracker(f, account).tracker;
    const matured = new WalletTracker(
      { rewardMaturity: 3n },
      { account: newAccount(f), view: f.backend, clock: { now: () => 0 }, logger: silentLogger },
    );
    await plain.rescan({ birthday: 0n, store: null });
    await matured.rescan({ birthday: 0n, store: null });
    const rewardBlock = await f.mine([], account.address("receive", 0).payload);
    for (const t of [plain, matured]) await t.onBlock(rewardBlock);
    expect(plain.balance()).toMatchObject({ spendable: 100n * TIME, immature: 0n });
    expect(matured.balance()).toMatchObject({ spendable: 0n, immature: 100n * TIME });
    expect(matured.coins()[0]?.isReward).toBe(true);
    await matured.onBlock(await f.mine());
    expect(matured.balance().immature).toBe(100n * TIME);
    await matured.onBlock(await f.mine());
    expect(matured.balance()).toMatchObject({ spendable: 100n * TIME, immature: 0n });
  });
});

describe("on a LevelDB ChainStore", () => {
  it("scans, follows blocks and rolls back the same way", async () => {
    const f = await open("leveldb");
    const account = newAccount(f);
    await f.mine([f.payTo([addressOf(f, "receive", 5), addressOf(f, "change", 2)], 3n * TIME)]);
    const { tracker } = newTracker(f, account);
    await tracker.rescan({ birthday: 0n, store: null });
    expect(tracker.balance().spendable).toBe(6n * TIME);
    const [coin] = tracker.coins();
    if (coin === undefined) throw new Error("no coin");
    const spend = f.spend(
      account,
      [coin],
      [{ amount: TIME, address: new Uint8Array(20).fill(5) }],
      coin.address,
    );
    await tracker.onBlock(await f.mine([spend]));
    expect(tracker.balance().spendable).toBeLessThan(6n * TIME);
    await tracker.onRollback(await f.rollback(1));
    expect(tracker.balance().spendable).toBe(6n * TIME);
    expect(toHex(tracker.coins()[0]?.address ?? new Uint8Array())).toBe(toHex(coin.address));
  });
});
