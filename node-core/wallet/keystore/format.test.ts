// The v1 file format without passwords: encode/decode round trip, the exact text layout FORMAT.md shows,
// the checksum recomputed here from the spec (not from format.ts), and each refusal of the decoder:
// foreign files and bad fields (MALFORMED), damage (CORRUPTED, by part), a newer version
// (UNSUPPORTED_VERSION) told apart from a damaged version number.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isKeystoreError, type KeystoreErrorCode } from "./errors.js";
import {
  decodeKeystoreFile,
  encodeKeystoreFile,
  headerAad,
  type KeystoreDocument,
  MAX_KEYSTORE_FILE_BYTES,
} from "./format.js";

function sampleDocument(payloadBytes = 300): KeystoreDocument {
  return {
    header: {
      walletId: "0123456789abcdef0123456789abcdef",
      kdf: { memoryKiB: 65536, iterations: 3, parallelism: 4, salt: new Uint8Array(32).fill(0xa5) },
    },
    wrappedKey: { nonce: new Uint8Array(12).fill(1), sealed: new Uint8Array(48).fill(2) },
    payload: { nonce: new Uint8Array(12).fill(3), sealed: new Uint8Array(randomBytes(payloadBytes)) },
  };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (s: string) => new TextEncoder().encode(s);

/** Rewrites a file with `edit` applied to its body and a checksum recomputed as FORMAT.md defines it. */
function rewrite(file: Uint8Array, edit: (body: Record<string, unknown>) => void): Uint8Array {
  const { checksum: _old, ...body } = JSON.parse(text(file)) as Record<string, unknown>;
  edit(body);
  const canonical = `${JSON.stringify(body, null, 2)}\n`;
  const checksum = createHash("sha256").update(canonical).digest("hex");
  return bytesOf(`${JSON.stringify({ ...body, checksum }, null, 2)}\n`);
}

function refusal(bytes: Uint8Array): { code: KeystoreErrorCode; payload: Record<string, unknown> } {
  try {
    decodeKeystoreFile(bytes, "/w/k.json");
  } catch (err) {
    if (!isKeystoreError(err)) throw err;
    return { code: err.code, payload: err.payload as Record<string, unknown> };
  }
  throw new Error("the file was accepted");
}

describe("keystore file format v1", () => {
  it("round-trips a document", () => {
    const doc = sampleDocument();
    const decoded = decodeKeystoreFile(encodeKeystoreFile(doc), "/w/k.json");
    expect(decoded).toEqual(doc);
  });

  it("writes the documented layout: canonical JSON, hex and base64 fields, checksum last", () => {
    const doc = sampleDocument(20);
    const file = text(encodeKeystoreFile(doc));
    const lines = file.split("\n");
    expect(lines.slice(0, 3)).toEqual(["{", '  "format": "timecoin-keystore",', '  "version": 1,']);
    expect(file.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(file);
    expect(Object.keys(parsed)).toEqual([
      "format",
      "version",
      "walletId",
      "kdf",
      "wrappedKey",
      "payload",
      "checksum",
    ]);
    expect(parsed.kdf).toEqual({
      id: "argon2id",
      version: 19,
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 4,
      salt: "a5".repeat(32),
    });
    expect(parsed.wrappedKey).toEqual({ nonce: "01".repeat(12), ciphertext: "02".repeat(48) });
    expect(parsed.payload.ciphertext).toBe(Buffer.from(doc.payload.sealed).toString("base64"));
    const { checksum, ...body } = parsed;
    expect(checksum).toBe(
      createHash("sha256")
        .update(`${JSON.stringify(body, null, 2)}\n`)
        .digest("hex"),
    );
  });

  it("binds the header as associated data, one line per role", () => {
    const doc = sampleDocument();
    const wrap = text(headerAad(doc.header, "wrapped-key"));
    const payload = text(headerAad(doc.header, "payload"));
    expect(wrap.split("\n")[0]).toBe("timecoin-keystore wrapped-key");
    expect(payload.split("\n")[0]).toBe("timecoin-keystore payload");
    expect(JSON.parse(wrap.split("\n")[1] as string)).toEqual({
      format: "timecoin-keystore",
      version: 1,
      walletId: doc.header.walletId,
      kdf: {
        id: "argon2id",
        version: 19,
        memoryKiB: 65536,
        iterations: 3,
        parallelism: 4,
        salt: "a5".repeat(32),
      },
    });
    // Every header field changes the associated data.
    const other = { ...doc.header, kdf: { ...doc.header.kdf, iterations: 4 } };
    expect(text(headerAad(other, "payload"))).not.toBe(payload);
  });

  it("tells foreign files (MALFORMED) from damaged keystores (CORRUPTED)", () => {
    expect(refusal(bytesOf('{"accounts": []}'))).toMatchObject({
      code: "KEYSTORE_MALFORMED",
      payload: { reason: "not-a-keystore" },
    });
    expect(refusal(bytesOf("hello"))).toMatchObject({
      code: "KEYSTORE_MALFORMED",
      payload: { reason: "not-a-keystore" },
    });
    expect(refusal(new Uint8Array(0))).toMatchObject({
      code: "KEYSTORE_CORRUPTED",
      payload: { part: "empty" },
    });
    const file = encodeKeystoreFile(sampleDocument());
    expect(refusal(file.subarray(0, 200))).toMatchObject({
      code: "KEYSTORE_CORRUPTED",
      payload: { part: "json" },
    });
    // Re-indented by an editor: still our file, but not the text that was written.
    const reindented = bytesOf(`${JSON.stringify(JSON.parse(text(file)), null, 4)}\n`);
    expect(refusal(reindented)).toMatchObject({ code: "KEYSTORE_CORRUPTED", payload: { part: "encoding" } });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...file]);
    expect(refusal(withBom)).toMatchObject({ code: "KEYSTORE_CORRUPTED", payload: { part: "json" } });
  });

  it("refuses a missing, malformed or wrong checksum as CORRUPTED checksum", () => {
    const file = encodeKeystoreFile(sampleDocument());
    const parsed = JSON.parse(text(file));
    const { checksum: _c, ...body } = parsed;
    const variants = [
      { ...body },
      { ...body, checksum: "00".repeat(32) },
      { ...body, checksum: 42 },
      { checksum: parsed.checksum, ...body },
    ];
    for (const variant of variants) {
      expect(refusal(bytesOf(`${JSON.stringify(variant, null, 2)}\n`))).toMatchObject({
        code: "KEYSTORE_CORRUPTED",
        payload: { part: "checksum" },
      });
    }
  });

  it("reads a newer version as UNSUPPORTED_VERSION only when its checksum holds", () => {
    const file = encodeKeystoreFile(sampleDocument());
    const v2 = rewrite(file, (body) => {
      body.version = 2;
      body.payload = { cipher: "something new" };
    });
    expect(refusal(v2)).toEqual({
      code: "KEYSTORE_UNSUPPORTED_VERSION",
      payload: { path: "/w/k.json", version: 2, supported: 1 },
    });
    // The same digit changed by damage (checksum not recomputed) is corruption.
    const damaged = bytesOf(text(file).replace('"version": 1', '"version": 3'));
    expect(refusal(damaged)).toMatchObject({ code: "KEYSTORE_CORRUPTED", payload: { part: "checksum" } });
  });

  it("refuses bad fields of an intact file as MALFORMED, naming the field", () => {
    const file = encodeKeystoreFile(sampleDocument());
    /** An edit setting the member at a dotted path (undefined removes it). */
    const set =
      (path: string, value: unknown) =>
      (body: Record<string, unknown>): void => {
        const keys = path.split(".");
        let target = body;
        for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
        const last = keys[keys.length - 1] as string;
        if (value === undefined) delete target[last];
        else target[last] = value;
      };
    const cases: [string, (body: Record<string, unknown>) => void][] = [
      ["version", set("version", "1")],
      ["walletId", set("walletId", "XYZ")],
      ["kdf.id", set("kdf.id", "scrypt")],
      ["kdf.version", set("kdf.version", 16)],
      ["kdf.memoryKiB", set("kdf.memoryKiB", 16)],
      ["kdf.iterations", set("kdf.iterations", 0)],
      ["kdf.parallelism", set("kdf.parallelism", 1.5)],
      ["kdf.salt", set("kdf.salt", "ab")],
      ["kdf.pepper", set("kdf.pepper", 1)],
      ["wrappedKey.nonce", set("wrappedKey.nonce", "0101")],
      ["wrappedKey.ciphertext", set("wrappedKey.ciphertext", "AB".repeat(48))],
      ["payload.ciphertext", set("payload.ciphertext", "AAAA=")],
      // 17 bytes spelled with non-zero padding bits: Buffer would decode it, only canonical base64 is read.
      ["payload.ciphertext", set("payload.ciphertext", `${"A".repeat(22)}B=`)],
      ["payload", set("payload", undefined)],
      ["comment", set("comment", "hi")],
    ];
    // The canonical spelling of the same 17 bytes is accepted (the case above fails for its spelling alone).
    const canonical = rewrite(file, set("payload.ciphertext", `${"A".repeat(23)}=`));
    expect(decodeKeystoreFile(canonical, "/w/k.json").payload.sealed).toEqual(new Uint8Array(17));
    for (const [field, edit] of cases) {
      const result = refusal(rewrite(file, edit));
      expect({ field, ...result }).toMatchObject({
        field,
        code: "KEYSTORE_MALFORMED",
        payload: { reason: "field", field },
      });
    }
    // Another format's name is another kind of file, whether or not the marker is close enough to look ours.
    expect(refusal(rewrite(file, set("format", "Timecoin-keystore")))).toMatchObject({
      code: "KEYSTORE_MALFORMED",
      payload: { reason: "not-a-keystore", field: "format" },
    });
    expect(refusal(rewrite(file, set("format", "other-keystore")))).toMatchObject({
      code: "KEYSTORE_MALFORMED",
      payload: { reason: "not-a-keystore" },
    });
  });

  it("refuses oversized input before reading it", () => {
    const huge = new Uint8Array(MAX_KEYSTORE_FILE_BYTES + 1).fill(0x20);
    expect(refusal(huge)).toMatchObject({ code: "KEYSTORE_MALFORMED", payload: { reason: "too-large" } });
  });
});
