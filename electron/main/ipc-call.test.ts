// The IPC call handler: a sender frame not of our app:// page, an unknown method and params that are not
// bounded plain JSON are refused as ApiOutcome data; a good call reaches the host unchanged.
import { describe, expect, it } from "vitest";
import type { ApiOutcome } from "../contract.js";
import { isAppUrl } from "./app-protocol.js";
import { createCallHandler, MAX_PARAMS_BYTES, paramsProblem } from "./ipc-call.js";

const trusted = { senderFrame: { url: "app://ui/index.html" } };

function handler() {
  const calls: [string, unknown][] = [];
  const handle = createCallHandler({
    methods: new Set(["getblockcount", "getblock"]),
    isTrustedUrl: isAppUrl,
    call: async (method, params) => {
      calls.push([method, params]);
      return { ok: true, result: 7 };
    },
  });
  return { handle, calls };
}

function expectRefused(outcome: ApiOutcome<unknown>, code: string) {
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(outcome.error.code).toBe(code);
}

describe("the IPC call handler", () => {
  it("forwards a good call", async () => {
    const { handle, calls } = handler();
    expect(await handle(trusted, "getblock", { blockhash: "ab", verbosity: 1 })).toEqual({
      ok: true,
      result: 7,
    });
    expect(await handle(trusted, "getblockcount")).toEqual({ ok: true, result: 7 });
    expect(await handle(trusted, "getblock", ["ab", 1])).toEqual({ ok: true, result: 7 });
    expect(calls).toEqual([
      ["getblock", { blockhash: "ab", verbosity: 1 }],
      ["getblockcount", undefined],
      ["getblock", ["ab", 1]],
    ]);
  });

  it("refuses senders that are not our page", async () => {
    const { handle, calls } = handler();
    for (const event of [
      { senderFrame: { url: "https://evil.example/" } },
      { senderFrame: { url: "app://other/index.html" } },
      { senderFrame: { url: "file:///index.html" } },
      { senderFrame: null },
      {},
    ])
      expectRefused(await handle(event, "getblockcount"), "API_TRANSPORT_ERROR");
    expect(calls).toEqual([]);
  });

  it("refuses a trusted-looking frame of another web contents", async () => {
    const window = { id: 1 };
    const handle = createCallHandler({
      methods: new Set(["getblockcount"]),
      isTrustedUrl: isAppUrl,
      isOurContents: (sender) => sender === window,
      call: async () => ({ ok: true, result: 1 }),
    });
    expect(await handle({ ...trusted, sender: window }, "getblockcount")).toEqual({ ok: true, result: 1 });
    expectRefused(await handle({ ...trusted, sender: { id: 2 } }, "getblockcount"), "API_TRANSPORT_ERROR");
  });

  it("refuses unknown methods and extra arguments", async () => {
    const { handle, calls } = handler();
    expectRefused(await handle(trusted, "dumpprivkey"), "API_METHOD_NOT_FOUND");
    expectRefused(await handle(trusted, 42), "API_METHOD_NOT_FOUND");
    expectRefused(await handle(trusted, "__proto__"), "API_METHOD_NOT_FOUND");
    expectRefused(await handle(trusted, "getblockcount", {}, "more"), "API_INVALID_REQUEST");
    expect(calls).toEqual([]);
  });

  it("refuses params that are not bounded plain JSON", async () => {
    const { handle, calls } = handler();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const params of [
      "ab",
      5,
      null,
      new Date(),
      new Map(),
      new Uint8Array(3),
      { when: new Date() },
      [Number.NaN],
      { big: 1n },
      cyclic,
      { blob: "x".repeat(MAX_PARAMS_BYTES) },
    ])
      expectRefused(await handle(trusted, "getblock", params), "API_INVALID_PARAMS");
    expect(calls).toEqual([]);
  });

  it("answers a failing host call as data", async () => {
    const handle = createCallHandler({
      methods: new Set(["getblockcount"]),
      isTrustedUrl: isAppUrl,
      call: async () => {
        throw new Error("port closed");
      },
    });
    expectRefused(await handle(trusted, "getblockcount"), "API_TRANSPORT_ERROR");
  });

  it("accepts nested plain JSON and null-prototype objects", () => {
    expect(paramsProblem({ a: [1, "b", { c: null, d: true }] })).toBeNull();
    expect(paramsProblem(Object.assign(Object.create(null), { a: 1 }))).toBeNull();
  });
});
