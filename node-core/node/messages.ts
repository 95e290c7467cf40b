// The messages node handlers exchange: transaction gossip and fetch, the Snowball query/answer pair, TSDC
// gossip (candidacies, proposals, votes), heartbeats, and the status handshake plus block range sync that
// lets a node catch up.
import type { TsdcMessage } from "../consensus/tsdc/index.js";
import type { CertifiedBlock, Heartbeat, Transaction } from "../types/index.js";

export type NodeMessage =
  /** Gossip of new transactions, and the answer to getTxs. */
  | { readonly kind: "txs"; readonly txs: readonly Transaction[] }
  /** "Send me these transactions" (a query named txids this node has never seen). */
  | { readonly kind: "getTxs"; readonly txids: readonly Uint8Array[] }
  | { readonly kind: "query"; readonly requestId: number; readonly txids: readonly Uint8Array[] }
  | { readonly kind: "reply"; readonly requestId: number; readonly bits: Uint8Array }
  | { readonly kind: "tsdc"; readonly message: TsdcMessage }
  | { readonly kind: "heartbeat"; readonly heartbeat: Heartbeat }
  /** Certified blocks, consecutive, oldest first (gossip of a new block or a sync answer). */
  | { readonly kind: "blocks"; readonly blocks: readonly CertifiedBlock[] }
  /** "My tip is at `height`": a peer ahead answers with blocks, a peer behind asks for them. */
  | { readonly kind: "status"; readonly height: bigint }
  | { readonly kind: "getBlocks"; readonly fromHeight: bigint };

/** Most blocks sent in one sync answer. */
export const MAX_BLOCKS_PER_MESSAGE = 16;
