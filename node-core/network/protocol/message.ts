// The protocol's message set as one discriminated union (`kind`), the frame version and the one-byte type
// tag of every message. These objects are what nodes say to each other; frame.ts turns them into bytes.
import type { TsdcMessage } from "../../consensus/tsdc/index.js";
import type { CertifiedBlock, Hash32, Heartbeat, Transaction } from "../../types/index.js";

/**
 * First byte of every frame. A decoder refuses any other value rather than guessing at a layout: a node
 * that speaks a newer framing must be told apart before its bytes are misread.
 */
export const PROTOCOL_VERSION = 1;

/** Second byte of every frame: which message follows. Never renumber; retire a tag instead. */
export const MESSAGE_TYPE = Object.freeze({
  status: 1,
  getBlocks: 2,
  blocks: 3,
  getTxs: 4,
  txs: 5,
  query: 6,
  reply: 7,
  candidacy: 8,
  proposal: 9,
  vote: 10,
  block: 11,
  heartbeat: 12,
} as const);

/** Name of a message type: the message kind, with the three TSDC messages named by their own kind. */
export type MessageTypeName = keyof typeof MESSAGE_TYPE;

export type Message =
  /**
   * Handshake, sent first on every connection and again when a node needs to learn a peer's tip. A peer
   * on another chain id or genesis, or speaking another protocol version, is disconnected.
   */
  | {
      readonly kind: "status";
      /** u16: the protocol version this node speaks (the frame's own version byte is its encoding). */
      readonly protocolVersion: number;
      /** u32 */
      readonly chainId: number;
      readonly genesisHash: Hash32;
      /** u64: the sender's tip height. */
      readonly height: bigint;
      readonly tipHash: Hash32;
    }
  /** Block range request: up to `count` (1..MAX_BLOCKS_PER_RESPONSE) blocks from `fromHeight` on. */
  | { readonly kind: "getBlocks"; readonly fromHeight: bigint; readonly count: number }
  /** Block range response: certified blocks, consecutive heights, oldest first (possibly none). */
  | { readonly kind: "blocks"; readonly blocks: readonly CertifiedBlock[] }
  /** Tx fetch request: "send me these transactions" (a query named txids the sender never saw). */
  | { readonly kind: "getTxs"; readonly txids: readonly Hash32[] }
  /** Transactions: the answer to getTxs, and transaction gossip. */
  | { readonly kind: "txs"; readonly txs: readonly Transaction[] }
  /** Snowball query: the sender's preference for each txid, please. */
  | { readonly kind: "query"; readonly requestId: number; readonly txids: readonly Hash32[] }
  /**
   * Snowball reply: bit i (byte i >> 3, bit i & 7) set means the sender prefers txids[i] of the query
   * `requestId`; `count` is that query's length, so the bitmap is exactly ceil(count / 8) bytes and its
   * padding bits are zero.
   */
  | { readonly kind: "reply"; readonly requestId: number; readonly count: number; readonly bits: Uint8Array }
  /** TSDC gossip: a candidacy, a proposal or a vote (prepare or precommit), each with its own type tag. */
  | { readonly kind: "tsdc"; readonly message: TsdcMessage }
  /** Gossip of a newly certified block. */
  | { readonly kind: "block"; readonly block: CertifiedBlock }
  | { readonly kind: "heartbeat"; readonly heartbeat: Heartbeat };

export type MessageKind = Message["kind"];

/** The type name (and so the tag and the cap) of a message. */
export function messageTypeName(message: Message): MessageTypeName {
  return message.kind === "tsdc" ? message.message.kind : message.kind;
}
