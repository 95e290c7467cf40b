// Finds a record by the bytes of a txid without building a string. Answering a query looks up every txid
// it names, and those arrive as fresh arrays decoded from the wire, so neither a per-object cache nor a
// hex key (a Buffer, a 64-character string, then its hash) is cheap there. Records are bucketed by their
// txid's first 32 bits and confirmed against the rest, which each entry holds inline. 32 bits, because a
// small integer is stored in the Map's table itself (a wider key is a boxed double the table must follow:
// twice the lookup time with thousands of records). Txids are BLAKE3 hashes of valid transactions, so
// buckets almost never hold two entries, and lengthening one costs 2^32 hashing per valid transaction; a
// long bucket only slows lookups of the ids that land in it.

/** Bytes of the txid that form the bucket key: an int32, which V8 keeps unboxed. */
const KEY_BYTES = 4;

/** The first 32 bits of `txid`, little-endian (missing bytes of a shorter id count as zero). */
function keyOf(txid: Uint8Array): number {
  if (txid.length < KEY_BYTES) {
    let key = 0;
    for (let i = txid.length - 1; i >= 0; i--) key = key * 256 + (txid[i] as number);
    return key;
  }
  const b = txid;
  return (b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24);
}

/** Plain early-exit comparison: txids are public, so constant time buys nothing on this hot path. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Txid length whose bytes an entry also holds inline (every real txid: a 32-byte BLAKE3 hash). */
const INLINE_BYTES = 32;

/** Bytes i..i+3 of `b` as an int32, little-endian (the caller checks the length). */
function word(b: Uint8Array, i: number): number {
  return (
    (b[i] as number) |
    ((b[i + 1] as number) << 8) |
    ((b[i + 2] as number) << 16) |
    ((b[i + 3] as number) << 24)
  );
}

interface Entry<V> {
  /** The index's own copy: a caller changing its array later cannot move or corrupt the entry. */
  readonly txid: Uint8Array;
  readonly length: number;
  /**
   * Bytes 4..31 of a 32-byte txid as int32s (bytes 0..3 are the bucket key), so confirming a hit reads
   * this entry only: with thousands of records, following `txid` to its bytes is a cache miss per lookup.
   */
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly w4: number;
  readonly w5: number;
  readonly w6: number;
  readonly w7: number;
  value: V;
  /** Next entry with the same bucket key (almost always null): a chain, not an array per bucket. */
  next: Entry<V> | null;
}

function newEntry<V>(txid: Uint8Array, value: V, next: Entry<V> | null): Entry<V> {
  const inline = txid.length === INLINE_BYTES;
  return {
    txid: txid.slice(),
    length: txid.length,
    w1: inline ? word(txid, 4) : 0,
    w2: inline ? word(txid, 8) : 0,
    w3: inline ? word(txid, 12) : 0,
    w4: inline ? word(txid, 16) : 0,
    w5: inline ? word(txid, 20) : 0,
    w6: inline ? word(txid, 24) : 0,
    w7: inline ? word(txid, 28) : 0,
    value,
    next,
  };
}

/** Whether `e` is the entry of `txid`, which has `e`'s bucket key. */
function matches<V>(e: Entry<V>, txid: Uint8Array): boolean {
  if (e.length !== txid.length) return false;
  if (e.length !== INLINE_BYTES) return sameBytes(e.txid, txid);
  return (
    e.w1 === word(txid, 4) &&
    e.w2 === word(txid, 8) &&
    e.w3 === word(txid, 12) &&
    e.w4 === word(txid, 16) &&
    e.w5 === word(txid, 20) &&
    e.w6 === word(txid, 24) &&
    e.w7 === word(txid, 28)
  );
}

export class TxidIndex<V> {
  private readonly buckets = new Map<number, Entry<V>>();

  get(txid: Uint8Array): V | undefined {
    for (let e = this.buckets.get(keyOf(txid)) ?? null; e !== null; e = e.next) {
      if (matches(e, txid)) return e.value;
    }
    return undefined;
  }

  /** Adds or replaces the value of `txid`. */
  set(txid: Uint8Array, value: V): void {
    const key = keyOf(txid);
    const head = this.buckets.get(key);
    for (let e = head ?? null; e !== null; e = e.next) {
      if (matches(e, txid)) {
        e.value = value;
        return;
      }
    }
    this.buckets.set(key, newEntry(txid, value, head ?? null));
  }

  delete(txid: Uint8Array): boolean {
    const key = keyOf(txid);
    let prev: Entry<V> | null = null;
    for (let e = this.buckets.get(key) ?? null; e !== null; prev = e, e = e.next) {
      if (!matches(e, txid)) continue;
      if (prev !== null) prev.next = e.next;
      else if (e.next !== null) this.buckets.set(key, e.next);
      else this.buckets.delete(key);
      return true;
    }
    return false;
  }
}
