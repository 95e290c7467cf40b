// ProtocolError derives from CodecError (so from NodeCoreError): a rejection of a peer's bytes crosses
// toObject()/fromObject() through JSON with its codec code, message and details (messageType included).
import { describe, expect, it } from "vitest";
import { CodecError } from "../../codec/index.js";
import { hasErrorCode, isNodeCoreError, NodeCoreError } from "../../util/index.js";
import { ProtocolError } from "./errors.js";
import { decodeMessage } from "./frame.js";
import { PROTOCOL_VERSION } from "./message.js";

describe("ProtocolError", () => {
  it("a real decoding rejection round-trips with code, message and details", () => {
    let thrown: unknown;
    try {
      decodeMessage(new Uint8Array([PROTOCOL_VERSION, 0xff]));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect(thrown).toBeInstanceOf(CodecError);
    expect(isNodeCoreError(thrown, "CODEC_")).toBe(true);
    const err = thrown as ProtocolError;
    const back = NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));
    expect(back.toObject()).toEqual(err.toObject());
    expect(hasErrorCode(back, err.code)).toBe(true);
    expect(back.payload).toEqual(err.details);
  });

  it("messageType survives the wire form", () => {
    const err = new ProtocolError("CODEC_OVER_CAP", "too many txids", {
      messageType: "query",
      field: "txids",
      limit: 64,
      actual: 65,
    });
    const back = NodeCoreError.fromObject(JSON.parse(JSON.stringify(err)));
    expect(back.code).toBe("CODEC_OVER_CAP");
    expect(back.message).toBe("too many txids");
    expect(back.payload).toEqual({ messageType: "query", field: "txids", limit: 64, actual: 65 });
  });
});
