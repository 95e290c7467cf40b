// Public surface of the kernel: pure validation and the state transition, no I/O.
export * from "./assemble-block.js";
export * from "./block.js";
export * from "./conflict-keys.js";
export type * from "./effects.js";
export * from "./errors.js";
export * from "./signatures.js";
export * from "./special.js";
export * from "./transaction.js";
export * from "./transition.js";
export * from "./utxo-set-summary.js";
export * from "./view.js";
