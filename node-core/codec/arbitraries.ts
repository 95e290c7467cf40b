// fast-check arbitraries producing VALID consensus objects and state records (every field in range, lists
// within caps, sorted lists sorted). Shared by the codec tests and by other suites (kernel, db, p2p), so
// this module must not import vitest. List sizes are kept small so property runs stay fast.

import fc from "fast-check";
import { MAX_NETWORK_ADDRESS_BYTES, VRF_PROOF_BYTES } from "../params/consensus.js";
import { MAX_AMOUNT } from "../types/amount.js";
import { compareBytes } from "../types/bytes.js";
import type {
  Block,
  BlockHeader,
  Certificate,
  CertificateSignature,
  CertifiedBlock,
  Heartbeat,
  MasternodeDeregistration,
  MasternodeRegistration,
  OutPoint,
  PayoutChange,
  Proposal,
  SpecialPayload,
  Transaction,
  TxInput,
  TxOutput,
  Vote,
} from "../types/chain.js";
import type { MasternodeChange, MasternodeRecord, UndoRecord, Utxo, UtxoEntry } from "../types/state.js";
import type { Candidacy } from "./candidacy.js";

export const arbBytes = (size: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: size, maxLength: size });

export const arbHash32 = arbBytes(32);
export const arbPublicKey = arbBytes(32);
export const arbSignature = arbBytes(64);
export const arbAddressPayload = arbBytes(20);
export const arbVrfProof = arbBytes(VRF_PROOF_BYTES);

export const arbU16 = fc.integer({ min: 0, max: 0xffff });
export const arbU32 = fc.integer({ min: 0, max: 0xffffffff });
export const arbU64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
export const arbAmount = fc.bigInt({ min: 0n, max: MAX_AMOUNT });

/** Printable ASCII (0x20-0x7e), up to MAX_NETWORK_ADDRESS_BYTES characters. */
export const arbNetworkAddress = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: MAX_NETWORK_ADDRESS_BYTES,
});

export const arbOutPoint: fc.Arbitrary<OutPoint> = fc.record({ txid: arbHash32, index: arbU32 });

export const arbTxInput: fc.Arbitrary<TxInput> = fc.record({
  prevout: arbOutPoint,
  publicKey: arbPublicKey,
  signature: arbSignature,
});

export const arbTxOutput: fc.Arbitrary<TxOutput> = fc.record({
  amount: arbAmount,
  address: arbAddressPayload,
});

export const arbMasternodeRegistration: fc.Arbitrary<MasternodeRegistration> = fc.record({
  kind: fc.constant("masternodeRegistration" as const),
  collateral: arbOutPoint,
  collateralPublicKey: arbPublicKey,
  operatorPublicKey: arbPublicKey,
  payoutAddress: arbAddressPayload,
  networkAddress: arbNetworkAddress,
  collateralSignature: arbSignature,
  operatorSignature: arbSignature,
});

export const arbMasternodeDeregistration: fc.Arbitrary<MasternodeDeregistration> = fc.record({
  kind: fc.constant("masternodeDeregistration" as const),
  collateral: arbOutPoint,
  collateralPublicKey: arbPublicKey,
  collateralSignature: arbSignature,
});

export const arbPayoutChange: fc.Arbitrary<PayoutChange> = fc.record({
  kind: fc.constant("payoutChange" as const),
  collateral: arbOutPoint,
  payoutAddress: arbAddressPayload,
  collateralPublicKey: arbPublicKey,
  collateralSignature: arbSignature,
});

export const arbSpecialPayload: fc.Arbitrary<SpecialPayload> = fc.oneof(
  arbMasternodeRegistration,
  arbMasternodeDeregistration,
  arbPayoutChange,
);

export interface TransactionShape {
  readonly maxInputs?: number;
  readonly maxOutputs?: number;
}

export function arbTransactionWith(shape: TransactionShape = {}): fc.Arbitrary<Transaction> {
  return fc.record({
    version: arbU16,
    inputs: fc.array(arbTxInput, { maxLength: shape.maxInputs ?? 4 }),
    outputs: fc.array(arbTxOutput, { maxLength: shape.maxOutputs ?? 4 }),
    lockTime: arbU64,
    special: fc.option(arbSpecialPayload, { nil: null }),
  });
}

export const arbTransaction: fc.Arbitrary<Transaction> = arbTransactionWith();

export const arbBlockHeader: fc.Arbitrary<BlockHeader> = fc.record({
  version: arbU16,
  chainId: arbU32,
  height: arbU64,
  previousHash: arbHash32,
  merkleRoot: arbHash32,
  witnessRoot: arbHash32,
  extrasHash: arbHash32,
  timestamp: arbU64,
  round: arbU32,
  proposerPublicKey: arbPublicKey,
  vrfProof: arbVrfProof,
});

export const arbHeartbeat: fc.Arbitrary<Heartbeat> = fc.record({
  operatorPublicKey: arbPublicKey,
  height: arbU64,
  timestamp: arbU64,
  sequence: arbU64,
  signature: arbSignature,
});

const hexKey = (key: Uint8Array): string => Buffer.from(key).toString("hex");

/** Heartbeats with distinct operator keys, sorted ascending by key, as a block carries them. */
export function arbSortedHeartbeats(maxLength = 3): fc.Arbitrary<Heartbeat[]> {
  return fc
    .uniqueArray(arbHeartbeat, { selector: (h) => hexKey(h.operatorPublicKey), maxLength })
    .map((list) => list.sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey)));
}

export const arbVote: fc.Arbitrary<Vote> = fc.record({
  phase: fc.constantFrom("prepare" as const, "precommit" as const),
  height: arbU64,
  round: arbU32,
  blockHash: arbHash32,
  voterPublicKey: arbPublicKey,
  signature: arbSignature,
});

export const arbCandidacy: fc.Arbitrary<Candidacy> = fc.record({
  height: arbU64,
  round: arbU32,
  previousHash: arbHash32,
  operatorPublicKey: arbPublicKey,
  vrfProof: arbVrfProof,
});

export const arbCertificateSignature: fc.Arbitrary<CertificateSignature> = fc.record({
  voterPublicKey: arbPublicKey,
  signature: arbSignature,
});

export function arbCertificateWith(maxPrecommits = 4): fc.Arbitrary<Certificate> {
  return fc.record({
    height: arbU64,
    round: arbU32,
    blockHash: arbHash32,
    precommits: fc
      .uniqueArray(arbCertificateSignature, {
        selector: (s) => hexKey(s.voterPublicKey),
        maxLength: maxPrecommits,
      })
      .map((list) => list.sort((a, b) => compareBytes(a.voterPublicKey, b.voterPublicKey))),
  });
}

export const arbCertificate: fc.Arbitrary<Certificate> = arbCertificateWith();

export interface BlockShape extends TransactionShape {
  readonly maxTransactions?: number;
  readonly maxHeartbeats?: number;
  readonly maxPrecommits?: number;
}

export function arbBlockWith(shape: BlockShape = {}): fc.Arbitrary<Block> {
  return fc.record({
    header: arbBlockHeader,
    transactions: fc.array(arbTransactionWith(shape), { maxLength: shape.maxTransactions ?? 3 }),
    heartbeats: arbSortedHeartbeats(shape.maxHeartbeats ?? 3),
    previousCertificate: fc.option(arbCertificateWith(shape.maxPrecommits ?? 4), { nil: null }),
  });
}

export const arbBlock: fc.Arbitrary<Block> = arbBlockWith();

/** -1 (fresh block) or any round the sentinel does not stand for. */
export const arbValidRound: fc.Arbitrary<number> = fc.oneof(
  fc.constant(-1),
  fc.integer({ min: 0, max: 0xfffffffe }),
);

export const arbProposal: fc.Arbitrary<Proposal> = fc.record({
  block: arbBlock,
  validRound: arbValidRound,
  signature: arbSignature,
});

export const arbCertifiedBlock: fc.Arbitrary<CertifiedBlock> = fc.record({
  block: arbBlock,
  certificate: fc.option(arbCertificate, { nil: null }),
});

export const arbUtxoEntry: fc.Arbitrary<UtxoEntry> = fc.record({
  amount: arbAmount,
  address: arbAddressPayload,
  height: arbU64,
  isReward: fc.boolean(),
});

export const arbUtxo: fc.Arbitrary<Utxo> = fc.record({ outpoint: arbOutPoint, entry: arbUtxoEntry });

export const arbMasternodeRecord: fc.Arbitrary<MasternodeRecord> = fc.record({
  collateral: arbOutPoint,
  collateralAmount: arbAmount,
  collateralPublicKey: arbPublicKey,
  operatorPublicKey: arbPublicKey,
  payoutAddress: arbAddressPayload,
  networkAddress: arbNetworkAddress,
  registeredHeight: arbU64,
});

export const arbMasternodeChange: fc.Arbitrary<MasternodeChange> = fc.record({
  collateral: arbOutPoint,
  before: fc.option(arbMasternodeRecord, { nil: null }),
  after: fc.option(arbMasternodeRecord, { nil: null }),
});

export const arbUndoRecord: fc.Arbitrary<UndoRecord> = fc.record({
  height: arbU64,
  blockHash: arbHash32,
  spent: fc.array(arbUtxo, { maxLength: 4 }),
  created: fc.array(arbOutPoint, { maxLength: 4 }),
  masternodes: fc.array(arbMasternodeChange, { maxLength: 3 }),
});
