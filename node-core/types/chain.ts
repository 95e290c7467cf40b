// Consensus objects of the TIME protocol as plain data. Their one canonical byte form lives in codec/;
// their rules live in kernel/. Sizes noted here are exact (fixed-width fields) and are enforced by the codec.

/** 32-byte BLAKE3 hash (txid, block hash, merkle root). */
export type Hash32 = Uint8Array;
/** 32-byte ed25519 public key. */
export type PublicKey = Uint8Array;
/** 64-byte ed25519 signature. */
export type Signature = Uint8Array;
/** 20-byte address payload: first 20 bytes of SHA-256(public key). */
export type AddressPayload = Uint8Array;

export interface OutPoint {
  /** 32 bytes */
  readonly txid: Hash32;
  /** u32 */
  readonly index: number;
}

export interface TxInput {
  readonly prevout: OutPoint;
  /** Witness part 1: the spender's public key (32 bytes). Not covered by the txid. */
  readonly publicKey: PublicKey;
  /** Witness part 2: signature over tag ‖ chain id ‖ txid ‖ input index (64 bytes). Not covered by the txid. */
  readonly signature: Signature;
}

export interface TxOutput {
  /** u64 sat */
  readonly amount: bigint;
  /** 20 bytes */
  readonly address: AddressPayload;
}

/**
 * Registers a masternode. The collateral outpoint is locked (not spent) while registered.
 * Signed by the key owning the collateral output and by the operator key; both signatures cover the txid
 * (they are witnesses, so the txid does not cover them).
 */
export interface MasternodeRegistration {
  readonly kind: "masternodeRegistration";
  readonly collateral: OutPoint;
  /** Public key owning the collateral output (its address payload must match the output's). */
  readonly collateralPublicKey: PublicKey;
  /** Operator key: signs heartbeats and votes; equals the node's libp2p identity key. */
  readonly operatorPublicKey: PublicKey;
  readonly payoutAddress: AddressPayload;
  /** "host:port", printable ASCII, at most MAX_NETWORK_ADDRESS_BYTES bytes. */
  readonly networkAddress: string;
  readonly collateralSignature: Signature;
  readonly operatorSignature: Signature;
}

/** Deregisters a masternode and unlocks its collateral; signed by the collateral key. */
export interface MasternodeDeregistration {
  readonly kind: "masternodeDeregistration";
  readonly collateral: OutPoint;
  readonly collateralPublicKey: PublicKey;
  readonly collateralSignature: Signature;
}

/** Changes where a masternode's rewards go; signed by the collateral key. */
export interface PayoutChange {
  readonly kind: "payoutChange";
  readonly collateral: OutPoint;
  readonly payoutAddress: AddressPayload;
  readonly collateralPublicKey: PublicKey;
  readonly collateralSignature: Signature;
}

export type SpecialPayload = MasternodeRegistration | MasternodeDeregistration | PayoutChange;
export type SpecialPayloadKind = SpecialPayload["kind"];

export interface Transaction {
  /** u16, currently 1 */
  readonly version: number;
  /** Empty only for the reward transaction (first in a block) and genesis allocations. */
  readonly inputs: readonly TxInput[];
  readonly outputs: readonly TxOutput[];
  /** u64. For the reward transaction it must equal the block height (makes every reward txid unique). */
  readonly lockTime: bigint;
  readonly special: SpecialPayload | null;
}

export interface BlockHeader {
  /** u16, currently 1 */
  readonly version: number;
  /** u32: the network's chain id, so a header can never be valid on two networks. */
  readonly chainId: number;
  /** u64 */
  readonly height: bigint;
  readonly previousHash: Hash32;
  /** BLAKE3 merkle root over txids in block order. */
  readonly merkleRoot: Hash32;
  /**
   * BLAKE3 merkle root over wtxids (BLAKE3 of each transaction's full encoding, witnesses included) in
   * block order. txids leave out signatures, so without this root a relay could swap a transaction's
   * witness bytes under a valid certificate.
   */
  readonly witnessRoot: Hash32;
  /** BLAKE3 over the canonical encoding of the block's heartbeats and previous certificate. */
  readonly extrasHash: Hash32;
  /** u64 milliseconds since the Unix epoch: start of the TSDC slot. */
  readonly timestamp: bigint;
  /** u32 TSDC round within the height (0 unless the first proposer timed out). */
  readonly round: number;
  /** Operator key of the proposer (zero bytes in genesis). */
  readonly proposerPublicKey: PublicKey;
  /** ECVRF-EDWARDS25519-SHA512 proof, 80 bytes (zero bytes in genesis). */
  readonly vrfProof: Uint8Array;
}

export type VotePhase = "prepare" | "precommit";

export interface Vote {
  readonly phase: VotePhase;
  /** u64 */
  readonly height: bigint;
  /** u32 */
  readonly round: number;
  /** Hash of the block voted for; 32 zero bytes is a nil vote. */
  readonly blockHash: Hash32;
  readonly voterPublicKey: PublicKey;
  readonly signature: Signature;
}

/**
 * A validator's bid to propose the block of (height, round): the ECVRF proof over the VRF input (chain id,
 * height, previous hash, round) proves key ownership and yields the score, so it carries no signature.
 */
export interface Candidacy {
  /** u64 */
  readonly height: bigint;
  /** u32 */
  readonly round: number;
  readonly previousHash: Hash32;
  readonly operatorPublicKey: PublicKey;
  /** ECVRF-EDWARDS25519-SHA512 proof, 80 bytes. */
  readonly vrfProof: Uint8Array;
}

export interface CertificateSignature {
  readonly voterPublicKey: PublicKey;
  readonly signature: Signature;
}

/** Precommits from more than 2/3 of the voting weight for one block: the block's proof of finality. */
export interface Certificate {
  readonly height: bigint;
  readonly round: number;
  readonly blockHash: Hash32;
  /** Sorted by voter public key, no duplicates. */
  readonly precommits: readonly CertificateSignature[];
}

/** Signed liveness beacon of a registered masternode, gossiped every 60 s and carried in blocks. */
export interface Heartbeat {
  readonly operatorPublicKey: PublicKey;
  /** u64: chain height the sender had when signing. */
  readonly height: bigint;
  /** u64 milliseconds since the Unix epoch. */
  readonly timestamp: bigint;
  /** u64, strictly increasing per operator key. */
  readonly sequence: bigint;
  readonly signature: Signature;
}

export interface Block {
  readonly header: BlockHeader;
  /** Reward transaction first, then the other transactions sorted by txid. */
  readonly transactions: readonly Transaction[];
  /** Heartbeats that make masternodes eligible for this block's reward pools (sorted by operator key). */
  readonly heartbeats: readonly Heartbeat[];
  /** Certificate of the previous block (null in genesis and at height 1). */
  readonly previousCertificate: Certificate | null;
}

/** A proposer's signed block proposal for (height, round). */
export interface Proposal {
  readonly block: Block;
  /**
   * Tendermint's validRound: -1 for a fresh block, else the round in which the proposer saw a prepare
   * quorum for this (re-proposed) block. Signed with the block hash, so no relay can change it.
   */
  readonly validRound: number;
  readonly signature: Signature;
}

/** A block with the certificate that made it final: the unit stored and synced. */
export interface CertifiedBlock {
  readonly block: Block;
  /** null only for genesis, which is final by definition. */
  readonly certificate: Certificate | null;
}
