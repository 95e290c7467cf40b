// Finds a record by the bytes of a txid without building a string. Answering a query looks up every txid
// it names, and those arrive as fresh arrays decoded from the wire, so neither a per-object cache nor a
// hex key (a Buffer, a 64-character string, then its hash) is cheap there. Records are bucketed by their
// txid's first 48 bits, a plain number, and confirmed byte for byte. Txids are BLAKE3 hashes of valid
// transactions, so a bucket holding two records is rare, and a long one would cost 2^48 hashing per entry.

/** Bytes of the txid that form the bucket key: 48 bits, exact in a double. */
const KEY_BYTES = 6;

/** The first 48 bits of `txid` (missing bytes of a shorter id count as zero). */
function keyOf(txid: Uint8Array): number {
  if (txid.length < KEY_BYTES) {
    let key = 0;
    for (let i = txid.length - 1; i >= 0; i--) key = key * 256 + (txid[i] as number);
    return key;
  }
  const low = (txid[0] as number) | ((txid[1] as number) << 8) | ((txid[2] as number) << 16);
  const high = (txid[3] as number) | ((txid[4] as number) << 8) | ((txid[5] as number) << 16);
  return low + high * 0x1000000;
}

/** Plain early-exit comparison: txids are public, so constant time buys nothing on this hot path. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Entry<V> {
  /** The index's own copy: a caller changing its array later cannot move or corrupt the entry. */
  readonly txid: Uint8Array;
  readonly value: V;
}

export class TxidIndex<V> {
  private readonly buckets = new Map<number, Entry<V>[]>();

  get(txid: Uint8Array): V | undefined {
    const bucket = this.buckets.get(keyOf(txid));
    if (bucket === undefined) return undefined;
    for (const entry of bucket) if (sameBytes(entry.txid, txid)) return entry.value;
    return undefined;
  }

  /** Adds or replaces the value of `txid`. */
  set(txid: Uint8Array, value: V): void {
    const key = keyOf(txid);
    const entry: Entry<V> = { txid: txid.slice(), value };
    const bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.buckets.set(key, [entry]);
      return;
    }
    const at = bucket.findIndex((e) => sameBytes(e.txid, txid));
    if (at < 0) bucket.push(entry);
    else bucket[at] = entry;
  }

  delete(txid: Uint8Array): boolean {
    const key = keyOf(txid);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return false;
    const at = bucket.findIndex((e) => sameBytes(e.txid, txid));
    if (at < 0) return false;
    if (bucket.length === 1) this.buckets.delete(key);
    else bucket.splice(at, 1);
    return true;
  }
}
