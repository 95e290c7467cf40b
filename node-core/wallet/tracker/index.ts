// Public surface of the wallet tracker: WalletTracker (coins, history, balance split, statuses, events) and
// its narrow input interface, the rescan / restore scan with resumable checkpoints and their file store.
export type { PoolTransaction, WalletChainEvents } from "./chain-events.js";
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointCoin,
  type CheckpointTransaction,
  decodeCheckpoint,
  encodeCheckpoint,
  MAX_ABANDONED,
  type ScanCheckpoint,
  type ScanCheckpointStore,
} from "./checkpoint.js";
export { FileScanCheckpointStore } from "./checkpoint-file.js";
export * from "./errors.js";
export type { WalletTrackerEvents } from "./events.js";
export * from "./options.js";
export { explainSend, type SendExplanation, type SendProblem, STUCK_AFTER_MS } from "./recovery.js";
export type { CheckpointDiscard, ScanResult } from "./scan.js";
export { describeEviction, POOL_PENDING_REASON } from "./status.js";
export { type TrackerSnapshot, WalletTracker, type WindowPending } from "./tracker.js";
export type * from "./types.js";
