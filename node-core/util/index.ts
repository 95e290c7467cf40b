// Public surface of util/, the lowest layer of node-core: the error base, the event hub and the logger.
// Nothing here imports any other folder of the node.
export * from "./errors.js";
export * from "./events.js";
export * from "./logger.js";
