// Known-layout tests: hand-built objects encode to hand-written hex, which pins the byte order (little
// endian), the field order and every prefix. Hashes are checked against @noble/hashes' BLAKE3, an
// implementation independent of the hash-wasm one the codec uses.
import { blake3 as nobleBlake3 } from "@noble/hashes/blake3.js";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../types/bytes.js";
import type { BlockHeader, Transaction, Vote } from "../types/chain.js";
import type { UndoRecord } from "../types/state.js";
import { encodeBlock } from "./block.js";
import { encodeCertificate } from "./certificate.js";
import { encodeBlockHeader } from "./header.js";
import { encodeHeartbeat } from "./heartbeat.js";
import { blockExtrasHash, blockHash, transactionId, witnessRoot, witnessTransactionId } from "./ids.js";
import { merkleRoot } from "./merkle.js";
import {
  heartbeatSigningMessage,
  proposalSigningMessage,
  specialSigningMessage,
  txInputSigningMessage,
  voteSigningMessage,
  vrfInputMessage,
} from "./signing.js";
import { encodeTransaction, encodeUnsignedTransaction } from "./transaction.js";
import { encodeUndoRecord } from "./undo.js";
import { encodeUtxoEntry } from "./utxo.js";
import { encodeVote } from "./vote.js";

const fill = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);
const rep = (byteHex: string, n: number): string => byteHex.repeat(n);
const ascii = (s: string): string => Buffer.from(s, "latin1").toString("hex");

const plainTx: Transaction = {
  version: 1,
  inputs: [
    {
      prevout: { txid: fill(0x11, 32), index: 0x04030201 },
      publicKey: fill(0x22, 32),
      signature: fill(0x33, 64),
    },
  ],
  outputs: [
    { amount: 0x0102030405060708n, address: fill(0x44, 20) },
    { amount: 1000n, address: fill(0x55, 20) },
  ],
  lockTime: 9n,
  special: null,
};

const plainTxHex =
  "0100" + // version u16 LE
  "01000000" + // 1 input
  rep("11", 32) +
  "01020304" + // prevout index 0x04030201 LE
  rep("22", 32) +
  rep("33", 64) +
  "02000000" + // 2 outputs
  "0807060504030201" + // 0x0102030405060708 LE
  rep("44", 20) +
  "e803000000000000" + // 1000
  rep("55", 20) +
  "0900000000000000" + // lockTime 9
  "00"; // no special payload

const registrationTx: Transaction = {
  version: 1,
  inputs: [],
  outputs: [],
  lockTime: 0n,
  special: {
    kind: "masternodeRegistration",
    collateral: { txid: fill(0x66, 32), index: 7 },
    collateralPublicKey: fill(0x77, 32),
    operatorPublicKey: fill(0x88, 32),
    payoutAddress: fill(0x99, 20),
    networkAddress: "1.2.3.4:24000",
    collateralSignature: fill(0xaa, 64),
    operatorSignature: fill(0xbb, 64),
  },
};

const registrationUnsignedHex =
  "0100" +
  "00000000" +
  "00000000" +
  "0000000000000000" +
  "01" + // special present
  "01" + // tag: masternodeRegistration
  rep("66", 32) +
  "07000000" +
  rep("77", 32) +
  rep("88", 32) +
  rep("99", 20) +
  "0d000000" + // 13 bytes of network address
  ascii("1.2.3.4:24000");

describe("known layouts", () => {
  it("a plain transaction encodes to the exact expected bytes", () => {
    expect(toHex(encodeTransaction(plainTx))).toBe(plainTxHex);
  });

  it("its unsigned encoding drops only the input signature, and the txid is BLAKE3 of that", () => {
    const unsignedHex = plainTxHex.replace(rep("33", 64), "");
    expect(toHex(encodeUnsignedTransaction(plainTx))).toBe(unsignedHex);
    expect(toHex(transactionId(plainTx))).toBe(toHex(nobleBlake3(fromHex(unsignedHex))));
  });

  it("the wtxid is BLAKE3 of the full encoding, and the witness root is the merkle root of wtxids", () => {
    const wtxid = witnessTransactionId(plainTx);
    expect(toHex(wtxid)).toBe(toHex(nobleBlake3(fromHex(plainTxHex))));
    expect(toHex(witnessTransactionId(registrationTx))).toBe(
      toHex(nobleBlake3(fromHex(registrationUnsignedHex + rep("aa", 64) + rep("bb", 64)))),
    );
    const both = [plainTx, registrationTx];
    expect(toHex(witnessRoot(both))).toBe(toHex(merkleRoot(both.map(witnessTransactionId))));
    expect(toHex(witnessRoot([plainTx]))).toBe(toHex(wtxid));
    // Only a witness differs, so the txid stays and the wtxid moves.
    const resigned = { ...plainTx, inputs: plainTx.inputs.map((i) => ({ ...i, signature: fill(0x34, 64) })) };
    expect(toHex(transactionId(resigned))).toBe(toHex(transactionId(plainTx)));
    expect(toHex(witnessTransactionId(resigned))).not.toBe(toHex(wtxid));
  });

  it("a registration transaction: special payload with and without its two signatures", () => {
    expect(toHex(encodeUnsignedTransaction(registrationTx))).toBe(registrationUnsignedHex);
    expect(toHex(encodeTransaction(registrationTx))).toBe(
      registrationUnsignedHex + rep("aa", 64) + rep("bb", 64),
    );
    expect(toHex(transactionId(registrationTx))).toBe(toHex(nobleBlake3(fromHex(registrationUnsignedHex))));
  });

  it("deregistration and payout change payloads", () => {
    const base = { version: 2, inputs: [], outputs: [], lockTime: 0x0100n };
    const prefix = "0200" + "00000000" + "00000000" + "0001000000000000" + "01";
    const dereg: Transaction = {
      ...base,
      special: {
        kind: "masternodeDeregistration",
        collateral: { txid: fill(1, 32), index: 0 },
        collateralPublicKey: fill(2, 32),
        collateralSignature: fill(3, 64),
      },
    };
    expect(toHex(encodeTransaction(dereg))).toBe(
      `${prefix}02${rep("01", 32)}00000000${rep("02", 32)}${rep("03", 64)}`,
    );
    const payout: Transaction = {
      ...base,
      special: {
        kind: "payoutChange",
        collateral: { txid: fill(1, 32), index: 0xffffffff },
        payoutAddress: fill(4, 20),
        collateralPublicKey: fill(2, 32),
        collateralSignature: fill(3, 64),
      },
    };
    expect(toHex(encodeTransaction(payout))).toBe(
      `${prefix}03${rep("01", 32)}ffffffff${rep("04", 20)}${rep("02", 32)}${rep("03", 64)}`,
    );
    expect(toHex(encodeUnsignedTransaction(payout))).toBe(
      `${prefix}03${rep("01", 32)}ffffffff${rep("04", 20)}${rep("02", 32)}`,
    );
  });

  const header: BlockHeader = {
    version: 1,
    chainId: 3,
    height: 0x0102n,
    previousHash: fill(0xaa, 32),
    merkleRoot: fill(0xbb, 32),
    witnessRoot: fill(0xbc, 32),
    extrasHash: fill(0xcc, 32),
    timestamp: 0x1122334455667788n,
    round: 2,
    proposerPublicKey: fill(0xdd, 32),
    vrfProof: fill(0xee, 80),
  };
  const headerHex =
    "0100" +
    "03000000" +
    "0201000000000000" +
    rep("aa", 32) +
    rep("bb", 32) +
    rep("bc", 32) +
    rep("cc", 32) +
    "8877665544332211" +
    "02000000" +
    rep("dd", 32) +
    rep("ee", 80);

  it("a block header encodes field by field and its hash is BLAKE3 of those bytes", () => {
    expect(toHex(encodeBlockHeader(header))).toBe(headerHex);
    expect(encodeBlockHeader(header).length).toBe(266);
    expect(toHex(blockHash(header))).toBe(toHex(nobleBlake3(fromHex(headerHex))));
  });

  it("a block: header, transactions, heartbeats, optional certificate", () => {
    const heartbeat = {
      operatorPublicKey: fill(0x10, 32),
      height: 1n,
      timestamp: 2n,
      sequence: 3n,
      signature: fill(0x20, 64),
    };
    const heartbeatHex = `${rep("10", 32)}010000000000000002000000000000000300000000000000${rep("20", 64)}`;
    expect(toHex(encodeHeartbeat(heartbeat))).toBe(heartbeatHex);
    const certificate = {
      height: 0x0101n,
      round: 0,
      blockHash: fill(0x30, 32),
      precommits: [
        { voterPublicKey: fill(0x01, 32), signature: fill(0x41, 64) },
        { voterPublicKey: fill(0x02, 32), signature: fill(0x42, 64) },
      ],
    };
    const certificateHex =
      `0101000000000000` +
      `00000000` +
      rep("30", 32) +
      `02000000` +
      rep("01", 32) +
      rep("41", 64) +
      rep("02", 32) +
      rep("42", 64);
    expect(toHex(encodeCertificate(certificate))).toBe(certificateHex);
    const block = {
      header,
      transactions: [plainTx],
      heartbeats: [heartbeat],
      previousCertificate: certificate,
    };
    const extrasHex = `01000000${heartbeatHex}01${certificateHex}`;
    expect(toHex(encodeBlock(block))).toBe(`${headerHex}01000000${plainTxHex}${extrasHex}`);
    expect(toHex(blockExtrasHash([heartbeat], certificate))).toBe(toHex(nobleBlake3(fromHex(extrasHex))));
    expect(toHex(blockExtrasHash([], null))).toBe(toHex(nobleBlake3(fromHex("0000000000"))));
  });

  it("a vote: phase tag then fields", () => {
    const vote: Vote = {
      phase: "precommit",
      height: 5n,
      round: 1,
      blockHash: fill(0xab, 32),
      voterPublicKey: fill(0xcd, 32),
      signature: fill(0xef, 64),
    };
    const fieldsHex = `02050000000000000001000000${rep("ab", 32)}${rep("cd", 32)}`;
    expect(toHex(encodeVote(vote))).toBe(fieldsHex + rep("ef", 64));
    expect(toHex(encodeVote({ ...vote, phase: "prepare" })).slice(0, 2)).toBe("01");
    expect(toHex(voteSigningMessage(2, vote))).toBe(`${ascii("TIME/vote/v1")}0002000000${fieldsHex}`);
  });

  it("a UTXO entry and an undo record", () => {
    const entry = { amount: 5n, address: fill(0x12, 20), height: 6n, isReward: true };
    const entryHex = `0500000000000000${rep("12", 20)}060000000000000001`;
    expect(toHex(encodeUtxoEntry(entry))).toBe(entryHex);
    const record = {
      collateral: { txid: fill(0x31, 32), index: 1 },
      collateralAmount: 7n,
      collateralPublicKey: fill(0x32, 32),
      operatorPublicKey: fill(0x33, 32),
      payoutAddress: fill(0x34, 20),
      networkAddress: "h:1",
      registeredHeight: 8n,
    };
    const recordHex =
      `${rep("31", 32)}01000000` +
      `0700000000000000${rep("32", 32)}${rep("33", 32)}${rep("34", 20)}03000000${ascii("h:1")}0800000000000000`;
    const undo: UndoRecord = {
      height: 9n,
      blockHash: fill(0x50, 32),
      spent: [{ outpoint: { txid: fill(0x51, 32), index: 2 }, entry }],
      created: [{ txid: fill(0x52, 32), index: 3 }],
      masternodes: [{ collateral: record.collateral, before: null, after: record }],
    };
    expect(toHex(encodeUndoRecord(undo))).toBe(
      `0900000000000000${rep("50", 32)}` +
        `01000000${rep("51", 32)}02000000${entryHex}` +
        `01000000${rep("52", 32)}03000000` +
        `01000000${rep("31", 32)}01000000` +
        `00` +
        `01${recordHex}`,
    );
  });
});

describe("signing messages", () => {
  const txid = fill(0x11, 32);

  it("tx input: tag ‖ 0x00 ‖ u32 chainId ‖ txid ‖ u32 inputIndex", () => {
    expect(toHex(txInputSigningMessage(2, txid, 3))).toBe(
      `${ascii("TIME/tx-input/v1")}00${"02000000"}${rep("11", 32)}03000000`,
    );
  });

  it("special payloads: caller's tag ‖ 0x00 ‖ u32 chainId ‖ txid", () => {
    expect(toHex(specialSigningMessage("TIME/mn-collateral/v1", 1, txid))).toBe(
      `${ascii("TIME/mn-collateral/v1")}0001000000${rep("11", 32)}`,
    );
    expect(toHex(specialSigningMessage("TIME/mn-operator/v1", 0x01020304, txid))).toBe(
      `${ascii("TIME/mn-operator/v1")}0004030201${rep("11", 32)}`,
    );
  });

  it("heartbeat, proposal and VRF input", () => {
    const hb = { operatorPublicKey: fill(0x21, 32), height: 1n, timestamp: 0x0203n, sequence: 4n };
    expect(toHex(heartbeatSigningMessage(3, hb))).toBe(
      `${ascii("TIME/heartbeat/v1")}0003000000${rep("21", 32)}` +
        "0100000000000000" +
        "0302000000000000" +
        "0400000000000000",
    );
    expect(toHex(proposalSigningMessage(3, fill(0x44, 32), -1))).toBe(
      `${ascii("TIME/proposal/v1")}0003000000${rep("44", 32)}ffffffff`,
    );
    expect(toHex(proposalSigningMessage(3, fill(0x44, 32), 2))).toBe(
      `${ascii("TIME/proposal/v1")}0003000000${rep("44", 32)}02000000`,
    );
    expect(toHex(vrfInputMessage(3, 10n, fill(0x45, 32), 1))).toBe(
      `${ascii("TIME/vrf/v1")}0003000000${"0a00000000000000"}${rep("45", 32)}01000000`,
    );
  });

  it("the same fields under different chain ids or purposes never give the same message", () => {
    const a = txInputSigningMessage(1, txid, 0);
    const b = txInputSigningMessage(2, txid, 0);
    const c = specialSigningMessage("TIME/mn-collateral/v1", 1, txid);
    const d = specialSigningMessage("TIME/mn-operator/v1", 1, txid);
    const all = [a, b, c, d].map(toHex);
    expect(new Set(all).size).toBe(4);
  });
});
