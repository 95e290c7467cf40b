// Public surface of the codec layer: the one canonical binary form of every consensus object and state
// record, the ids derived from it and the exact bytes every signature covers.
export {
  decodeBlock,
  decodeCertifiedBlock,
  decodeProposal,
  encodeBlock,
  encodeCertifiedBlock,
  encodeProposal,
  readBlock,
  readCertifiedBlock,
  readOptionalCertificate,
  readProposal,
  writeBlock,
  writeCertifiedBlock,
  writeOptionalCertificate,
  writeProposal,
} from "./block.js";
export {
  CANDIDACY_BYTES,
  type Candidacy,
  decodeCandidacy,
  encodeCandidacy,
  readCandidacy,
  writeCandidacy,
} from "./candidacy.js";
export * from "./caps.js";
export { decodeCertificate, encodeCertificate, readCertificate, writeCertificate } from "./certificate.js";
export { CodecError, type CodecErrorCode, type CodecErrorDetails, isCodecError } from "./errors.js";
export { decodeBlockHeader, encodeBlockHeader, readBlockHeader, writeBlockHeader } from "./header.js";
export {
  decodeHeartbeat,
  encodeHeartbeat,
  readHeartbeat,
  readHeartbeatList,
  writeHeartbeat,
  writeHeartbeatList,
} from "./heartbeat.js";
export { blockExtrasHash, blockHash, transactionId, witnessRoot, witnessTransactionId } from "./ids.js";
export {
  decodeMasternodeRecord,
  encodeMasternodeRecord,
  readMasternodeRecord,
  writeMasternodeRecord,
} from "./masternode.js";
export { merkleRoot } from "./merkle.js";
export { decodeOutPoint, encodeOutPoint, readOutPoint, writeOutPoint } from "./outpoint.js";
export { Reader } from "./reader.js";
export {
  heartbeatSigningMessage,
  proposalSigningMessage,
  specialSigningMessage,
  txInputSigningMessage,
  voteSigningMessage,
  vrfInputMessage,
} from "./signing.js";
export {
  decodeSpecialPayload,
  encodeSpecialPayload,
  readSpecialPayload,
  SPECIAL_PAYLOAD_TAG,
  writeSpecialPayload,
} from "./special.js";
export {
  decodeTransaction,
  encodeTransaction,
  encodeUnsignedTransaction,
  readTransaction,
  transactionSize,
  writeTransaction,
  writeUnsignedTransaction,
} from "./transaction.js";
export { decodeUndoRecord, encodeUndoRecord, readUndoRecord, writeUndoRecord } from "./undo.js";
export { decodeUtxoEntry, encodeUtxoEntry, readUtxoEntry, writeUtxoEntry } from "./utxo.js";
export { NO_VALID_ROUND, readValidRound, writeValidRound } from "./valid-round.js";
export { decodeVote, encodeVote, readVote, VOTE_PHASE_TAG, writeVote } from "./vote.js";
export { Writer } from "./writer.js";
