// The rescan and restore scan: blocks from the wallet's birthday to the tip, read through
// ChainView.getBlockByHeight and applied to the tracker, the gap windows growing on both chains as
// addresses turn up. A block scan cannot know an address before its window reaches it, so when a pass
// moved the windows (a payment to index i derives i+1 … i+gap), an address derived late may have been paid
// in a block the pass had already read: another pass runs with the wider windows, from a clean state, until
// a pass moves nothing (usually two passes for a used wallet, one for an empty one).
//
// Progress is saved every `checkpointEvery` blocks, on cancellation and at the end through the injected
// ScanCheckpointStore; a later scan resumes from it (and says so in `resumedFrom`) unless the checkpoint is
// unreadable, belongs to another account or birthday, or its last block is no longer on the chain (then it
// starts over and says why in `discarded`). A completed checkpoint lets the next start only catch up.
import { toHex } from "../../types/index.js";
import { hasErrorCode } from "../../util/index.js";
import type { ScanCheckpoint } from "./checkpoint.js";
import { checkScanOptions, type ScanOptions } from "./options.js";
import type { WalletTracker } from "./tracker.js";

/** Why a saved checkpoint was not used. */
export type CheckpointDiscard = "unreadable" | "other-account" | "other-birthday" | "chain-changed";

export interface ScanResult {
  readonly status: "complete" | "cancelled";
  /** The height a resumed scan continued from, or null when it started at the birthday. */
  readonly resumedFrom: bigint | null;
  readonly discarded: CheckpointDiscard | null;
  /** Last height applied, or null when there was nothing to scan. */
  readonly height: bigint | null;
  readonly passes: number;
  /** Transactions of this account found. */
  readonly found: number;
}

interface Highest {
  readonly receive: number;
  readonly change: number;
}

export async function runScan(tracker: WalletTracker, opts: ScanOptions): Promise<ScanResult> {
  const { birthday, checkpointEvery, progressEvery } = checkScanOptions(opts);
  const { account, view } = tracker.modules;
  const store = opts.store;
  const fingerprint = account.address("receive", 0).payloadHex;
  const highest = (): Highest => ({
    receive: account.highestUsed("receive"),
    change: account.highestUsed("change"),
  });

  let discarded: CheckpointDiscard | null = null;
  let checkpoint: ScanCheckpoint | null = null;
  if (store !== null && opts.fresh === true) await store.clear();
  if (store !== null) {
    try {
      checkpoint = await store.load();
    } catch (err) {
      if (!hasErrorCode(err, "TRACKER_CHECKPOINT_UNREADABLE")) throw err;
      discarded = "unreadable";
    }
  }
  if (checkpoint !== null) {
    if (checkpoint.account !== account.account || checkpoint.fingerprint !== fingerprint)
      discarded = "other-account";
    else if (checkpoint.birthday !== birthday) discarded = "other-birthday";
    else if (checkpoint.lastHash !== null) {
      const hash = await view.getHashAtHeight(checkpoint.nextHeight - 1n);
      if (hash === null || toHex(hash) !== checkpoint.lastHash) discarded = "chain-changed";
    }
    if (discarded !== null) checkpoint = null;
  }

  tracker.resetForScan();
  let pass = 1;
  let passStart = highest();
  let follow = false;
  let resumedFrom: bigint | null = null;
  if (checkpoint !== null) {
    account.restoreUsed(checkpoint.used);
    tracker.loadSnapshot({
      tipHeight: checkpoint.lastHash === null ? null : checkpoint.nextHeight - 1n,
      tipHash: checkpoint.lastHash,
      coins: checkpoint.coins,
      transactions: checkpoint.transactions,
      abandoned: checkpoint.abandoned ?? [],
    });
    pass = checkpoint.pass;
    passStart = checkpoint.passStartHighest;
    // Past the end of a finished scan, new blocks are taken as live ones are: no further pass.
    follow = checkpoint.complete;
    resumedFrom = checkpoint.nextHeight;
  }

  const save = async (complete: boolean): Promise<void> => {
    if (store === null) return;
    const snapshot = tracker.snapshot();
    await store.save({
      account: account.account,
      fingerprint,
      birthday,
      complete,
      pass,
      passStartHighest: passStart,
      nextHeight: snapshot.tipHeight === null ? birthday : snapshot.tipHeight + 1n,
      lastHash: snapshot.tipHash,
      used: account.usedIndices(),
      coins: snapshot.coins,
      transactions: snapshot.transactions,
      abandoned: snapshot.abandoned,
    });
  };
  const progress = (tip: bigint, done: boolean): void => {
    tracker.events.emit("wallet:scanProgress", {
      height: tracker.tipHeight ?? birthday - 1n,
      tip,
      found: tracker.foundCount(),
      pass,
      resumedFrom,
      done,
    });
  };

  let scanned = 0;
  let tipHeight = birthday - 1n;
  try {
    if (resumedFrom !== null) progress(view.getTip()?.height ?? tipHeight, false);
    for (;;) {
      const tip = view.getTip();
      tipHeight = tip?.height ?? birthday - 1n;
      let next = tracker.tipHeight === null ? birthday : tracker.tipHeight + 1n;
      if (next > tipHeight) {
        const moved = highest();
        if (!follow && (moved.receive > passStart.receive || moved.change > passStart.change)) {
          pass++;
          passStart = moved;
          tracker.resetForScan();
          continue;
        }
        break;
      }
      for (; next <= tipHeight; next++) {
        if (opts.signal?.aborted) {
          await save(false);
          tracker.abortScan();
          return {
            status: "cancelled",
            resumedFrom,
            discarded,
            height: tracker.tipHeight,
            passes: pass,
            found: tracker.foundCount(),
          };
        }
        const block = await view.getBlockByHeight(next);
        if (block === null) break; // the tip moved down meanwhile: read it again
        const ourTip = tracker.tipHash;
        if (ourTip !== null && toHex(block.block.header.previousHash) !== ourTip) {
          // The chain was reorganised under the scan: what was read is on another branch.
          tracker.resetForScan();
          break;
        }
        tracker.applyScannedBlock(block);
        scanned++;
        if (scanned % checkpointEvery === 0) await save(false);
        if (scanned % progressEvery === 0) progress(tipHeight, false);
      }
    }
  } catch (err) {
    tracker.abortScan();
    throw err;
  }
  await tracker.finishScan();
  await save(true);
  progress(tipHeight, true);
  return {
    status: "complete",
    resumedFrom,
    discarded,
    height: tracker.tipHeight,
    passes: pass,
    found: tracker.foundCount(),
  };
}
