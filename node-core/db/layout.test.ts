// decodeStored: every decoder failure becomes DB_CORRUPT naming where the value came from; the codec's own
// refusal code is kept as causeCode, and a foreign object that merely has a `code` is not taken for one.
import { describe, expect, it } from "vitest";
import { decodeTransaction } from "../codec/index.js";
import { DbError } from "./errors.js";
import { decodeStored, SUBLEVEL } from "./layout.js";

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
