// A watching account (keys wiped, as a locked wallet's) with a short derived window on a real chain: a payment
// in the last part of the window no longer fails the block (it used to throw ACCOUNT_WIPED), the tracker
// records from which block the window must grow, a payment past the window is found once the window is
// adopted from the signing account and the blocks are scanned again, and a listener that can derive (an
// unlocked wallet) extends the window before the block is applied, leaving nothing pending.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../util/index.js";
import { HdAccount } from "../accounts/index.js";
import { TEST_MNEMONIC, TIME, WalletChain } from "./test-support.js";
import { WalletTracker } from "./tracker.js";

let f: WalletChain;
beforeEach(async () => {
  f = await WalletChain.open("memory", "wallet-window");
});
afterEach(async () => {
  await f.close();
});

const account = () => HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });

/** A watching account of 50 receive addresses (gap 20 + 30 more), keys wiped. */
function watcher(): HdAccount {
  const watch = account();
  watch.address("receive", 49);
  watch.address("change", 49);
  watch.wipe();
  return watch;
}

function trackerOf(watch: HdAccount): WalletTracker {
  return new WalletTracker(
    { lowWater: 10 },
    { account: watch, view: f.backend, clock: { now: () => 0 }, logger: silentLogger },
  );
}

describe("the watched window of a locked wallet", () => {
  it("records the need to grow, then finds a payment past it after adopting and scanning again", async () => {
    const names = account();
    const watch = watcher();
    const tracker = trackerOf(watch);
    await tracker.rescan({ birthday: 0n, store: null });
    const lows: unknown[] = [];
    tracker.events.on("wallet:windowLow", (e) => {
      lows.push(e);
    });
    // Index 25: 49 - (25 + 20) = 4 spare addresses, under the low water of 10.
    const first = await f.mine([f.payTo([names.address("receive", 25).payload], 1n * TIME)]);
    await tracker.onBlock(first);
    expect(lows).toEqual([{ chain: "receive", index: 25, height: first.block.header.height }]);
    expect(tracker.balance().spendable).toBe(1n * TIME);
    expect(tracker.windowPending()).toMatchObject({ fromHeight: first.block.header.height });
    expect(tracker.windowPending()?.before?.snapshot.tipHeight).toBe(first.block.header.height - 1n);
    // Index 60 is within the gap window of 25 + 20 + … once 45 is used, but not derived: not seen yet.
    await tracker.onBlock(await f.mine([f.payTo([names.address("receive", 45).payload], 2n * TIME)]));
    await tracker.onBlock(await f.mine([f.payTo([names.address("receive", 60).payload], 4n * TIME)]));
    expect(tracker.balance().spendable).toBe(3n * TIME);

    // The unlock: the signing account hands its addresses over, then the blocks are scanned again.
    const signer = account();
    watch.adoptAddresses(signer, "receive", 45 + 20 + 30);
    expect(watch.spareAddresses("receive")).toBe(30);
    tracker.clearWindowPending();
    await tracker.rescan({ birthday: 0n, store: null });
    expect(tracker.balance().spendable).toBe(7n * TIME);
    expect(watch.isWiped).toBe(true);
    expect(() =>
      watch.adoptAddresses(
        HdAccount.fromMnemonic(TEST_MNEMONIC, "other", { network: f.params }),
        "receive",
        99,
      ),
    ).toThrow(/another account or seed/);
  });

  it("a listener that can derive extends the window before the block: nothing pending", async () => {
    const names = account();
    const watch = watcher();
    const signer = account();
    const tracker = trackerOf(watch);
    await tracker.rescan({ birthday: 0n, store: null });
    tracker.events.on("wallet:windowLow", ({ chain, index }) => {
      watch.adoptAddresses(signer, chain, index + 20 + 30);
    });
    await tracker.onBlock(await f.mine([f.payTo([names.address("receive", 40).payload], 1n * TIME)]));
    expect(tracker.windowPending()).toBeNull();
    await tracker.onBlock(await f.mine([f.payTo([names.address("receive", 85).payload], 2n * TIME)]));
    expect(tracker.balance().spendable).toBe(3n * TIME);
  });
});
