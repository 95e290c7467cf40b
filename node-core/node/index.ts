// Public surface of the node's composition root: createNode and the node it returns, its options and
// modules, the transport and task-runner contracts a host implements, and the block proposal the proposer
// and the simulator's equivocating twin share.
export * from "./block-proposal.js";
export * from "./block-sync.js";
export * from "./candidate-check.js";
export * from "./chain-follower.js";
export * from "./create-node.js";
export * from "./errors.js";
export * from "./messages.js";
export * from "./options.js";
export * from "./proposer.js";
export * from "./signature-cache.js";
export * from "./sync-peers.js";
export * from "./tasks.js";
export * from "./transport.js";
export * from "./tx-relay.js";
export * from "./vrf-cache.js";
