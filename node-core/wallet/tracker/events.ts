// What the tracker announces on its EventHub, for the UI: the balance, each transaction's status, scan
// progress. Emitted last, once the tracker's state is consistent.
import type { AddressChain } from "../accounts/index.js";
import type { ScanProgress, WalletBalance, WalletTxStatus } from "./types.js";

export interface WalletTrackerEvents {
  "wallet:balanceChanged": { readonly balance: WalletBalance; readonly previous: WalletBalance };
  "wallet:transactionStatusChanged": {
    readonly txid: string;
    readonly status: WalletTxStatus;
    /** Null when the transaction is new to the wallet. */
    readonly previous: WalletTxStatus | null;
  };
  "wallet:scanProgress": ScanProgress;
  /**
   * A block pays an address in the last part of a watching (wiped) account's window: fewer than `lowWater`
   * derived addresses stay past the gap window. Emitted before the block is applied, so a listener that can
   * derive (an unlocked wallet) may extend the window at once; otherwise the tracker records the need
   * (windowPending).
   */
  "wallet:windowLow": { readonly chain: AddressChain; readonly index: number; readonly height: bigint };
}
