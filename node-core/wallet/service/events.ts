// What the wallet service announces, for the UI and the API's event list: the tracker's events tagged with
// the wallet's name, and lock state changes (with why: a call, the idle timer, an unload).
import type { ScanProgress, WalletBalance, WalletTxStatus } from "../tracker/index.js";

export type LockReason = "unlock" | "lock" | "idle" | "unload";

export interface WalletServiceEvents {
  "wallet:balanceChanged": {
    readonly wallet: string;
    readonly balance: WalletBalance;
    readonly previous: WalletBalance;
  };
  "wallet:transactionStatusChanged": {
    readonly wallet: string;
    readonly txid: string;
    readonly status: WalletTxStatus;
    readonly previous: WalletTxStatus | null;
  };
  "wallet:scanProgress": { readonly wallet: string } & ScanProgress;
  "wallet:lockChanged": { readonly wallet: string; readonly locked: boolean; readonly reason: LockReason };
}
