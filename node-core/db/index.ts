// Public surface of the storage layer.

export * from "./backend-rules.js";
export {
  ChainStore,
  type ChainTip,
  type StoredTransaction,
  type TransactionLocation,
} from "./chain-store.js";
export { DbError, type DbErrorCode, type DbErrorDetails, isDbError } from "./errors.js";
export {
  CHAIN_DB_DIR,
  type ChainStoreModules,
  type ChainStoreOptions,
  type SignatureVerifier,
} from "./options.js";
