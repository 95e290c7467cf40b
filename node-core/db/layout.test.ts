// decodeStored: every decoder failure becomes DB_CORRUPT naming where the value came from; the codec's own
// refusal code is kept as causeCode, and a foreign object that merely has a `code` is not taken for one.
import { describe, expect, it } from "vitest";
import { decodeTransaction } from "../codec/index.js";
import { DbError } from "./errors.js";
import {
  ADDRESS_UTXO_KEY_BYTES,
  addressRange,
  addressTxKey,
  addressUtxoKey,
  decodeAddressTx,
  decodeAddressUtxo,
  decodeStored,
  encodeAddressTxValue,
  encodeAddressUtxoValue,
  SUBLEVEL,
} from "./layout.js";

const key = Uint8Array.of(0xab, 0xcd);

function failure(decode: (bytes: Uint8Array) => unknown): DbError {
  try {
    decodeStored(SUBLEVEL.blocks, key, Uint8Array.of(1, 2, 3), decode);
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error("decodeStored accepted the value");
}

describe("decodeStored", () => {
  it("keeps the codec's refusal code as causeCode", () => {
    const err = failure(decodeTransaction);
    expect(err.code).toBe("DB_CORRUPT");
    expect(err.details).toMatchObject({ sublevel: "blocks", key: "abcd" });
    expect(err.details.causeCode).toMatch(/^CODEC_/);
    expect(err.cause).toBeDefined();
  });

  it("does not take a foreign error's `code` for one of ours", () => {
    const foreign = Object.assign(new Error("not a codec error"), { code: "CODEC_TRUNCATED" });
    const err = failure(() => {
      throw foreign;
    });
    expect(err.code).toBe("DB_CORRUPT");
    expect(err.details.causeCode).toBeUndefined();
    expect(err.cause).toBe(foreign);
  });

  it("survives a decoder throwing a non-object", () => {
    const err = failure(() => {
      throw undefined;
    });
    expect(err.code).toBe("DB_CORRUPT");
    expect(err.details.causeCode).toBeUndefined();
  });
});

describe("address index records", () => {
  const address = new Uint8Array(20).fill(0x42);
  const txid = new Uint8Array(32).fill(0x17);

  it("round-trip, sort by height then outpoint, and stay inside their address's range", () => {
    const key = addressUtxoKey(address, 7n, { txid, index: 3 });
    expect(decodeAddressUtxo(key, encodeAddressUtxoValue(5_000n, true))).toEqual({
      height: 7n,
      outpoint: { txid, index: 3 },
      amount: 5_000n,
      isReward: true,
    });
    const later = addressUtxoKey(address, 256n, { txid, index: 0 });
    expect(Buffer.compare(key, later)).toBe(-1);
    const { gte, lte } = addressRange(address, ADDRESS_UTXO_KEY_BYTES);
    expect(Buffer.compare(gte, key) <= 0 && Buffer.compare(later, lte) <= 0).toBe(true);
    const next = addressUtxoKey(new Uint8Array(20).fill(0x43), 0n, { txid, index: 0 });
    expect(Buffer.compare(next, lte)).toBe(1);
    const txKey = addressTxKey(address, 9n, 2);
    expect(decodeAddressTx(txKey, encodeAddressTxValue(txid, 12n))).toEqual({
      height: 9n,
      position: 2,
      txid,
      received: 12n,
    });
  });

  it("report damaged keys and values as DB_CORRUPT", () => {
    const key = addressUtxoKey(address, 1n, { txid, index: 0 });
    expect(() => decodeAddressUtxo(key.subarray(1), encodeAddressUtxoValue(1n, false))).toThrow(DbError);
    expect(() => decodeAddressUtxo(key, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1, 2))).toThrow(DbError);
    expect(() => decodeAddressTx(addressTxKey(address, 1n, 0), new Uint8Array(39))).toThrow(DbError);
  });
});
