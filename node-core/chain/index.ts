// Public surface of chain/: the storage contract and its in-memory implementation, and the chain service
// that imports certified blocks and performs admin rollbacks.
export type { ChainBackend, ChainTip, SignatureVerifier } from "./backend.js";
export * from "./chain-service.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./memory-backend.js";
export * from "./options.js";
export * from "./verifier.js";
