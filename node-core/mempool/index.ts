// Public surface of the mempool: admission, Snowball outcomes, block selection and rollback returns.
export * from "./errors.js";
export * from "./mempool.js";
export * from "./options.js";
