// NodeCoreError: the wire form round trip, the guards, and fromObject's refusals of malformed input. The
// type-level refusals (bigint, bytes in payloads) are checked by `tsc -b`, which builds test files too.
import { describe, expect, it } from "vitest";
import {
  hasErrorCode,
  isNodeCoreError,
  MALFORMED_ERROR_OBJECT,
  NodeCoreError,
  type NodeCoreErrorObject,
} from "./errors.js";

type ShopCode = "SHOP_CLOSED" | "SHOP_SOLD_OUT";
interface ShopPayloads {
  SHOP_CLOSED: { readonly opensAt?: string };
  SHOP_SOLD_OUT: { readonly item: string; readonly left: number; readonly nested: { readonly ok: boolean } };
}

class ShopError<C extends ShopCode = ShopCode> extends NodeCoreError<C, ShopPayloads> {
  override readonly name = "ShopError";
}

interface BigintPayload {
  readonly amount: bigint;
}
interface BytesPayload {
  readonly key?: Uint8Array;
}

function roundTrip(err: NodeCoreError): NodeCoreError {
  return NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));
}

function refusal(value: unknown): NodeCoreError {
  try {
    NodeCoreError.fromObject(value);
  } catch (err) {
    if (err instanceof NodeCoreError) return err;
    throw new Error(`fromObject threw a non-NodeCoreError: ${String(err)}`);
  }
  throw new Error("fromObject accepted malformed input");
}

describe("NodeCoreError", () => {
  it("refuses payload types holding bigint, bytes or unknown where the error type is named", () => {
    // Each directive below fails the type check if the payload constraint stops refusing that type.
    // @ts-expect-error bigint is not JSON-safe
    const big: NodeCoreError<"X", { X: BigintPayload }> | null = null;
    // @ts-expect-error Uint8Array is not JSON-safe, even in an optional field
    const bytes: NodeCoreError<"X", { X: BytesPayload }> | null = null;
    // @ts-expect-error unknown could hold anything
    const anything: NodeCoreError<"X", { X: { readonly value: unknown } }> | null = null;
    expect([big, bytes, anything]).toEqual([null, null, null]);
  });

  it("types the payload by the code (checked by tsc)", () => {
    const closed = new ShopError("SHOP_CLOSED", "closed", { opensAt: "09:00" });
    const opensAt: string | undefined = closed.payload.opensAt;
    expect(opensAt).toBe("09:00");
    // @ts-expect-error SHOP_SOLD_OUT's payload needs item, left and nested
    const wrong = new ShopError("SHOP_SOLD_OUT", "x", { opensAt: "09:00" });
    expect(wrong.code).toBe("SHOP_SOLD_OUT");
  });

  it("is an Error with its code, message and a payload typed by the code", () => {
    const err = new ShopError("SHOP_SOLD_OUT", "no more apples", {
      item: "apple",
      left: 0,
      nested: { ok: true },
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ShopError");
    expect(err.code).toBe("SHOP_SOLD_OUT");
    expect(err.message).toBe("no more apples");
    const left: number = err.payload.left;
    expect(left).toBe(0);
    expect(err.stack).toContain("no more apples");
  });

  it("survives JSON.stringify / JSON.parse unchanged", () => {
    const err = new ShopError("SHOP_SOLD_OUT", "no more apples", {
      item: "apple",
      left: 3,
      nested: { ok: false },
    });
    const back = roundTrip(err);
    expect(back).toBeInstanceOf(NodeCoreError);
    expect(back.code).toBe("SHOP_SOLD_OUT");
    expect(back.message).toBe("no more apples");
    expect(back.payload).toEqual({ item: "apple", left: 3, nested: { ok: false } });
    expect(back.toObject()).toEqual(err.toObject());
    // JSON.stringify of the error itself gives the wire form too.
    expect(JSON.parse(JSON.stringify(err))).toEqual(err.toObject());
  });

  it("leaves undefined payload fields out of the wire form, as JSON would", () => {
    const err = new ShopError("SHOP_CLOSED", "closed", { opensAt: undefined });
    const obj: NodeCoreErrorObject = err.toObject();
    expect(obj).toEqual({ code: "SHOP_CLOSED", message: "closed", payload: {} });
    expect(Object.keys(obj.payload)).toEqual([]);
    expect(roundTrip(err).toObject()).toEqual(obj);
  });

  it("toObject copies the payload: changing the copy does not change the error", () => {
    const err = new ShopError("SHOP_SOLD_OUT", "x", { item: "a", left: 1, nested: { ok: true } });
    const obj = err.toObject() as unknown as { payload: { nested: { ok: boolean } } };
    obj.payload.nested.ok = false;
    expect(err.payload.nested.ok).toBe(true);
  });

  it("toObject never throws on a value the types forbid but a cast let in", () => {
    const err = new NodeCoreError("X_ODD", "odd", {
      n: Number.NaN,
      big: 5n,
      bytes: new Uint8Array(2),
    } as never);
    expect(err.toObject().payload).toEqual({ n: null, big: "5", bytes: "0,0" });
  });

  it("rebuilds an unknown code as a NodeCoreError with that code", () => {
    const back = NodeCoreError.fromObject({
      code: "FUTURE_THING",
      message: "from a newer peer",
      payload: { a: 1 },
    });
    expect(back).toBeInstanceOf(NodeCoreError);
    expect(back.code).toBe("FUTURE_THING");
    expect(back.payload).toEqual({ a: 1 });
    expect(isNodeCoreError(back, "FUTURE_")).toBe(true);
  });

  it("accepts a missing payload as an empty one", () => {
    expect(NodeCoreError.fromObject({ code: "A_B", message: "m" }).payload).toEqual({});
  });

  it("keeps a __proto__ payload key as data, not as a prototype", () => {
    const back = NodeCoreError.fromObject(
      JSON.parse('{"code":"A","message":"m","payload":{"__proto__":{"x":1}}}'),
    );
    expect(Object.getPrototypeOf(back.payload)).toBe(Object.prototype);
    expect(Object.hasOwn(back.payload, "__proto__")).toBe(true);
    expect((back.payload as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("fromObject refuses malformed input with a coded error", () => {
  const cases: [string, unknown, string][] = [
    ["null", null, ""],
    ["a string", "DB_CORRUPT", ""],
    ["an array", [], ""],
    ["an Error instance", new Error("x"), ""],
    ["no code", { message: "m", payload: {} }, "code"],
    ["an empty code", { code: "", message: "m", payload: {} }, "code"],
    ["a numeric code", { code: 7, message: "m", payload: {} }, "code"],
    ["no message", { code: "A", payload: {} }, "message"],
    ["an array payload", { code: "A", message: "m", payload: [1] }, "payload"],
    ["a string payload", { code: "A", message: "m", payload: "p" }, "payload"],
    ["a bigint in the payload", { code: "A", message: "m", payload: { n: 1n } }, "payload.n"],
    ["bytes in the payload", { code: "A", message: "m", payload: { k: new Uint8Array(1) } }, "payload.k"],
    ["a non-finite number", { code: "A", message: "m", payload: { a: [Infinity] } }, "payload.a[0]"],
    ["a function", { code: "A", message: "m", payload: { f: () => 1 } }, "payload.f"],
  ];
  for (const [label, input, field] of cases) {
    it(label, () => {
      const err = refusal(input);
      expect(err.code).toBe(MALFORMED_ERROR_OBJECT);
      expect(err.payload.field).toBe(field);
    });
  }

  it("a cyclic payload", () => {
    const payload: Record<string, unknown> = {};
    payload.self = payload;
    expect(refusal({ code: "A", message: "m", payload }).code).toBe(MALFORMED_ERROR_OBJECT);
  });

  it("an object whose getter throws", () => {
    const hostile = {
      get code(): string {
        throw new TypeError("boom");
      },
    };
    const err = refusal(hostile);
    expect(err.code).toBe(MALFORMED_ERROR_OBJECT);
    expect(err.payload.actual).toBe("TypeError");
  });
});

describe("guards", () => {
  const sold = new ShopError("SHOP_SOLD_OUT", "x", { item: "a", left: 0, nested: { ok: true } });

  it("isNodeCoreError matches by code prefix", () => {
    expect(isNodeCoreError(sold)).toBe(true);
    expect(isNodeCoreError(sold, "SHOP_")).toBe(true);
    expect(isNodeCoreError(sold, "SHOP_SOLD")).toBe(true);
    expect(isNodeCoreError(sold, "MEMPOOL_")).toBe(false);
    expect(isNodeCoreError(roundTrip(sold), "SHOP_")).toBe(true);
  });

  it("isNodeCoreError refuses look-alikes that merely carry a code", () => {
    expect(isNodeCoreError({ code: "SHOP_CLOSED", message: "m", payload: {} }, "SHOP_")).toBe(false);
    const foreign = Object.assign(new Error("level"), { code: "SHOP_LOCKED" });
    expect(isNodeCoreError(foreign, "SHOP_")).toBe(false);
    expect(isNodeCoreError(undefined)).toBe(false);
    expect(isNodeCoreError(null, "")).toBe(false);
  });

  it("narrows the type to a code with the prefix", () => {
    const caught: unknown = sold;
    if (!isNodeCoreError(caught, "SHOP_")) throw new Error("guard failed");
    const code: `SHOP_${string}` = caught.code;
    expect(code).toBe("SHOP_SOLD_OUT");
  });

  it("hasErrorCode matches the exact code or one of a list", () => {
    expect(hasErrorCode(sold, "SHOP_SOLD_OUT")).toBe(true);
    expect(hasErrorCode(sold, "SHOP_SOLD")).toBe(false);
    expect(hasErrorCode(sold, "SHOP_CLOSED")).toBe(false);
    expect(hasErrorCode(sold, ["SHOP_CLOSED", "SHOP_SOLD_OUT"])).toBe(true);
    expect(hasErrorCode(sold, [])).toBe(false);
    expect(hasErrorCode({ code: "SHOP_SOLD_OUT" }, "SHOP_SOLD_OUT")).toBe(false);
  });
});
