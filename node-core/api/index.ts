// Public surface of api/: the method table and callMethod, createApi over a node's context, the error
// codes, the event list, and the pieces the daemon and tests build on (address index, finality tracker).
export * from "./address-index.js";
export * from "./context.js";
export type * from "./contract.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./faucet.js";
export * from "./finality.js";
export * from "./method.js";
export * from "./push-events.js";
export * from "./runtime.js";
export * from "./table.js";
export * from "./tx-builder.js";
export * from "./wallet-events.js";
