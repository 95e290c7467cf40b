// Test support: one table of every top-level codec (name, valid-object arbitrary, encoder, decoder) so the
// round-trip, rejection and fuzz suites cover exactly the same set. No vitest import: reusable anywhere.
// Layers that add decoders on top of the codec build their own tables with codecCase and run the same
// routines (case-suites.ts) over them, since this table cannot import layers above the codec.
import type fc from "fast-check";
import {
  arbBlockHeader,
  arbBlockWith,
  arbCandidacy,
  arbCertificate,
  arbCertifiedBlock,
  arbHeartbeat,
  arbMasternodeRecord,
  arbOutPoint,
  arbProposal,
  arbSpecialPayload,
  arbTransaction,
  arbUndoRecord,
  arbUtxoEntry,
  arbVote,
} from "./arbitraries.js";
import {
  decodeBlock,
  decodeCertifiedBlock,
  decodeProposal,
  encodeBlock,
  encodeCertifiedBlock,
  encodeProposal,
} from "./block.js";
import { decodeCandidacy, encodeCandidacy } from "./candidacy.js";
import { decodeCertificate, encodeCertificate } from "./certificate.js";
import { decodeBlockHeader, encodeBlockHeader } from "./header.js";
import { decodeHeartbeat, encodeHeartbeat } from "./heartbeat.js";
import { decodeMasternodeRecord, encodeMasternodeRecord } from "./masternode.js";
import { decodeOutPoint, encodeOutPoint } from "./outpoint.js";
import { decodeSpecialPayload, encodeSpecialPayload } from "./special.js";
import { decodeTransaction, encodeTransaction } from "./transaction.js";
import { decodeUndoRecord, encodeUndoRecord } from "./undo.js";
import { decodeUtxoEntry, encodeUtxoEntry } from "./utxo.js";
import { decodeVote, encodeVote } from "./vote.js";

export interface CodecCase {
  readonly name: string;
  readonly arb: fc.Arbitrary<unknown>;
  readonly encode: (value: unknown) => Uint8Array;
  readonly decode: (bytes: Uint8Array) => unknown;
  /**
   * The whole-input size cap the decoder checks before decoding, when valid encodings can reach it (an
   * exact-size message): one more byte is then CODEC_OVER_CAP rather than CODEC_TRAILING_BYTES.
   */
  readonly maxBytes?: number;
}

export function codecCase<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  encode: (value: T) => Uint8Array,
  decode: (bytes: Uint8Array) => T,
  maxBytes?: number,
): CodecCase {
  return {
    name,
    arb: arb as fc.Arbitrary<unknown>,
    encode: encode as (value: unknown) => Uint8Array,
    decode,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  };
}

export const CODEC_CASES: readonly CodecCase[] = [
  codecCase("OutPoint", arbOutPoint, encodeOutPoint, decodeOutPoint),
  codecCase("SpecialPayload", arbSpecialPayload, encodeSpecialPayload, decodeSpecialPayload),
  codecCase("Transaction", arbTransaction, encodeTransaction, decodeTransaction),
  codecCase("BlockHeader", arbBlockHeader, encodeBlockHeader, decodeBlockHeader),
  codecCase("Heartbeat", arbHeartbeat, encodeHeartbeat, decodeHeartbeat),
  codecCase("Vote", arbVote, encodeVote, decodeVote),
  codecCase("Certificate", arbCertificate, encodeCertificate, decodeCertificate),
  codecCase("Block", arbBlockWith(), encodeBlock, decodeBlock),
  codecCase("Proposal", arbProposal, encodeProposal, decodeProposal),
  codecCase("CertifiedBlock", arbCertifiedBlock, encodeCertifiedBlock, decodeCertifiedBlock),
  codecCase("UtxoEntry", arbUtxoEntry, encodeUtxoEntry, decodeUtxoEntry),
  codecCase("MasternodeRecord", arbMasternodeRecord, encodeMasternodeRecord, decodeMasternodeRecord),
  codecCase("UndoRecord", arbUndoRecord, encodeUndoRecord, decodeUndoRecord),
  codecCase("Candidacy", arbCandidacy, encodeCandidacy, decodeCandidacy),
];
