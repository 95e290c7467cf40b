// Public surface of genesis/: the per-network genesis specifications and their verified blocks.
export * from "./build.js";
export * from "./errors.js";
export { DEVNET_ACCOUNTS, DEVNET_MASTERNODES, DEVNET_TEST_MNEMONIC, devnetRoleKey } from "./generate.js";
export * from "./load.js";
export * from "./spec.js";
