// Byte layout of everything the store writes besides the codec's consensus objects: sublevel names,
// binary keys (big-endian so LevelDB's byte order is numeric order), the checksummed undo value, the tip,
// tx index entries and the network stamp. Every reader here turns malformed bytes into DB_CORRUPT.
import { blake3 } from "../crypto/index.js";
import { outpointSortKey } from "../kernel/index.js";
import type { Hash32, OutPoint } from "../types/index.js";
import { bytesEqual, concatBytes, toHex, utf8 } from "../types/index.js";
import { isNodeCoreError } from "../util/index.js";
import { DbError } from "./errors.js";

/** Sublevel names: flat siblings under the root, never nested (nested sublevels iterate slowly). */
export const SUBLEVEL = Object.freeze({
  blocks: "blocks",
  heights: "heights",
  utxos: "utxos",
  masternodes: "masternodes",
  operators: "operators",
  undo: "undo",
  txindex: "txindex",
  addrutxos: "addrutxos",
  addrtxs: "addrtxs",
  meta: "meta",
});
export type SublevelName = (typeof SUBLEVEL)[keyof typeof SUBLEVEL];

/** Keys of the meta sublevel. */
export const META_KEY = Object.freeze({
  tip: utf8.encode("tip"),
  network: utf8.encode("network"),
  genesis: utf8.encode("genesis"),
  /** The tip the address index matches (hash ‖ u64be height); absent or another tip: rebuilt at open. */
  addressIndex: utf8.encode("addressindex"),
});

/** Bumped when the layout changes incompatibly; a store with a higher version is refused. */
export const SCHEMA_VERSION = 1;

const U64_MAX = (1n << 64n) - 1n;

export function corrupt(
  sublevel: SublevelName,
  key: Uint8Array,
  message: string,
  causeCode?: string,
): DbError {
  return new DbError("DB_CORRUPT", `${sublevel}/${toHex(key)}: ${message}`, {
    sublevel,
    key: toHex(key),
    ...(causeCode === undefined ? {} : { causeCode }),
  });
}

/** Runs a codec decoder; any failure becomes DB_CORRUPT naming where the value came from. */
export function decodeStored<T>(
  sublevel: SublevelName,
  key: Uint8Array,
  value: Uint8Array,
  decode: (bytes: Uint8Array) => T,
): T {
  try {
    return decode(value);
  } catch (err) {
    // The decoders are the codec's: their refusals are NodeCoreErrors whose code says why; anything else is
    // a fault, still reported as DB_CORRUPT (with the cause) but without a code it does not have.
    const code = isNodeCoreError(err) ? err.code : undefined;
    throw new DbError(
      "DB_CORRUPT",
      `${sublevel}/${toHex(key)}: stored value does not decode`,
      { sublevel, key: toHex(key), ...(code === undefined ? {} : { causeCode: code }) },
      { cause: err },
    );
  }
}

/** LevelDB hands out Buffers; callers get plain, unshared Uint8Arrays. */
function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function u64be(value: bigint): Uint8Array {
  if (value < 0n || value > U64_MAX) throw new DbError("DB_BAD_HEIGHT", `height ${value} is not a u64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, false);
  return out;
}

function readU64be(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, false);
}

function readU32be(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/** heights key: u64 big-endian. */
export const heightKey = u64be;

export function decodeHeightKey(key: Uint8Array): bigint {
  if (key.length !== 8) throw corrupt(SUBLEVEL.heights, key, "height key is not 8 bytes");
  return readU64be(key, 0);
}

/** utxos / masternodes key, and the operators value: txid ‖ u32be index. */
export const outpointKeyBytes = outpointSortKey;

export function decodeOutpointKey(sublevel: SublevelName, key: Uint8Array, bytes: Uint8Array): OutPoint {
  if (bytes.length !== 36) throw corrupt(sublevel, key, "outpoint is not 36 bytes");
  return { txid: copyBytes(bytes.subarray(0, 32)), index: readU32be(bytes, 32) };
}

/** A 32-byte hash value (heights values, meta genesis). */
export function decodeHashValue(sublevel: SublevelName, key: Uint8Array, value: Uint8Array): Hash32 {
  if (value.length !== 32) throw corrupt(sublevel, key, "hash value is not 32 bytes");
  return copyBytes(value);
}

export interface TipPointer {
  readonly hash: Hash32;
  readonly height: bigint;
}

/** meta "tip": hash ‖ u64be height. */
export function encodeTip(tip: TipPointer): Uint8Array {
  return concatBytes(tip.hash, u64be(tip.height));
}

export function decodeTip(value: Uint8Array): TipPointer {
  if (value.length !== 40) throw corrupt(SUBLEVEL.meta, META_KEY.tip, "tip is not 40 bytes");
  return { hash: copyBytes(value.subarray(0, 32)), height: readU64be(value, 32) };
}

export interface TxLocationValue {
  readonly blockHash: Hash32;
  readonly height: bigint;
  readonly position: number;
}

/**
 * txindex value: block hash ‖ u64be height ‖ u32be position. The height is stored too (8 bytes per tx)
 * so a location lookup never has to read and decode the whole block.
 */
export function encodeTxLocation(loc: TxLocationValue): Uint8Array {
  const out = new Uint8Array(44);
  out.set(loc.blockHash, 0);
  const view = new DataView(out.buffer);
  view.setBigUint64(32, loc.height, false);
  view.setUint32(40, loc.position, false);
  return out;
}

export function decodeTxLocation(key: Uint8Array, value: Uint8Array): TxLocationValue {
  if (value.length !== 44) throw corrupt(SUBLEVEL.txindex, key, "tx location is not 44 bytes");
  return {
    blockHash: copyBytes(value.subarray(0, 32)),
    height: readU64be(value, 32),
    position: readU32be(value, 40),
  };
}

/** undo value: BLAKE3(encoded undo record) ‖ encoded undo record. */
export function sealUndo(encoded: Uint8Array): Uint8Array {
  return concatBytes(blake3(encoded), encoded);
}

/** Checks the undo checksum and returns the encoded record (DB_CORRUPT on mismatch). */
export function openUndo(key: Uint8Array, value: Uint8Array): Uint8Array {
  if (value.length < 32) throw corrupt(SUBLEVEL.undo, key, "undo value shorter than its checksum");
  const body = value.subarray(32);
  const actual = blake3(body);
  if (!bytesEqual(actual, value.subarray(0, 32))) {
    throw new DbError("DB_CORRUPT", `undo/${toHex(key)}: checksum mismatch`, {
      sublevel: SUBLEVEL.undo,
      key: toHex(key),
      expected: toHex(value.subarray(0, 32)),
      actual: toHex(actual),
    });
  }
  return body;
}

export interface NetworkStamp {
  readonly schemaVersion: number;
  readonly chainId: number;
  readonly name: string;
}

/** meta "network": u32be schema version ‖ u32be chain id ‖ network name (UTF-8). */
export function encodeNetworkStamp(stamp: NetworkStamp): Uint8Array {
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  view.setUint32(0, stamp.schemaVersion, false);
  view.setUint32(4, stamp.chainId, false);
  return concatBytes(head, utf8.encode(stamp.name));
}

export function decodeNetworkStamp(value: Uint8Array): NetworkStamp {
  if (value.length < 8) throw corrupt(SUBLEVEL.meta, META_KEY.network, "network stamp shorter than 8 bytes");
  let name: string;
  try {
    name = utf8.decode(value.subarray(8));
  } catch {
    throw corrupt(SUBLEVEL.meta, META_KEY.network, "network name is not UTF-8");
  }
  return { schemaVersion: readU32be(value, 0), chainId: readU32be(value, 4), name };
}

const ADDRESS_BYTES = 20;

/** addrutxos key: address ‖ u64be height ‖ txid ‖ u32be index, so an address's coins iterate oldest first. */
export function addressUtxoKey(address: Uint8Array, height: bigint, outpoint: OutPoint): Uint8Array {
  return concatBytes(address, u64be(height), outpointSortKey(outpoint));
}

/** addrutxos value: u64be amount ‖ u8 isReward. */
export function encodeAddressUtxoValue(amount: bigint, isReward: boolean): Uint8Array {
  const out = new Uint8Array(9);
  new DataView(out.buffer).setBigUint64(0, amount, false);
  out[8] = isReward ? 1 : 0;
  return out;
}

export interface AddressUtxoRecord {
  readonly outpoint: OutPoint;
  readonly height: bigint;
  readonly amount: bigint;
  readonly isReward: boolean;
}

export function decodeAddressUtxo(key: Uint8Array, value: Uint8Array): AddressUtxoRecord {
  if (key.length !== ADDRESS_BYTES + 8 + 36) throw corrupt(SUBLEVEL.addrutxos, key, "key is not 64 bytes");
  if (value.length !== 9 || (value[8] as number) > 1)
    throw corrupt(SUBLEVEL.addrutxos, key, "value is not an amount and a reward flag");
  return {
    height: readU64be(key, ADDRESS_BYTES),
    outpoint: decodeOutpointKey(SUBLEVEL.addrutxos, key, key.subarray(ADDRESS_BYTES + 8)),
    amount: readU64be(value, 0),
    isReward: value[8] === 1,
  };
}

/** addrtxs key: address ‖ u64be height ‖ u32be position in the block: chain order. */
export function addressTxKey(address: Uint8Array, height: bigint, position: number): Uint8Array {
  const tail = new Uint8Array(12);
  const view = new DataView(tail.buffer);
  view.setBigUint64(0, height, false);
  view.setUint32(8, position, false);
  return concatBytes(address, tail);
}

/** addrtxs value: txid ‖ u64be what the transaction paid the address. */
export function encodeAddressTxValue(txid: Hash32, received: bigint): Uint8Array {
  return concatBytes(txid, u64be(received));
}

export interface AddressTxRecord {
  readonly height: bigint;
  readonly position: number;
  readonly txid: Hash32;
  readonly received: bigint;
}

export function decodeAddressTx(key: Uint8Array, value: Uint8Array): AddressTxRecord {
  if (key.length !== ADDRESS_BYTES + 12) throw corrupt(SUBLEVEL.addrtxs, key, "key is not 32 bytes");
  if (value.length !== 40) throw corrupt(SUBLEVEL.addrtxs, key, "value is not a txid and an amount");
  return {
    height: readU64be(key, ADDRESS_BYTES),
    position: readU32be(key, ADDRESS_BYTES + 8),
    txid: copyBytes(value.subarray(0, 32)),
    received: readU64be(value, 32),
  };
}

/** The key range of one address in addrutxos or addrtxs (`keyBytes` is that sublevel's key length). */
export function addressRange(address: Uint8Array, keyBytes: number): { gte: Uint8Array; lte: Uint8Array } {
  const lte = new Uint8Array(keyBytes).fill(0xff);
  lte.set(address, 0);
  return { gte: address, lte };
}

export const ADDRESS_UTXO_KEY_BYTES = ADDRESS_BYTES + 8 + 36;
export const ADDRESS_TX_KEY_BYTES = ADDRESS_BYTES + 12;
