// Public surface of the p2p layer: the libp2p host and the NetworkControl interface the API and metrics use.
export type * from "./interface.js";
