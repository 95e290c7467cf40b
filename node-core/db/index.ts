// Public surface of the storage layer.

export { type AddressTxEntry, type BlockAddressEntries, blockAddressEntries } from "./address-entries.js";
export * from "./backend-rules.js";
export { ChainStore } from "./chain-store.js";
export type {
  AddressTransaction,
  BeforeCommit,
  ChainBackend,
  ChainTip,
  ChainView,
  ChainWriter,
  StoredTransaction,
  TransactionLocation,
} from "./chain-view.js";
export { DbError, type DbErrorCode, type DbErrorDetails, isDbError } from "./errors.js";
export {
  MemoryChainBackend,
  type MemoryChainBackendModules,
  type MemoryChainBackendOptions,
} from "./memory-backend.js";
export {
  CHAIN_DB_DIR,
  type ChainStoreModules,
  type ChainStoreOptions,
  type SignatureVerifier,
} from "./options.js";
