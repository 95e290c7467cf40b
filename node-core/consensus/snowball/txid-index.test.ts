// The txid index against a Map keyed by hex: same answers for any sequence of sets, deletes and lookups,
// including ids sharing the 32-bit bucket key, ids shorter than the key, and callers reusing their arrays.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../../types/bytes.js";
import { TxidIndex } from "./txid-index.js";

/** Ids that often share their first six bytes (past the bucket key), so buckets hold several entries. */
const arbTxid = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 8 }),
  fc
    .tuple(fc.constantFrom(0, 1, 255), fc.uint8Array({ minLength: 0, maxLength: 34 }))
    .map(([fill, tail]) => Uint8Array.from([fill, fill, fill, fill, fill, fill, ...tail])),
);

type Op =
  | { readonly kind: "set"; readonly txid: Uint8Array; readonly value: number }
  | { readonly kind: "delete"; readonly txid: Uint8Array }
  | { readonly kind: "get"; readonly txid: Uint8Array };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), txid: arbTxid, value: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), txid: arbTxid }),
  fc.record({ kind: fc.constant("get" as const), txid: arbTxid }),
);

describe("TxidIndex", () => {
  it("answers like a Map keyed by hex", () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 200 }), (ops) => {
        const index = new TxidIndex<number>();
        const oracle = new Map<string, number>();
        const seen: Uint8Array[] = [];
        for (const op of ops) {
          const hex = toHex(op.txid);
          seen.push(op.txid.slice());
          if (op.kind === "set") {
            index.set(op.txid, op.value);
            oracle.set(hex, op.value);
          } else if (op.kind === "delete") {
            expect(index.delete(op.txid)).toBe(oracle.delete(hex));
          } else {
            expect(index.get(op.txid)).toBe(oracle.get(hex));
          }
        }
        for (const txid of seen) expect(index.get(txid)).toBe(oracle.get(toHex(txid)));
      }),
    );
  });

  it("keeps its own copy: a caller overwriting its array moves nothing", () => {
    const index = new TxidIndex<string>();
    const txid = new Uint8Array(32).fill(7);
    index.set(txid, "seven");
    txid.fill(9);
    expect(index.get(txid)).toBeUndefined();
    expect(index.get(new Uint8Array(32).fill(7))).toBe("seven");
    expect(index.delete(new Uint8Array(32).fill(7))).toBe(true);
    expect(index.get(new Uint8Array(32).fill(7))).toBeUndefined();
  });

  it("tells apart 32-byte ids that differ in any one byte", () => {
    const index = new TxidIndex<number>();
    const base = new Uint8Array(32).fill(0x5a);
    const variants = Array.from({ length: 32 }, (_, i) => {
      const id = base.slice();
      id[i] = 0xa5;
      return id;
    });
    for (const [i, id] of variants.entries()) index.set(id, i);
    expect(index.get(base)).toBeUndefined();
    for (const [i, id] of variants.entries()) expect(index.get(id.slice())).toBe(i);
    index.set(base, -1);
    expect(index.get(base.slice())).toBe(-1);
    for (const id of variants.slice(4)) expect(index.delete(id)).toBe(true);
    expect(index.get(base.slice())).toBe(-1);
    for (const [i, id] of variants.entries()) expect(index.get(id)).toBe(i < 4 ? i : undefined);
  });

  it("tells apart ids that share the bucket key or differ only in length", () => {
    const index = new TxidIndex<string>();
    const a = Uint8Array.of(1, 2, 3, 4, 5, 6, 7);
    const b = Uint8Array.of(1, 2, 3, 4, 5, 6, 8);
    const short = Uint8Array.of(1, 2, 3, 4, 5, 6);
    const shorter = Uint8Array.of(1, 2, 3);
    const padded = Uint8Array.of(1, 2, 3, 0, 0, 0);
    for (const [id, name] of [
      [a, "a"],
      [b, "b"],
      [short, "short"],
      [shorter, "shorter"],
      [padded, "padded"],
    ] as const) {
      index.set(id, name);
    }
    expect(index.get(a.slice())).toBe("a");
    expect(index.get(b.slice())).toBe("b");
    expect(index.get(short.slice())).toBe("short");
    expect(index.get(shorter.slice())).toBe("shorter");
    expect(index.get(padded.slice())).toBe("padded");
    expect(index.get(Uint8Array.of(1, 2, 3, 4, 5, 6, 9))).toBeUndefined();
    expect(index.get(new Uint8Array(0))).toBeUndefined();
    expect(index.delete(b)).toBe(true);
    expect(index.get(a)).toBe("a");
    expect(index.get(b)).toBeUndefined();
    expect(index.delete(b)).toBe(false);
  });
});
