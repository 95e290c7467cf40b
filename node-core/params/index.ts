// Public surface of the network parameters layer.
export * from "./consensus.js";
export * from "./network.js";
