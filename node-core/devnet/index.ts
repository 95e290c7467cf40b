// Public surface of devnet/: the local devnet of real timed processes and its latency relay.
export * from "./devnet.js";
export * from "./latency-relay.js";
export * from "./poll.js";
export * from "./prebuilt-chain.js";
