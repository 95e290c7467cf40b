// Rejection tests of the wire protocol: the whole-input rules shared with the codec (trailing bytes,
// truncation) for every message type, then every protocol-level rule: frame version and type, the size
// cap of each type checked before the body is read, list caps, the Snowball bitmap, block ranges, and
// the guarantee that only ProtocolErrors escape, each naming the message type. Offsets follow the layouts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf, wholeInputSuite } from "../../codec/case-suites.js";
import { encodeCertifiedBlock } from "../../codec/index.js";
import { DEFAULT_SNOWBALL_OPTIONS } from "../../consensus/snowball/index.js";
import { MAX_BLOCK_BYTES } from "../../params/consensus.js";
import type { CertifiedBlock, Transaction } from "../../types/chain.js";
import { ARB_MESSAGE_BY_TYPE, arbBlockMessage, arbBlockRange } from "./arbitraries.js";
import {
  bitmapBytes,
  FRAME_HEADER_BYTES,
  MAX_BLOCKS_PER_RESPONSE,
  MAX_FETCH_TXIDS,
  MAX_MESSAGE_BYTES,
  MAX_QUERY_TXIDS,
  MAX_TXS_PER_MESSAGE,
  MESSAGE_CAPS,
  MESSAGE_LIMITS,
} from "./caps.js";
import { PROTOCOL_CASES } from "./cases.js";
import { ProtocolError } from "./errors.js";
import { decodeMessage, encodeMessage } from "./frame.js";
import { MESSAGE_TYPE, type Message, type MessageTypeName, PROTOCOL_VERSION } from "./message.js";

const fill = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);

function errorOf(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error("no error");
}

function patchU32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(offset, value, true);
  return out;
}

function patchU64(bytes: Uint8Array, offset: number, value: bigint): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(offset, value, true);
  return out;
}

const sample = <T>(arb: fc.Arbitrary<T>, seed = 1): T => fc.sample(arb, { seed, numRuns: 1 })[0] as T;
const txids = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => fill(i & 0xff, 32));
const TYPE_NAMES = Object.keys(MESSAGE_TYPE) as MessageTypeName[];

wholeInputSuite(PROTOCOL_CASES);

describe("frame version and type", () => {
  const valid = encodeMessage(sample(ARB_MESSAGE_BY_TYPE.heartbeat));

  it("an unknown version is refused before the type is read", () => {
    for (const version of [0, PROTOCOL_VERSION + 1, 0x80, 0xff]) {
      const bytes = valid.slice();
      bytes[0] = version;
      const e = errorOf(() => decodeMessage(bytes));
      expect(e.code).toBe("CODEC_UNKNOWN_TAG");
      expect(e.details).toMatchObject({ field: "version", tag: version, offset: 1 });
      expect(e.details.messageType).toBeUndefined();
      // Even a frame of just a foreign version byte: the version is all it takes.
      expect(codeOf(() => decodeMessage(Uint8Array.of(version)))).toBe("CODEC_UNKNOWN_TAG");
    }
  });

  it("a type tag no message has is refused", () => {
    const known = new Set<number>(Object.values(MESSAGE_TYPE));
    for (let tag = 0; tag < 256; tag++) {
      const bytes = valid.slice();
      bytes[1] = tag;
      if (known.has(tag)) {
        // A heartbeat's body read as another type may fail, but never on its type byte.
        let field: string | undefined;
        try {
          decodeMessage(bytes);
        } catch (error) {
          field = (error as ProtocolError).details.field;
        }
        expect(field).not.toBe("type");
        continue;
      }
      const e = errorOf(() => decodeMessage(bytes));
      expect(e.code).toBe("CODEC_UNKNOWN_TAG");
      expect(e.details).toMatchObject({ field: "type", tag });
    }
  });

  it("an encoder refuses a message kind the protocol does not have", () => {
    const bogus = { kind: "bogus" } as unknown as Message;
    expect(errorOf(() => encodeMessage(bogus)).code).toBe("CODEC_UNKNOWN_TAG");
    const bogusTsdc = { kind: "tsdc", message: { kind: "commit" } } as unknown as Message;
    expect(errorOf(() => encodeMessage(bogusTsdc)).code).toBe("CODEC_UNKNOWN_TAG");
    const inherited = { kind: "toString" } as unknown as Message;
    expect(errorOf(() => encodeMessage(inherited)).code).toBe("CODEC_UNKNOWN_TAG");
  });
});

describe("per-type size caps", () => {
  it("a frame one byte over its type's cap is refused before its body is read", () => {
    for (const name of TYPE_NAMES) {
      // A body of 0xff bytes would fail in the body (unknown tags, over-cap counts) if it were read.
      const frame = fill(0xff, MESSAGE_CAPS[name] + 1);
      frame[0] = PROTOCOL_VERSION;
      frame[1] = MESSAGE_TYPE[name];
      const e = errorOf(() => decodeMessage(frame));
      expect(e.code, name).toBe("CODEC_OVER_CAP");
      expect(e.details, name).toMatchObject({
        field: "size",
        offset: FRAME_HEADER_BYTES,
        limit: MESSAGE_CAPS[name],
        actual: MESSAGE_CAPS[name] + 1,
        messageType: name,
      });
    }
  });

  it("fixed-size messages are capped at their exact size", () => {
    for (const name of ["status", "getBlocks", "candidacy", "vote", "heartbeat"] as const) {
      expect(encodeMessage(sample(ARB_MESSAGE_BY_TYPE[name])).length, name).toBe(MESSAGE_CAPS[name]);
    }
  });

  it("full txid lists and the reply to a full query fill their caps exactly", () => {
    const full = txids(MAX_QUERY_TXIDS);
    expect(encodeMessage({ kind: "query", requestId: 1, txids: full }).length).toBe(MESSAGE_CAPS.query);
    expect(encodeMessage({ kind: "getTxs", txids: txids(MAX_FETCH_TXIDS) }).length).toBe(MESSAGE_CAPS.getTxs);
    const reply: Message = {
      kind: "reply",
      requestId: 1,
      count: MAX_QUERY_TXIDS,
      bits: fill(0xff, bitmapBytes(MAX_QUERY_TXIDS)),
    };
    expect(encodeMessage(reply).length).toBe(MESSAGE_CAPS.reply);
    expect(decodeMessage(encodeMessage(reply))).toEqual(reply);
  });

  it("caps hold the largest legitimate content: one maximal block, a block's worth of transactions", () => {
    expect(MESSAGE_CAPS.block).toBeGreaterThan(MAX_BLOCK_BYTES);
    expect(MESSAGE_CAPS.proposal).toBeGreaterThan(MAX_BLOCK_BYTES);
    expect(MESSAGE_CAPS.blocks).toBe(MESSAGE_CAPS.block + 4);
    expect(MESSAGE_CAPS.txs).toBeGreaterThan(MAX_BLOCK_BYTES);
    expect(MAX_MESSAGE_BYTES).toBe(Math.max(...Object.values(MESSAGE_CAPS)));
    // Snowball's default batch is a legal query.
    expect(DEFAULT_SNOWBALL_OPTIONS.maxTxsPerQuery).toBeLessThanOrEqual(MAX_QUERY_TXIDS);
  });

  it("the limits table has one row per type, unique tags, the caps of MESSAGE_CAPS", () => {
    expect(MESSAGE_LIMITS.map((l) => l.name).sort()).toEqual([...TYPE_NAMES].sort());
    expect(new Set(MESSAGE_LIMITS.map((l) => l.type)).size).toBe(TYPE_NAMES.length);
    for (const row of MESSAGE_LIMITS) {
      expect(row.type).toBe(MESSAGE_TYPE[row.name]);
      expect(row.maxBytes).toBe(MESSAGE_CAPS[row.name]);
    }
  });

  it("an encoder refuses a message over its type's cap (a txs message over a block's worth)", () => {
    const input = (i: number) => ({
      prevout: { txid: fill(i & 0xff, 32), index: i },
      publicKey: fill(2, 32),
      signature: fill(3, 64),
    });
    const big: Transaction = {
      version: 1,
      inputs: Array.from({ length: 740 }, (_, i) => input(i)),
      outputs: [],
      lockTime: 0n,
      special: null,
    };
    const perTx = encodeMessage({ kind: "txs", txs: [big] }).length - FRAME_HEADER_BYTES - 4;
    const fits = Math.floor((MESSAGE_CAPS.txs - FRAME_HEADER_BYTES - 4) / perTx);
    expect(codeOf(() => encodeMessage({ kind: "txs", txs: Array(fits).fill(big) }))).toBe("no error");
    const e = errorOf(() => encodeMessage({ kind: "txs", txs: Array(fits + 1).fill(big) }));
    expect(e.code).toBe("CODEC_OVER_CAP");
    expect(e.details).toMatchObject({ field: "size", messageType: "txs", limit: MESSAGE_CAPS.txs });
  });
});

describe("list caps", () => {
  it("txid lists: cap + 1 refused by encoder and decoder, 0xffffffff too", () => {
    const query = encodeMessage({ kind: "query", requestId: 7, txids: [] });
    const getTxs = encodeMessage({ kind: "getTxs", txids: [] });
    for (const n of [MAX_QUERY_TXIDS + 1, 0xffffffff]) {
      expect(codeOf(() => decodeMessage(patchU32(query, 6, n)))).toBe("CODEC_OVER_CAP");
      expect(codeOf(() => decodeMessage(patchU32(getTxs, 2, n)))).toBe("CODEC_OVER_CAP");
    }
    // Within the cap but more than the frame holds: refused before the list is allocated.
    expect(codeOf(() => decodeMessage(patchU32(query, 6, MAX_QUERY_TXIDS)))).toBe("CODEC_TRUNCATED");
    expect(
      codeOf(() => encodeMessage({ kind: "query", requestId: 1, txids: txids(MAX_QUERY_TXIDS + 1) })),
    ).toBe("CODEC_OVER_CAP");
    expect(codeOf(() => encodeMessage({ kind: "getTxs", txids: txids(MAX_FETCH_TXIDS + 1) }))).toBe(
      "CODEC_OVER_CAP",
    );
    expect(codeOf(() => encodeMessage({ kind: "getTxs", txids: [fill(1, 31)] }))).toBe("CODEC_INVALID_VALUE");
  });

  it("transactions and blocks per message", () => {
    const txs = encodeMessage({ kind: "txs", txs: [] });
    expect(codeOf(() => decodeMessage(patchU32(txs, 2, MAX_TXS_PER_MESSAGE + 1)))).toBe("CODEC_OVER_CAP");
    const blocks = encodeMessage({ kind: "blocks", blocks: [] });
    expect(codeOf(() => decodeMessage(patchU32(blocks, 2, MAX_BLOCKS_PER_RESPONSE + 1)))).toBe(
      "CODEC_OVER_CAP",
    );
    const tooMany = Array(MAX_BLOCKS_PER_RESPONSE + 1).fill(sample(arbBlockMessage).block);
    expect(codeOf(() => encodeMessage({ kind: "blocks", blocks: tooMany }))).toBe("CODEC_OVER_CAP");
  });

  it("a range request asks for 1..MAX_BLOCKS_PER_RESPONSE blocks", () => {
    const ok = encodeMessage({ kind: "getBlocks", fromHeight: 5n, count: MAX_BLOCKS_PER_RESPONSE });
    expect(decodeMessage(ok)).toEqual({ kind: "getBlocks", fromHeight: 5n, count: MAX_BLOCKS_PER_RESPONSE });
    expect(codeOf(() => decodeMessage(patchU32(ok, 10, MAX_BLOCKS_PER_RESPONSE + 1)))).toBe("CODEC_OVER_CAP");
    expect(errorOf(() => decodeMessage(patchU32(ok, 10, 0))).details).toMatchObject({
      field: "count",
      messageType: "getBlocks",
    });
    expect(codeOf(() => decodeMessage(patchU32(ok, 10, 0)))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeMessage({ kind: "getBlocks", fromHeight: 5n, count: 0 }))).toBe(
      "CODEC_INVALID_VALUE",
    );
    expect(
      codeOf(() => encodeMessage({ kind: "getBlocks", fromHeight: 5n, count: MAX_BLOCKS_PER_RESPONSE + 1 })),
    ).toBe("CODEC_OVER_CAP");
  });
});

describe("Snowball reply bitmap", () => {
  const reply = (count: number, bits: Uint8Array): Message => ({ kind: "reply", requestId: 3, count, bits });

  it("must be exactly ceil(count / 8) bytes", () => {
    for (const [count, size] of [
      [9, 1],
      [9, 3],
      [8, 0],
      [0, 1],
      [1, 2],
    ] as const) {
      const e = errorOf(() => encodeMessage(reply(count, new Uint8Array(size))));
      expect(e.code, `${count} bits in ${size} bytes`).toBe("CODEC_INVALID_VALUE");
      expect(e.details).toMatchObject({ field: "bits", messageType: "reply" });
    }
    // On the wire the count decides the length: a count that disagrees with the bytes cannot decode.
    const bytes = encodeMessage(reply(16, fill(0xff, 2)));
    expect(codeOf(() => decodeMessage(patchU32(bytes, 6, 24)))).toBe("CODEC_TRUNCATED");
    expect(codeOf(() => decodeMessage(patchU32(bytes, 6, 8)))).toBe("CODEC_TRAILING_BYTES");
    expect(codeOf(() => decodeMessage(patchU32(bytes, 6, MAX_QUERY_TXIDS + 1)))).toBe("CODEC_OVER_CAP");
  });

  it("padding bits past the last txid must be zero", () => {
    for (const count of [1, 3, 7, 9, 15, 1_023]) {
      const size = bitmapBytes(count);
      const used = count % 8;
      const full = new Uint8Array(size);
      full[size - 1] = (1 << used) - 1;
      expect(codeOf(() => encodeMessage(reply(count, full)))).toBe("no error");
      const bytes = encodeMessage(reply(count, full));
      for (let bit = used; bit < 8; bit++) {
        const padded = full.slice();
        padded[size - 1] = (padded[size - 1] as number) | (1 << bit);
        expect(codeOf(() => encodeMessage(reply(count, padded)))).toBe("CODEC_NON_CANONICAL");
        const wire = bytes.slice();
        wire[wire.length - 1] = (wire[wire.length - 1] as number) | (1 << bit);
        const e = errorOf(() => decodeMessage(wire));
        expect(e.code).toBe("CODEC_NON_CANONICAL");
        expect(e.details).toMatchObject({ field: "bits", messageType: "reply" });
      }
    }
    // A count that is a multiple of 8 has no padding: every bit is a preference.
    expect(decodeMessage(encodeMessage(reply(8, fill(0xff, 1))))).toEqual(reply(8, fill(0xff, 1)));
  });
});

describe("block range responses", () => {
  const range = sample(
    arbBlockRange(3).filter((b) => b.length === 3),
    4,
  );
  const withHeight = (c: CertifiedBlock, height: bigint): CertifiedBlock => ({
    ...c,
    block: { ...c.block, header: { ...c.block.header, height } },
  });

  it("must be consecutive and oldest first", () => {
    const [a, b, c] = range as [CertifiedBlock, CertifiedBlock, CertifiedBlock];
    const h = a.block.header.height;
    expect(codeOf(() => encodeMessage({ kind: "blocks", blocks: [a, b, c] }))).toBe("no error");
    for (const blocks of [
      [a, c],
      [b, a],
      [a, withHeight(b, h)],
      [a, b, withHeight(c, h + 3n)],
    ]) {
      const e = errorOf(() => encodeMessage({ kind: "blocks", blocks }));
      expect(e.code).toBe("CODEC_INVALID_VALUE");
      expect(e.details).toMatchObject({ field: "blocks", messageType: "blocks" });
    }
    // On the wire: the second block's header height (6 bytes into its header) moved one up.
    const bytes = encodeMessage({ kind: "blocks", blocks: [a, b] });
    const second = FRAME_HEADER_BYTES + 4 + encodeCertifiedBlock(a).length;
    expect(decodeMessage(patchU64(bytes, second + 6, h + 1n))).toEqual({ kind: "blocks", blocks: [a, b] });
    const e = errorOf(() => decodeMessage(patchU64(bytes, second + 6, h + 2n)));
    expect(e.code).toBe("CODEC_INVALID_VALUE");
    expect(e.details).toMatchObject({ field: "blocks", messageType: "blocks" });
  });
});

describe("only ProtocolErrors escape", () => {
  it("for input that is not bytes and for structurally broken messages", () => {
    for (const junk of [null, undefined, "0101", 7, {}, [1, 12], new Uint16Array(4)]) {
      const e = errorOf(() => decodeMessage(junk as unknown as Uint8Array));
      expect(e.code).toBe("CODEC_INVALID_VALUE");
    }
    for (const junk of [
      null,
      {},
      { kind: "status" },
      { kind: "txs", txs: [null] },
      { kind: "tsdc", message: null },
      { kind: "reply", requestId: 1, count: 1, bits: null },
    ]) {
      const e = errorOf(() => encodeMessage(junk as unknown as Message));
      expect(e).toBeInstanceOf(ProtocolError);
    }
  });

  it("body errors are re-raised naming the message type, with the codec's field and offset", () => {
    const vote = encodeMessage(sample(ARB_MESSAGE_BY_TYPE.vote));
    const bad = vote.slice();
    bad[FRAME_HEADER_BYTES] = 9; // the vote's phase tag
    const e = errorOf(() => decodeMessage(bad));
    expect(e.code).toBe("CODEC_UNKNOWN_TAG");
    expect(e.details).toMatchObject({ field: "vote.phase", tag: 9, messageType: "vote", object: "Message" });
  });
});
