// Public surface of the network layer. Today: the wire protocol as data (network/protocol), shared by
// the simulator and, next, the libp2p transport.
export * from "./protocol/index.js";
