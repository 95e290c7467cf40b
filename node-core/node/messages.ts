// The messages node handlers exchange are the wire protocol's (network/protocol): transaction gossip and
// fetch, the Snowball query/answer pair, TSDC gossip, heartbeats, certified-block gossip, and the status
// handshake plus block range sync that lets a node catch up. This file only names the sync answer sizes.
import { MAX_BLOCKS_PER_RESPONSE, MESSAGE_CAPS } from "../network/index.js";

export type { Message as NodeMessage } from "../network/index.js";

/** Most blocks this node sends in one sync answer, and asks for in one request (within the protocol's cap). */
export const MAX_BLOCKS_PER_MESSAGE = Math.min(16, MAX_BLOCKS_PER_RESPONSE);

/** Bytes of certified blocks one sync answer holds: the blocks message's cap less its frame and count. */
export const MAX_BLOCKS_ANSWER_BYTES = MESSAGE_CAPS.blocks - 2 - 4;
