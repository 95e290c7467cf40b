// Size caps of the wire protocol, as data: the byte cap of every message type (the whole frame, version
// and type bytes included) and the list caps inside messages. The decoder checks a frame against its
// type's cap before decoding anything; the libp2p layer uses the same table for its stream limits and
// gossip validators, so a peer cannot make a node buffer more than the largest legitimate message.
import {
  CANDIDACY_BYTES,
  HASH_BYTES,
  HEARTBEAT_BYTES,
  MAX_CERTIFIED_BLOCK_BYTES,
  MAX_PROPOSAL_BYTES,
  VOTE_BYTES,
} from "../../codec/index.js";
import { MAX_BLOCK_BYTES, MAX_TX_BYTES } from "../../params/index.js";
import { MESSAGE_TYPE, type MessageTypeName } from "./message.js";

/** Version byte and type byte. */
export const FRAME_HEADER_BYTES = 2;

/**
 * Txids per Snowball query: twice Snowball's default batch (maxTxsPerQuery 512), so a node may tune its
 * batch up without a protocol change while a query frame stays at 32 KiB.
 */
export const MAX_QUERY_TXIDS = 1_024;
/** Txids per fetch request: a fetch names txids of one query the node could not answer, so the same cap. */
export const MAX_FETCH_TXIDS = MAX_QUERY_TXIDS;
/** Transactions per txs message: the answer to a fetch carries at most one transaction per txid asked. */
export const MAX_TXS_PER_MESSAGE = MAX_FETCH_TXIDS;
/**
 * Blocks per range request and response. It bounds the work one request can ask of a peer (block reads)
 * while letting a node that syncs a chain of small blocks take long strides; the byte cap below bounds the
 * memory, so a response of large blocks simply holds fewer.
 */
export const MAX_BLOCKS_PER_RESPONSE = 128;

/** protocolVersion(u16) chainId(u32) genesisHash height(u64) tipHash */
export const STATUS_BODY_BYTES = 2 + 4 + HASH_BYTES + 8 + HASH_BYTES;
/** fromHeight(u64) count(u32) */
export const GET_BLOCKS_BODY_BYTES = 8 + 4;

/** Bitmap bytes for `count` preference bits. */
export function bitmapBytes(count: number): number {
  return (count + 7) >> 3;
}

/** Byte cap of each message type's whole frame. */
export const MESSAGE_CAPS: Readonly<Record<MessageTypeName, number>> = Object.freeze({
  // Fixed-size messages are capped at their exact size.
  status: FRAME_HEADER_BYTES + STATUS_BODY_BYTES,
  getBlocks: FRAME_HEADER_BYTES + GET_BLOCKS_BODY_BYTES,
  candidacy: FRAME_HEADER_BYTES + CANDIDACY_BYTES,
  vote: FRAME_HEADER_BYTES + VOTE_BYTES,
  heartbeat: FRAME_HEADER_BYTES + HEARTBEAT_BYTES,
  // A full query (and a fetch of all of it) and the reply to a full query.
  query: FRAME_HEADER_BYTES + 4 + 4 + MAX_QUERY_TXIDS * HASH_BYTES,
  getTxs: FRAME_HEADER_BYTES + 4 + MAX_FETCH_TXIDS * HASH_BYTES,
  reply: FRAME_HEADER_BYTES + 4 + 4 + bitmapBytes(MAX_QUERY_TXIDS),
  // A proposal and a certified block carry one block of up to MAX_BLOCK_BYTES: their codec caps.
  proposal: FRAME_HEADER_BYTES + MAX_PROPOSAL_BYTES,
  block: FRAME_HEADER_BYTES + MAX_CERTIFIED_BLOCK_BYTES,
  // A range response holds at least one certified block of the maximum size, so a chain of full blocks
  // still syncs (one block per response), and never more, so sync needs no larger buffer than gossip; the
  // responder stops adding blocks before this cap.
  blocks: FRAME_HEADER_BYTES + 4 + MAX_CERTIFIED_BLOCK_BYTES,
  // No node ever needs more than a block's worth of transactions at once (a block cannot include more);
  // a larger fetch answer is split over several messages. MAX_BLOCK_BYTES holds 80 maximal transactions.
  txs: FRAME_HEADER_BYTES + 4 + Math.max(MAX_BLOCK_BYTES, MAX_TX_BYTES),
});

/** The largest frame of any type: what a transport may need to buffer for one message. */
export const MAX_MESSAGE_BYTES = Math.max(...Object.values(MESSAGE_CAPS));

export interface MessageLimit {
  readonly type: number;
  readonly name: MessageTypeName;
  readonly maxBytes: number;
}

/** One row per message type, ordered by type tag: the table transports configure their limits from. */
export const MESSAGE_LIMITS: readonly MessageLimit[] = Object.freeze(
  (Object.entries(MESSAGE_TYPE) as [MessageTypeName, number][])
    .map(([name, type]) => Object.freeze({ type, name, maxBytes: MESSAGE_CAPS[name] }))
    .sort((a, b) => a.type - b.type),
);
