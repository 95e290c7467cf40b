// TsdcError is a NodeCoreError: every code crosses toObject()/fromObject() (through JSON, as over RPC or
// IPC) with its code, message and payload intact, and the guards recognise it by code.
import { describe, expect, it } from "vitest";
import { hasErrorCode, isNodeCoreError, NodeCoreError } from "../../util/index.js";
import { TsdcError, type TsdcErrorCode } from "./errors.js";
import { SlotClock } from "./slot.js";

const CODES: readonly TsdcErrorCode[] = [
  "TSDC_BAD_OPTIONS",
  "TSDC_BAD_SLOT_CLOCK",
  "TSDC_BAD_WEIGHT",
  "TSDC_BAD_VRF_OUTPUT",
  "TSDC_BAD_SELF",
  "TSDC_BAD_CERTIFICATE_INPUT",
];

describe("TsdcError", () => {
  it.each(CODES)("%s crosses toObject/fromObject with code, message and payload", (code) => {
    const err = new TsdcError(code, "something is off", { field: "opts.x", value: "-1" });
    expect(err).toBeInstanceOf(NodeCoreError);
    expect(isNodeCoreError(err, "TSDC_")).toBe(true);
    const back = NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));
    expect(back.code).toBe(code);
    expect(back.message).toBe(`${code}: something is off`);
    expect(back.payload).toEqual({ field: "opts.x", value: "-1" });
    expect(hasErrorCode(back, code)).toBe(true);
  });

  it("an error the engine really throws round-trips, and an empty payload stays an object", () => {
    let thrown: unknown;
    try {
      new SlotClock(0, 0);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TsdcError);
    const err = thrown as TsdcError;
    const back = NodeCoreError.fromObject(JSON.parse(JSON.stringify(err)));
    expect(back.toObject()).toEqual(err.toObject());
    expect(NodeCoreError.fromObject(new TsdcError("TSDC_BAD_SELF", "x").toObject()).payload).toEqual({});
  });
});
