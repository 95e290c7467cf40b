// Public surface of the primitive types layer.
export * from "./amount.js";
export * from "./bytes.js";
export * from "./chain.js";
export * from "./state.js";
