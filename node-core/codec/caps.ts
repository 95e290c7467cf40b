// Fixed field sizes and the derived hard caps the codec enforces beyond the consensus constants in
// params/consensus.ts. They are exported because p2p needs them for per-message size limits.
import { MAX_BLOCK_BYTES, MAX_CERTIFICATE_SIGNATURES, VRF_PROOF_BYTES } from "../params/index.js";

export const HASH_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const ADDRESS_BYTES = 20;
export { VRF_PROOF_BYTES };

/** txid(32) index(u32) */
export const OUTPOINT_BYTES = HASH_BYTES + 4;
/** prevout publicKey signature */
export const TX_INPUT_BYTES = OUTPOINT_BYTES + PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
/** amount(u64) address(20) */
export const TX_OUTPUT_BYTES = 8 + ADDRESS_BYTES;
/** version inputs-count outputs-count lockTime special-flag: the smallest possible transaction. */
export const MIN_TRANSACTION_BYTES = 2 + 4 + 4 + 8 + 1;
export const BLOCK_HEADER_BYTES = 2 + 4 + 8 + HASH_BYTES * 4 + 8 + 4 + PUBLIC_KEY_BYTES + VRF_PROOF_BYTES;
export const HEARTBEAT_BYTES = PUBLIC_KEY_BYTES + 8 + 8 + 8 + SIGNATURE_BYTES;
export const VOTE_BYTES = 1 + 8 + 4 + HASH_BYTES + PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
export const CERTIFICATE_SIGNATURE_BYTES = PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
/** amount(u64) address(20) height(u64) isReward(bool) */
export const UTXO_ENTRY_BYTES = 8 + ADDRESS_BYTES + 8 + 1;
/** collateral amount keys payout networkAddress(count only) registeredHeight */
export const MIN_MASTERNODE_RECORD_BYTES = OUTPOINT_BYTES + 8 + PUBLIC_KEY_BYTES * 2 + ADDRESS_BYTES + 4 + 8;
/** collateral + two absent optionals */
export const MIN_MASTERNODE_CHANGE_BYTES = OUTPOINT_BYTES + 1 + 1;

/** A certificate carrying the maximum number of precommits. */
export const MAX_CERTIFICATE_BYTES =
  8 + 4 + HASH_BYTES + 4 + MAX_CERTIFICATE_SIGNATURES * CERTIFICATE_SIGNATURE_BYTES;
/** The block inside is capped at MAX_BLOCK_BYTES; the proposal adds its validRound (u32) and signature. */
export const MAX_PROPOSAL_BYTES = MAX_BLOCK_BYTES + 4 + SIGNATURE_BYTES;
/**
 * The block inside is capped at MAX_BLOCK_BYTES; the certificate comes on top, so a block filled to the cap
 * can still be certified and synced.
 */
export const MAX_CERTIFIED_BLOCK_BYTES = MAX_BLOCK_BYTES + 1 + MAX_CERTIFICATE_BYTES;

/*
 * Undo lists are bounded by what one block can carry rather than by the product of the per-transaction
 * caps (MAX_BLOCK_TRANSACTIONS * MAX_TX_INPUTS would allow ~120M entries). Every spent UTXO comes from an
 * input and every masternode change from an input or a special payload, each at least an outpoint (36
 * bytes) in the block. Every created outpoint comes from an output, only 28 bytes in the block, so that
 * list needs the looser bound: MAX_BLOCK_BYTES / 36 would be too small for a block full of outputs.
 */
export const MAX_UNDO_SPENT = Math.floor(MAX_BLOCK_BYTES / OUTPOINT_BYTES);
export const MAX_UNDO_CREATED = Math.floor(MAX_BLOCK_BYTES / TX_OUTPUT_BYTES);
export const MAX_UNDO_MASTERNODE_CHANGES = Math.floor(MAX_BLOCK_BYTES / OUTPOINT_BYTES);
