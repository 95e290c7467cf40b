// fast-check arbitraries producing VALID protocol messages of every type (fields in range, lists within
// caps, bitmaps with zero padding, block ranges consecutive), built on the codec's arbitraries. Test
// support for this folder's suites and for the transports above it; it must not import vitest.
import fc from "fast-check";
import {
  arbBlockWith,
  arbCandidacy,
  arbCertificateWith,
  arbHash32,
  arbHeartbeat,
  arbSignature,
  arbTransaction,
  arbU16,
  arbU32,
  arbU64,
  arbValidRound,
  arbVote,
} from "../../codec/arbitraries.js";
import type { CertifiedBlock } from "../../types/chain.js";
import { bitmapBytes, MAX_BLOCKS_PER_RESPONSE, MAX_QUERY_TXIDS } from "./caps.js";
import type { Message, MessageTypeName } from "./message.js";

type Of<K extends Message["kind"]> = Extract<Message, { kind: K }>;

const U64_MAX = (1n << 64n) - 1n;

/**
 * Small blocks: the codec's suites cover block encodings in depth; here they only need to be present, and
 * every byte of them costs time in the prefix and fuzz suites.
 */
const SMALL_BLOCK = { maxTransactions: 2, maxHeartbeats: 2, maxPrecommits: 2, maxInputs: 2, maxOutputs: 2 };
const arbSmallCertifiedBlock = fc.record({
  block: arbBlockWith(SMALL_BLOCK),
  certificate: fc.option(arbCertificateWith(2), { nil: null }),
});
const arbSmallProposal = fc.record({
  block: arbBlockWith(SMALL_BLOCK),
  validRound: arbValidRound,
  signature: arbSignature,
});

/** Short txid lists: long ones only slow the quadratic prefix tests down without covering more code. */
const arbTxids = fc.array(arbHash32, { maxLength: 40 });

export const arbStatusMessage: fc.Arbitrary<Of<"status">> = fc.record({
  kind: fc.constant("status" as const),
  protocolVersion: arbU16,
  chainId: arbU32,
  genesisHash: arbHash32,
  height: arbU64,
  tipHash: arbHash32,
});

export const arbGetBlocksMessage: fc.Arbitrary<Of<"getBlocks">> = fc.record({
  kind: fc.constant("getBlocks" as const),
  fromHeight: arbU64,
  count: fc.integer({ min: 1, max: MAX_BLOCKS_PER_RESPONSE }),
});

/** Up to `maxLength` certified blocks renumbered to consecutive heights from a random start. */
export function arbBlockRange(maxLength = 3): fc.Arbitrary<CertifiedBlock[]> {
  return fc
    .tuple(
      fc.array(arbSmallCertifiedBlock, { maxLength }),
      fc.bigInt({ min: 0n, max: U64_MAX - BigInt(maxLength) }),
    )
    .map(([blocks, start]) =>
      blocks.map((c, i) => ({
        ...c,
        block: { ...c.block, header: { ...c.block.header, height: start + BigInt(i) } },
      })),
    );
}

export const arbBlocksMessage: fc.Arbitrary<Of<"blocks">> = fc.record({
  kind: fc.constant("blocks" as const),
  blocks: arbBlockRange(),
});

export const arbGetTxsMessage: fc.Arbitrary<Of<"getTxs">> = fc.record({
  kind: fc.constant("getTxs" as const),
  txids: arbTxids,
});

export const arbTxsMessage: fc.Arbitrary<Of<"txs">> = fc.record({
  kind: fc.constant("txs" as const),
  txs: fc.array(arbTransaction, { maxLength: 3 }),
});

export const arbQueryMessage: fc.Arbitrary<Of<"query">> = fc.record({
  kind: fc.constant("query" as const),
  requestId: arbU32,
  txids: arbTxids,
});

/** A `count`-bit bitmap with its padding bits cleared. */
export function arbBitmap(count: number): fc.Arbitrary<Uint8Array> {
  const size = bitmapBytes(count);
  return fc.uint8Array({ minLength: size, maxLength: size }).map((bits) => {
    if (count % 8 !== 0) bits[size - 1] = (bits[size - 1] as number) & ((1 << (count % 8)) - 1);
    return bits;
  });
}

export const arbReplyMessage: fc.Arbitrary<Of<"reply">> = fc
  .tuple(arbU32, fc.integer({ min: 0, max: MAX_QUERY_TXIDS }))
  .chain(([requestId, count]) =>
    arbBitmap(count).map((bits) => ({ kind: "reply" as const, requestId, count, bits })),
  );

export const arbCandidacyMessage: fc.Arbitrary<Of<"tsdc">> = arbCandidacy.map((candidacy) => ({
  kind: "tsdc" as const,
  message: { kind: "candidacy" as const, candidacy },
}));

export const arbProposalMessage: fc.Arbitrary<Of<"tsdc">> = arbSmallProposal.map((proposal) => ({
  kind: "tsdc" as const,
  message: { kind: "proposal" as const, proposal },
}));

export const arbVoteMessage: fc.Arbitrary<Of<"tsdc">> = arbVote.map((vote) => ({
  kind: "tsdc" as const,
  message: { kind: "vote" as const, vote },
}));

export const arbBlockMessage: fc.Arbitrary<Of<"block">> = arbSmallCertifiedBlock.map((block) => ({
  kind: "block" as const,
  block,
}));

export const arbHeartbeatMessage: fc.Arbitrary<Of<"heartbeat">> = arbHeartbeat.map((heartbeat) => ({
  kind: "heartbeat" as const,
  heartbeat,
}));

/** One arbitrary per message type. */
export const ARB_MESSAGE_BY_TYPE: Readonly<Record<MessageTypeName, fc.Arbitrary<Message>>> = {
  status: arbStatusMessage,
  getBlocks: arbGetBlocksMessage,
  blocks: arbBlocksMessage,
  getTxs: arbGetTxsMessage,
  txs: arbTxsMessage,
  query: arbQueryMessage,
  reply: arbReplyMessage,
  candidacy: arbCandidacyMessage,
  proposal: arbProposalMessage,
  vote: arbVoteMessage,
  block: arbBlockMessage,
  heartbeat: arbHeartbeatMessage,
};

/** Any valid message. */
export const arbMessage: fc.Arbitrary<Message> = fc.oneof(...Object.values(ARB_MESSAGE_BY_TYPE));
