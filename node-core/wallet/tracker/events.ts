// What the tracker announces on its EventHub, for the UI: the balance, each transaction's status, scan
// progress. Emitted last, once the tracker's state is consistent.
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
}
