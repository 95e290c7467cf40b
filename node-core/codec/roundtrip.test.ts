// Property tests: every valid object survives encode → decode unchanged, and every valid encoding survives
// decode → encode byte for byte. Also the size and id helpers that are defined in terms of the encodings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blake3 } from "../crypto/hash.js";
import type { Transaction } from "../types/chain.js";
import { arbBlock, arbTransaction } from "./arbitraries.js";
import { encodeBlock } from "./block.js";
import { roundTripSuite } from "./case-suites.js";
import { CODEC_CASES } from "./cases.js";
import { encodeBlockHeader } from "./header.js";
import { blockExtrasHash, blockHash, transactionId } from "./ids.js";
import {
  decodeTransaction,
  encodeTransaction,
  encodeUnsignedTransaction,
  transactionSize,
} from "./transaction.js";

roundTripSuite(CODEC_CASES);

function stripSignatures(tx: Transaction, fill: number): Transaction {
  const sig = new Uint8Array(64).fill(fill);
  let special = tx.special;
  if (special?.kind === "masternodeRegistration") {
    special = { ...special, collateralSignature: sig, operatorSignature: sig };
  } else if (special !== null) {
    special = { ...special, collateralSignature: sig };
  }
  return { ...tx, inputs: tx.inputs.map((i) => ({ ...i, signature: sig })), special };
}

describe("sizes and ids", () => {
  it("transactionSize equals the encoded length", () => {
    fc.assert(
      fc.property(arbTransaction, (tx) => {
        expect(transactionSize(tx)).toBe(encodeTransaction(tx).length);
      }),
      { numRuns: 300 },
    );
  });

  it("transactionId is BLAKE3 of the unsigned encoding and ignores every signature", () => {
    fc.assert(
      fc.property(arbTransaction, fc.integer({ min: 0, max: 255 }), (tx, fill) => {
        const id = transactionId(tx);
        expect(id).toEqual(blake3(encodeUnsignedTransaction(tx)));
        expect(transactionId(stripSignatures(tx, fill))).toEqual(id);
        expect(transactionId(decodeTransaction(encodeTransaction(tx)))).toEqual(id);
      }),
      { numRuns: 200 },
    );
  });

  it("transactionId commits to input public keys", () => {
    fc.assert(
      fc.property(arbTransaction, (tx) => {
        fc.pre(tx.inputs.length > 0);
        const first = tx.inputs[0]!;
        const key = first.publicKey.slice();
        key[0] = (key[0]! + 1) & 0xff;
        const changed = { ...tx, inputs: [{ ...first, publicKey: key }, ...tx.inputs.slice(1)] };
        expect(transactionId(changed)).not.toEqual(transactionId(tx));
      }),
      { numRuns: 100 },
    );
  });

  it("the unsigned encoding is the full encoding minus 64 bytes per signature", () => {
    fc.assert(
      fc.property(arbTransaction, (tx) => {
        const specialSigs = tx.special === null ? 0 : tx.special.kind === "masternodeRegistration" ? 2 : 1;
        expect(encodeUnsignedTransaction(tx).length).toBe(
          encodeTransaction(tx).length - 64 * (tx.inputs.length + specialSigs),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("blockHash is BLAKE3 of the header; blockExtrasHash is BLAKE3 of the block's encoded tail", () => {
    fc.assert(
      fc.property(arbBlock, (block) => {
        expect(blockHash(block.header)).toEqual(blake3(encodeBlockHeader(block.header)));
        const encoded = encodeBlock(block);
        let txBytes = 4;
        for (const tx of block.transactions) txBytes += transactionSize(tx);
        const tail = encoded.subarray(encodeBlockHeader(block.header).length + txBytes);
        expect(blockExtrasHash(block.heartbeats, block.previousCertificate)).toEqual(blake3(tail));
      }),
      { numRuns: 100 },
    );
  });

  it("hashing from the reused scratch writer matches hashing a fresh copy (no stale bytes)", () => {
    const samples = fc.sample(arbTransaction, { seed: 7, numRuns: 50 });
    const ids = samples.map((tx) => transactionId(tx));
    // Encode a large value in between so the scratch buffer holds leftovers from something else.
    for (const block of fc.sample(arbBlock, { seed: 8, numRuns: 5 })) encodeBlock(block);
    samples.forEach((tx, i) => {
      expect(transactionId(tx)).toEqual(ids[i]);
    });
  });
});
