// Public surface of the wallet service: WalletService (wallets side by side, load / lock / unlock, sending),
// the loaded wallet, its events, options and errors.
export * from "./errors.js";
export type { LockReason, WalletServiceEvents } from "./events.js";
export { discardHandedOver, type HandedOverWallet, LoadedWallet, type ScanState } from "./loaded-wallet.js";
export type {
  MasternodeRewards,
  MasternodeSetupRequest,
  MasternodeSetupResult,
  WalletMasternode,
} from "./masternodes.js";
export * from "./options.js";
export { spendCandidates } from "./spend-candidates.js";
export {
  type CreatedWallet,
  type SendRequest,
  type SendResult,
  WalletService,
} from "./wallet-service.js";
