// Public surface of chain/: the chain service that imports certified blocks and performs admin rollbacks.
// The storage contract (ChainView, ChainWriter) and both backends live in db/.
export * from "./chain-service.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./options.js";
export * from "./verifier.js";
