// The crypto layer's errors are NodeCoreErrors: VrfError (and CryptoError) cross toObject()/fromObject()
// through JSON with code, message and payload intact, and the guards recognise them by code.
import { describe, expect, it } from "vitest";
import { hasErrorCode, isNodeCoreError, NodeCoreError } from "../util/index.js";
import { CryptoError, VrfError } from "./errors.js";
import { vrfProofToHash, vrfPublicKey } from "./vrf.js";

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

function overTheWire(err: { toObject(): object }): NodeCoreError {
  return NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));
}

describe("VrfError", () => {
  it("VRF_BAD_SEED thrown by vrfPublicKey round-trips with its length", () => {
    const err = thrownBy(() => vrfPublicKey(new Uint8Array(31)));
    expect(err).toBeInstanceOf(VrfError);
    expect(isNodeCoreError(err, "VRF_")).toBe(true);
    const back = overTheWire(err as VrfError);
    expect(hasErrorCode(back, "VRF_BAD_SEED")).toBe(true);
    expect(back.message).toBe((err as VrfError).message);
    expect(back.payload).toEqual({ length: 31 });
  });

  it("VRF_BAD_PROOF thrown by vrfProofToHash round-trips with the failed check", () => {
    const err = thrownBy(() => vrfProofToHash(new Uint8Array(79)));
    expect(err).toBeInstanceOf(VrfError);
    const back = overTheWire(err as VrfError);
    expect(back.code).toBe("VRF_BAD_PROOF");
    expect(back.payload).toEqual((err as VrfError).payload);
    expect(back.payload.reason).toBe("length");
    expect(back.toObject()).toEqual((err as VrfError).toObject());
  });

  it("is importable from vrf.js as before (the same class)", async () => {
    const fromVrf = await import("./vrf.js");
    expect(fromVrf.VrfError).toBe(VrfError);
  });
});

describe("CryptoError", () => {
  it("round-trips with code and payload", () => {
    const err = new CryptoError("POOL_WORKER_CRASHED", "worker died", { threadId: 3, exitCode: 1 });
    const back = overTheWire(err);
    expect(back.toObject()).toEqual({
      code: "POOL_WORKER_CRASHED",
      message: "worker died",
      payload: { threadId: 3, exitCode: 1 },
    });
  });
});
