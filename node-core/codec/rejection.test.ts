// Rejection tests: one or more inputs for every error code, on the decoders and on the encoders (an encoder
// must refuse anything its decoder would refuse). Offsets are computed from the known layouts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_BLOCK_BYTES,
  MAX_BLOCK_HEARTBEATS,
  MAX_BLOCK_TRANSACTIONS,
  MAX_CERTIFICATE_SIGNATURES,
  MAX_TX_BYTES,
  MAX_TX_INPUTS,
  MAX_TX_OUTPUTS,
} from "../params/consensus.js";
import { MAX_AMOUNT } from "../types/amount.js";
import type { Block, BlockHeader, Certificate, Heartbeat, Transaction, TxInput } from "../types/chain.js";
import type { MasternodeRecord, UndoRecord } from "../types/state.js";
import { arbBlockWith } from "./arbitraries.js";
import {
  decodeBlock,
  decodeCertifiedBlock,
  decodeProposal,
  encodeBlock,
  encodeCertifiedBlock,
  encodeProposal,
  writeBlockExtras,
} from "./block.js";
import { BLOCK_HEADER_BYTES, MAX_UNDO_CREATED, MAX_UNDO_MASTERNODE_CHANGES, MAX_UNDO_SPENT } from "./caps.js";
import { wholeInputSuite } from "./case-suites.js";
import { CODEC_CASES } from "./cases.js";
import { decodeCertificate, encodeCertificate } from "./certificate.js";
import { CodecError, type CodecErrorCode } from "./errors.js";
import { encodeBlockHeader, writeBlockHeader } from "./header.js";
import { blockExtrasHash, transactionId } from "./ids.js";
import { decodeMasternodeRecord, encodeMasternodeRecord } from "./masternode.js";
import { merkleRoot } from "./merkle.js";
import { decodeOutPoint, encodeOutPoint } from "./outpoint.js";
import { specialSigningMessage, txInputSigningMessage } from "./signing.js";
import { decodeSpecialPayload, encodeSpecialPayload } from "./special.js";
import { decodeTransaction, encodeTransaction, transactionSize, writeTransaction } from "./transaction.js";
import { decodeUndoRecord, encodeUndoRecord } from "./undo.js";
import { decodeUtxoEntry, encodeUtxoEntry } from "./utxo.js";
import { decodeVote, encodeVote } from "./vote.js";
import { Writer } from "./writer.js";

function codeOf(fn: () => unknown): CodecErrorCode | "no error" {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return "no error";
}

const fill = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);

function patchU32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(offset, value, true);
  return out;
}

function patchU8(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[offset] = value;
  return out;
}

function patchU64(bytes: Uint8Array, offset: number, value: bigint): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(offset, value, true);
  return out;
}

const input = (i: number): TxInput => ({
  prevout: { txid: fill(i & 0xff, 32), index: i },
  publicKey: fill(2, 32),
  signature: fill(3, 64),
});

const tx = (inputs: number, outputs: number): Transaction => ({
  version: 1,
  inputs: Array.from({ length: inputs }, (_, i) => input(i)),
  outputs: Array.from({ length: outputs }, (_, i) => ({ amount: BigInt(1000 + i), address: fill(4, 20) })),
  lockTime: 0n,
  special: null,
});

const header: BlockHeader = {
  version: 1,
  chainId: 3,
  height: 2n,
  previousHash: fill(1, 32),
  merkleRoot: fill(2, 32),
  witnessRoot: fill(7, 32),
  extrasHash: fill(3, 32),
  timestamp: 4n,
  round: 0,
  proposerPublicKey: fill(5, 32),
  vrfProof: fill(6, 80),
};

const heartbeat = (key: number): Heartbeat => ({
  operatorPublicKey: fill(key, 32),
  height: 1n,
  timestamp: 2n,
  sequence: 3n,
  signature: fill(9, 64),
});

const certificate = (...keys: number[]): Certificate => ({
  height: 1n,
  round: 0,
  blockHash: fill(7, 32),
  precommits: keys.map((k) => ({ voterPublicKey: fill(k, 32), signature: fill(8, 64) })),
});

const record: MasternodeRecord = {
  collateral: { txid: fill(1, 32), index: 0 },
  collateralAmount: 1000n,
  collateralPublicKey: fill(2, 32),
  operatorPublicKey: fill(3, 32),
  payoutAddress: fill(4, 20),
  networkAddress: "10.0.0.1:24200",
  registeredHeight: 5n,
};
// Offset of the networkAddress length prefix in an encoded record.
const RECORD_ADDRESS_OFFSET = 36 + 8 + 32 + 32 + 20;

const emptyUndo: UndoRecord = { height: 1n, blockHash: fill(1, 32), spent: [], created: [], masternodes: [] };

wholeInputSuite(CODEC_CASES);

describe("CODEC_TRUNCATED", () => {
  it("a list count the remaining input cannot hold fails before anything is allocated", () => {
    const bytes = encodeTransaction(tx(0, 0));
    expect(codeOf(() => decodeTransaction(patchU32(bytes, 2, MAX_TX_INPUTS)))).toBe("CODEC_TRUNCATED");
    const block = encodeBlock({ header, transactions: [], heartbeats: [], previousCertificate: null });
    expect(codeOf(() => decodeBlock(patchU32(block, BLOCK_HEADER_BYTES, MAX_BLOCK_TRANSACTIONS)))).toBe(
      "CODEC_TRUNCATED",
    );
    const undo = encodeUndoRecord(emptyUndo);
    expect(codeOf(() => decodeUndoRecord(patchU32(undo, 40, MAX_UNDO_SPENT)))).toBe("CODEC_TRUNCATED");
  });
});

describe("CODEC_OVER_CAP", () => {
  it("transaction input and output counts of 0xffffffff and cap + 1", () => {
    const bytes = encodeTransaction(tx(0, 0));
    for (const n of [0xffffffff, MAX_TX_INPUTS + 1]) {
      expect(codeOf(() => decodeTransaction(patchU32(bytes, 2, n)))).toBe("CODEC_OVER_CAP");
    }
    for (const n of [0xffffffff, MAX_TX_OUTPUTS + 1]) {
      expect(codeOf(() => decodeTransaction(patchU32(bytes, 6, n)))).toBe("CODEC_OVER_CAP");
    }
    expect(codeOf(() => encodeTransaction(tx(0, MAX_TX_OUTPUTS + 1)))).toBe("CODEC_OVER_CAP");
    expect(codeOf(() => encodeTransaction(tx(0, MAX_TX_OUTPUTS)))).toBe("no error");
  });

  it("a transaction over MAX_TX_BYTES, on its own and inside a block", () => {
    const big = tx(760, 0);
    expect(transactionSize(big)).toBeGreaterThan(MAX_TX_BYTES);
    expect(codeOf(() => encodeTransaction(big))).toBe("CODEC_OVER_CAP");
    // Its txid is still defined (the unsigned form is not a wire format), so the kernel can name it.
    expect(transactionId(big)).toHaveLength(32);
    expect(codeOf(() => decodeTransaction(new Uint8Array(MAX_TX_BYTES + 1)))).toBe("CODEC_OVER_CAP");
    const w = new Writer();
    writeBlockHeader(w, header);
    w.u32(1, "transactions");
    w.u16(1, "version");
    w.u32(760, "inputs");
    for (let i = 0; i < 760; i++) {
      w.raw(encodeOutPoint(input(i).prevout));
      w.raw(fill(2, 32));
      w.raw(fill(3, 64));
    }
    w.u32(0, "outputs");
    w.u64(0n, "lockTime");
    w.presence(false);
    writeBlockExtras(w, [], null);
    const error = (() => {
      try {
        decodeBlock(w.toBytes());
      } catch (e) {
        return e as CodecError;
      }
      return null;
    })();
    expect(error?.code).toBe("CODEC_OVER_CAP");
    expect(error?.details.field).toBe("transaction");
    expect(error?.details.object).toBe("Block");
  });

  it("block lists: transactions, heartbeats, certificate precommits", () => {
    const block: Block = { header, transactions: [], heartbeats: [], previousCertificate: null };
    const bytes = encodeBlock(block);
    for (const n of [0xffffffff, MAX_BLOCK_TRANSACTIONS + 1]) {
      expect(codeOf(() => decodeBlock(patchU32(bytes, BLOCK_HEADER_BYTES, n)))).toBe("CODEC_OVER_CAP");
    }
    for (const n of [0xffffffff, MAX_BLOCK_HEARTBEATS + 1]) {
      expect(codeOf(() => decodeBlock(patchU32(bytes, BLOCK_HEADER_BYTES + 4, n)))).toBe("CODEC_OVER_CAP");
    }
    const cert = encodeCertificate(certificate());
    for (const n of [0xffffffff, MAX_CERTIFICATE_SIGNATURES + 1]) {
      expect(codeOf(() => decodeCertificate(patchU32(cert, 44, n)))).toBe("CODEC_OVER_CAP");
    }
    const tooMany = Array.from({ length: MAX_CERTIFICATE_SIGNATURES + 1 }, (_, i) => ({
      voterPublicKey: patchU32(fill(0, 32), 28, i).reverse(),
      signature: fill(1, 64),
    }));
    expect(codeOf(() => encodeCertificate({ ...certificate(), precommits: tooMany }))).toBe("CODEC_OVER_CAP");
  });

  it("a block over MAX_BLOCK_BYTES, on its own and inside a certified block", () => {
    const big = tx(740, 0);
    const transactions = Array.from(
      { length: Math.ceil(MAX_BLOCK_BYTES / transactionSize(big)) + 1 },
      () => big,
    );
    const block: Block = { header, transactions, heartbeats: [], previousCertificate: null };
    expect(codeOf(() => encodeBlock(block))).toBe("CODEC_OVER_CAP");
    expect(codeOf(() => encodeCertifiedBlock({ block, certificate: null }))).toBe("CODEC_OVER_CAP");
    const w = new Writer(MAX_BLOCK_BYTES + 200_000);
    writeBlockHeader(w, header);
    w.u32(transactions.length, "transactions");
    for (const t of transactions) writeTransaction(w, t);
    writeBlockExtras(w, [], null);
    const blockBytes = w.toBytes();
    expect(blockBytes.length).toBeGreaterThan(MAX_BLOCK_BYTES);
    expect(codeOf(() => decodeBlock(blockBytes))).toBe("CODEC_OVER_CAP");
    // The wrappers' own caps are larger, so this reaches the per-block check inside them.
    const certified = new Uint8Array(blockBytes.length + 1);
    certified.set(blockBytes);
    expect(codeOf(() => decodeCertifiedBlock(certified))).toBe("CODEC_OVER_CAP");
    const proposal = new Uint8Array(blockBytes.length + 4 + 64);
    proposal.set(blockBytes);
    expect(codeOf(() => decodeProposal(proposal))).toBe("CODEC_OVER_CAP");
  });

  it("undo record lists", () => {
    const bytes = encodeUndoRecord(emptyUndo);
    const offsets = [40, 44, 48];
    const caps = [MAX_UNDO_SPENT, MAX_UNDO_CREATED, MAX_UNDO_MASTERNODE_CHANGES];
    offsets.forEach((offset, i) => {
      expect(codeOf(() => decodeUndoRecord(patchU32(bytes, offset, 0xffffffff)))).toBe("CODEC_OVER_CAP");
      expect(codeOf(() => decodeUndoRecord(patchU32(bytes, offset, caps[i]! + 1)))).toBe("CODEC_OVER_CAP");
    });
  });

  it("network address longer than MAX_NETWORK_ADDRESS_BYTES", () => {
    const bytes = encodeMasternodeRecord(record);
    expect(codeOf(() => decodeMasternodeRecord(patchU32(bytes, RECORD_ADDRESS_OFFSET, 65)))).toBe(
      "CODEC_OVER_CAP",
    );
    expect(codeOf(() => encodeMasternodeRecord({ ...record, networkAddress: "a".repeat(65) }))).toBe(
      "CODEC_OVER_CAP",
    );
    expect(codeOf(() => encodeMasternodeRecord({ ...record, networkAddress: "a".repeat(64) }))).toBe(
      "no error",
    );
  });
});

describe("CODEC_UNKNOWN_TAG", () => {
  const payout = encodeSpecialPayload({
    kind: "payoutChange",
    collateral: { txid: fill(1, 32), index: 0 },
    payoutAddress: fill(2, 20),
    collateralPublicKey: fill(3, 32),
    collateralSignature: fill(4, 64),
  });

  it("special payload tags other than 1, 2, 3", () => {
    for (const tag of [0, 4, 5, 0x80, 0xff]) {
      expect(codeOf(() => decodeSpecialPayload(patchU8(payout, 0, tag)))).toBe("CODEC_UNKNOWN_TAG");
    }
    const txBytes = encodeTransaction({ ...tx(0, 0), special: decodeSpecialPayload(payout) });
    expect(codeOf(() => decodeTransaction(patchU8(txBytes, 19, 0)))).toBe("CODEC_UNKNOWN_TAG");
    const bogus = { ...decodeSpecialPayload(payout), kind: "bogus" } as unknown as Transaction["special"];
    expect(codeOf(() => encodeTransaction({ ...tx(0, 0), special: bogus }))).toBe("CODEC_UNKNOWN_TAG");
  });

  it("vote phase tags other than 1, 2", () => {
    const vote = encodeVote({
      phase: "prepare",
      height: 1n,
      round: 0,
      blockHash: fill(1, 32),
      voterPublicKey: fill(2, 32),
      signature: fill(3, 64),
    });
    for (const tag of [0, 3, 0xff])
      expect(codeOf(() => decodeVote(patchU8(vote, 0, tag)))).toBe("CODEC_UNKNOWN_TAG");
    const bad = { ...decodeVote(vote), phase: "commit" } as unknown as Parameters<typeof encodeVote>[0];
    expect(codeOf(() => encodeVote(bad))).toBe("CODEC_UNKNOWN_TAG");
  });
});

describe("CODEC_NON_CANONICAL", () => {
  it("booleans other than 0 and 1", () => {
    const bytes = encodeUtxoEntry({ amount: 1n, address: fill(1, 20), height: 1n, isReward: false });
    for (const b of [2, 3, 0x80, 0xff])
      expect(codeOf(() => decodeUtxoEntry(patchU8(bytes, 36, b)))).toBe("CODEC_NON_CANONICAL");
    expect(decodeUtxoEntry(patchU8(bytes, 36, 1)).isReward).toBe(true);
  });

  it("optional presence flags other than 0 and 1", () => {
    const txBytes = encodeTransaction(tx(0, 0));
    expect(codeOf(() => decodeTransaction(patchU8(txBytes, txBytes.length - 1, 2)))).toBe(
      "CODEC_NON_CANONICAL",
    );
    const block = encodeBlock({ header, transactions: [], heartbeats: [], previousCertificate: null });
    expect(codeOf(() => decodeBlock(patchU8(block, block.length - 1, 2)))).toBe("CODEC_NON_CANONICAL");
    const certified = encodeCertifiedBlock({
      block: { header, transactions: [], heartbeats: [], previousCertificate: null },
      certificate: null,
    });
    expect(codeOf(() => decodeCertifiedBlock(patchU8(certified, certified.length - 1, 0xff)))).toBe(
      "CODEC_NON_CANONICAL",
    );
    const undo = encodeUndoRecord({
      ...emptyUndo,
      masternodes: [{ collateral: record.collateral, before: null, after: null }],
    });
    expect(codeOf(() => decodeUndoRecord(patchU8(undo, undo.length - 2, 2)))).toBe("CODEC_NON_CANONICAL");
    expect(codeOf(() => decodeUndoRecord(patchU8(undo, undo.length - 1, 2)))).toBe("CODEC_NON_CANONICAL");
  });

  it("certificate precommits unsorted or duplicated", () => {
    const sorted = encodeCertificate(certificate(1, 2, 3));
    expect(decodeCertificate(sorted).precommits).toHaveLength(3);
    // Swap the first two voter keys in place: same bytes, wrong order.
    const swapped = sorted.slice();
    swapped.set(fill(2, 32), 48);
    swapped.set(fill(1, 32), 48 + 96);
    expect(codeOf(() => decodeCertificate(swapped))).toBe("CODEC_NON_CANONICAL");
    const duplicated = sorted.slice();
    duplicated.set(fill(1, 32), 48 + 96);
    expect(codeOf(() => decodeCertificate(duplicated))).toBe("CODEC_NON_CANONICAL");
    expect(codeOf(() => encodeCertificate(certificate(2, 1)))).toBe("CODEC_NON_CANONICAL");
    expect(codeOf(() => encodeCertificate(certificate(1, 1)))).toBe("CODEC_NON_CANONICAL");
    expect(
      codeOf(() =>
        encodeBlock({ header, transactions: [], heartbeats: [], previousCertificate: certificate(3, 2) }),
      ),
    ).toBe("CODEC_NON_CANONICAL");
  });

  it("block heartbeats unsorted or duplicated by operator key", () => {
    const good: Block = {
      header,
      transactions: [],
      heartbeats: [heartbeat(1), heartbeat(2)],
      previousCertificate: null,
    };
    const bytes = encodeBlock(good);
    const keyOffset = BLOCK_HEADER_BYTES + 4 + 4;
    const swapped = bytes.slice();
    swapped.set(fill(2, 32), keyOffset);
    swapped.set(fill(1, 32), keyOffset + 120);
    expect(codeOf(() => decodeBlock(swapped))).toBe("CODEC_NON_CANONICAL");
    const duplicated = bytes.slice();
    duplicated.set(fill(2, 32), keyOffset);
    expect(codeOf(() => decodeBlock(duplicated))).toBe("CODEC_NON_CANONICAL");
    expect(codeOf(() => encodeBlock({ ...good, heartbeats: [heartbeat(2), heartbeat(1)] }))).toBe(
      "CODEC_NON_CANONICAL",
    );
    expect(codeOf(() => blockExtrasHash([heartbeat(1), heartbeat(1)], null))).toBe("CODEC_NON_CANONICAL");
  });
});

describe("CODEC_INVALID_VALUE", () => {
  it("a proposal's validRound: -1 travels as 0xFFFFFFFF, which no real round may use", () => {
    const block: Block = { header, transactions: [tx(0, 1)], heartbeats: [], previousCertificate: null };
    const signature = fill(9, 64);
    const fresh = encodeProposal({ block, validRound: -1, signature });
    const offset = fresh.length - 64 - 4;
    expect(Array.from(fresh.subarray(offset, offset + 4))).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(decodeProposal(fresh).validRound).toBe(-1);
    expect(decodeProposal(encodeProposal({ block, validRound: 0xfffffffe, signature })).validRound).toBe(
      0xfffffffe,
    );
    for (const validRound of [0xffffffff, -2, 1.5]) {
      expect(codeOf(() => encodeProposal({ block, validRound, signature }))).toBe("CODEC_INVALID_VALUE");
    }
  });

  it("amounts above MAX_AMOUNT", () => {
    const txBytes = encodeTransaction(tx(0, 1));
    const amountOffset = 2 + 4 + 4;
    expect(decodeTransaction(patchU64(txBytes, amountOffset, MAX_AMOUNT)).outputs[0]?.amount).toBe(
      MAX_AMOUNT,
    );
    for (const v of [MAX_AMOUNT + 1n, (1n << 64n) - 1n]) {
      expect(codeOf(() => decodeTransaction(patchU64(txBytes, amountOffset, v)))).toBe("CODEC_INVALID_VALUE");
    }
    const entry = encodeUtxoEntry({ amount: 1n, address: fill(1, 20), height: 1n, isReward: false });
    expect(codeOf(() => decodeUtxoEntry(patchU64(entry, 0, MAX_AMOUNT + 1n)))).toBe("CODEC_INVALID_VALUE");
    const rec = encodeMasternodeRecord(record);
    expect(codeOf(() => decodeMasternodeRecord(patchU64(rec, 36, MAX_AMOUNT + 1n)))).toBe(
      "CODEC_INVALID_VALUE",
    );
    const over = { ...tx(0, 0), outputs: [{ amount: MAX_AMOUNT + 1n, address: fill(1, 20) }] };
    expect(codeOf(() => encodeTransaction(over))).toBe("CODEC_INVALID_VALUE");
    const negative = { ...tx(0, 0), outputs: [{ amount: -1n, address: fill(1, 20) }] };
    expect(codeOf(() => encodeTransaction(negative))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeMasternodeRecord({ ...record, collateralAmount: MAX_AMOUNT + 1n }))).toBe(
      "CODEC_INVALID_VALUE",
    );
  });

  it("network addresses with bytes outside printable ASCII", () => {
    const bytes = encodeMasternodeRecord(record);
    const firstChar = RECORD_ADDRESS_OFFSET + 4;
    for (const b of [0x00, 0x0a, 0x1f, 0x7f, 0x80, 0xc3, 0xff]) {
      expect(codeOf(() => decodeMasternodeRecord(patchU8(bytes, firstChar + 3, b)))).toBe(
        "CODEC_INVALID_VALUE",
      );
    }
    for (const b of [0x20, 0x7e])
      expect(codeOf(() => decodeMasternodeRecord(patchU8(bytes, firstChar, b)))).toBe("no error");
    for (const text of ["host\n:1", "hôst:1", "\u0000", "tab\there", "\u007f", "😀"]) {
      expect(codeOf(() => encodeMasternodeRecord({ ...record, networkAddress: text }))).toBe(
        "CODEC_INVALID_VALUE",
      );
    }
  });

  it("encoders refuse out-of-range integers and wrongly sized byte fields", () => {
    const base = tx(1, 1);
    const cases: Transaction[] = [
      { ...base, version: 0x10000 },
      { ...base, version: -1 },
      { ...base, version: 1.5 },
      { ...base, lockTime: -1n },
      { ...base, lockTime: 1n << 64n },
      { ...base, lockTime: 5 as unknown as bigint },
      { ...base, inputs: [{ ...input(0), prevout: { txid: fill(1, 32), index: 0x100000000 } }] },
      { ...base, inputs: [{ ...input(0), prevout: { txid: fill(1, 31), index: 0 } }] },
      { ...base, inputs: [{ ...input(0), publicKey: fill(1, 33) }] },
      { ...base, inputs: [{ ...input(0), signature: fill(1, 63) }] },
      { ...base, outputs: [{ amount: 1n, address: fill(1, 32) }] },
      { ...base, outputs: [{ amount: 1n, address: "00".repeat(20) as unknown as Uint8Array }] },
    ];
    for (const t of cases) expect(codeOf(() => encodeTransaction(t))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeBlockHeader({ ...header, vrfProof: fill(1, 64) }))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeBlockHeader({ ...header, chainId: -1 }))).toBe("CODEC_INVALID_VALUE");
    expect(
      codeOf(() =>
        encodeUtxoEntry({ amount: 1n, address: fill(1, 20), height: 1n, isReward: 1 as unknown as boolean }),
      ),
    ).toBe("CODEC_INVALID_VALUE");
  });

  it("signing messages and the merkle root refuse malformed arguments", () => {
    expect(codeOf(() => txInputSigningMessage(1, fill(1, 31), 0))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => txInputSigningMessage(1, fill(1, 32), -1))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => txInputSigningMessage(2 ** 32, fill(1, 32), 0))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => specialSigningMessage("", 1, fill(1, 32)))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => specialSigningMessage("bad\u0000tag", 1, fill(1, 32)))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => merkleRoot([fill(1, 32), fill(1, 31)]))).toBe("CODEC_INVALID_VALUE");
  });

  it("non-byte input and structurally broken objects become CodecError, never a TypeError", () => {
    for (const junk of [null, undefined, "00", 7, {}, [1, 2], new Uint16Array(4)]) {
      expect(codeOf(() => decodeOutPoint(junk as unknown as Uint8Array))).toBe("CODEC_INVALID_VALUE");
      expect(codeOf(() => decodeBlock(junk as unknown as Uint8Array))).toBe("CODEC_INVALID_VALUE");
    }
    for (const junk of [null, undefined, {}, { version: 1 }, { version: 1, inputs: [null], outputs: [] }]) {
      expect(codeOf(() => encodeTransaction(junk as unknown as Transaction))).toBe("CODEC_INVALID_VALUE");
      expect(codeOf(() => transactionId(junk as unknown as Transaction))).toBe("CODEC_INVALID_VALUE");
    }
    expect(codeOf(() => encodeUndoRecord({ ...emptyUndo, spent: [{}] } as unknown as UndoRecord))).toBe(
      "CODEC_INVALID_VALUE",
    );
  });
});

describe("error payload", () => {
  it("names the object, the field and the offset", () => {
    const bytes = encodeTransaction(tx(1, 0));
    try {
      decodeTransaction(patchU32(bytes, 2 + 4 + 132, 0xffffffff));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CodecError);
      const e = error as CodecError;
      expect(e.name).toBe("CodecError");
      expect(e.code).toBe("CODEC_OVER_CAP");
      expect(e.details).toMatchObject({
        object: "Transaction",
        field: "outputs",
        offset: 138,
        actual: 0xffffffff,
      });
    }
  });

  it("a header decode still works after encoders failed mid-way (the scratch writer is reset)", () => {
    expect(codeOf(() => encodeBlockHeader({ ...header, vrfProof: fill(1, 1) }))).toBe("CODEC_INVALID_VALUE");
    const block = fc.sample(arbBlockWith(), { seed: 3, numRuns: 1 })[0]!;
    expect(decodeBlock(encodeBlock(block))).toEqual(block);
  });
});
