// Public surface of the p2p layer: the libp2p host (the node's transport and the operator's NetworkControl)
// and the interface the API and metrics use.

export { protocolId, topicId } from "./channels.js";
export { type ConnectionCaps, DEFAULT_CONNECTION_CAPS } from "./connection-slots.js";
export { P2pError, type P2pErrorCode } from "./errors.js";
export { ipOf, nodeIdOf, P2pHost, peerIdOfNodeId, toMultiaddr } from "./host.js";
export type * from "./interface.js";
export type { P2pHostModules, P2pHostOptions, PeerObserver } from "./options.js";
export { BAN_THRESHOLD, PENALTY } from "./peer-scores.js";
export { DEFAULT_RATE_LIMITS } from "./rate-limits.js";
