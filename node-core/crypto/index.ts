// Public surface of the crypto layer: hashes, the one ed25519 verify and signing, and batch verification.
export * from "./ed25519.js";
export * from "./errors.js";
export * from "./hash.js";
export * from "./verify-pool.js";
