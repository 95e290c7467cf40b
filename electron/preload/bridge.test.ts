// The preload bridge against a fake ipcRenderer: one function per method name and nothing else, calls on
// the call channel with the method's own name, failures as data, and the push listener registry.
import { describe, expect, it, vi } from "vitest";
import { IPC_CHANNELS, PRELOAD_ARGUMENTS } from "../contract.js";
import { createPreloadBridge, type IpcRendererLike, parsePreloadArguments } from "./bridge.js";

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, result: 1 })) {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: (...args) => {
      invoked.push(args);
      return answer(...args);
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (message: unknown) => {
    for (const l of listeners.get(IPC_CHANNELS.push) ?? []) l({ sender: "secret ipc object" }, message);
  };
  return { ipc, invoked, emit, count: () => listeners.get(IPC_CHANNELS.push)?.size ?? 0 };
}

const names = { methods: ["getblockcount", "getblock"], events: ["chain:block", "wallet:balanceChanged"] };

describe("createPreloadBridge", () => {
  it("has one function per method and no generic invoke", async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createPreloadBridge(ipc, names);
    expect(Object.keys(bridge).sort()).toEqual(["app", "methods", "subscribe"]);
    expect(Object.keys(bridge.app)).toEqual(["switchNetwork"]);
    expect(Object.keys(bridge.methods)).toEqual(["getblockcount", "getblock"]);
    expect(Object.isFrozen(bridge.methods)).toBe(true);
    const methods = bridge.methods as unknown as Record<string, (p?: unknown) => Promise<unknown>>;
    await expect(methods.getblockcount?.()).resolves.toEqual({ ok: true, result: 1 });
    await methods.getblock?.({ blockhash: "ab" });
    expect(invoked).toEqual([
      [IPC_CHANNELS.call, "getblockcount"],
      [IPC_CHANNELS.call, "getblock", { blockhash: "ab" }],
    ]);
    expect(methods.invoke).toBeUndefined();
  });

  it("asks main to switch networks on the app's own channel", async () => {
    const { ipc, invoked } = fakeIpc(async () => ({ ok: true, result: { network: "testnet" } }));
    const bridge = createPreloadBridge(ipc, names);
    await expect(bridge.app.switchNetwork("testnet")).resolves.toEqual({
      ok: true,
      result: { network: "testnet" },
    });
    expect(invoked).toEqual([[IPC_CHANNELS.switchNetwork, "testnet"]]);
    const odd = createPreloadBridge(fakeIpc(async () => 7).ipc, names);
    await expect(odd.app.switchNetwork("devnet")).resolves.toMatchObject({
      ok: false,
      error: { code: "API_TRANSPORT_ERROR" },
    });
    await expect(bridge.app.switchNetwork(42 as unknown as "devnet")).resolves.toMatchObject({
      ok: false,
      error: { message: "switchNetwork needs a network name" },
    });
    expect(invoked).toHaveLength(1);
  });

  it("turns a rejected or odd answer into a transport failure", async () => {
    const rejecting = createPreloadBridge(
      fakeIpc(async () => Promise.reject(new Error("An object could not be cloned."))).ipc,
      names,
    );
    const m1 = rejecting.methods as unknown as Record<string, (p?: unknown) => Promise<unknown>>;
    await expect(m1.getblock?.({ f: () => 1 })).resolves.toEqual({
      ok: false,
      error: { code: "API_TRANSPORT_ERROR", message: "getblock: An object could not be cloned." },
    });
    const odd = createPreloadBridge(fakeIpc(async () => "surprise").ipc, names);
    const m2 = odd.methods as unknown as Record<string, (p?: unknown) => Promise<unknown>>;
    await expect(m2.getblockcount?.()).resolves.toMatchObject({
      ok: false,
      error: { code: "API_TRANSPORT_ERROR" },
    });
  });

  it("delivers pushed events to their listeners only, without the IPC event", () => {
    const reported = vi.spyOn(console, "error").mockImplementation(() => {});
    const { ipc, emit, count } = fakeIpc();
    const bridge = createPreloadBridge(ipc, names);
    const got: unknown[][] = [];
    const off = bridge.subscribe("chain:block", (...args: unknown[]) => got.push(["a", ...args]));
    bridge.subscribe("chain:block", () => {
      throw new Error("a broken listener");
    });
    const offB = bridge.subscribe("wallet:balanceChanged", (p) => got.push(["b", p]));
    expect(count()).toBe(1);
    emit({ event: "chain:block", payload: { height: 2 } });
    emit({ event: "snowball:final", payload: {} });
    emit("junk");
    emit(null);
    expect(got).toEqual([["a", { height: 2 }]]);
    off();
    off();
    emit({ event: "chain:block", payload: { height: 3 } });
    expect(got).toHaveLength(1);
    offB();
    expect(count()).toBe(1);
    expect(reported).toHaveBeenCalledTimes(2);
    reported.mockRestore();
  });

  it("removes the channel listener when the last subscriber leaves", () => {
    const { ipc, count } = fakeIpc();
    const bridge = createPreloadBridge(ipc, names);
    const a = bridge.subscribe("chain:block", () => {});
    const b = bridge.subscribe("wallet:balanceChanged", () => {});
    a();
    expect(count()).toBe(1);
    b();
    expect(count()).toBe(0);
  });

  it("refuses unknown events and non-function listeners", () => {
    const bridge = createPreloadBridge(fakeIpc().ipc, names);
    expect(() => bridge.subscribe("node:fault" as never, () => {})).toThrow(/unknown event: node:fault/);
    expect(() => bridge.subscribe("chain:block", 5 as never)).toThrow(/listener function/);
  });
});

describe("parsePreloadArguments", () => {
  it("reads the names main passed, dropping anything that is not a name", () => {
    expect(
      parsePreloadArguments([
        "/electron",
        "--type=renderer",
        `${PRELOAD_ARGUMENTS.methods}getblockcount,getblock,,bad name,getblock`,
        `${PRELOAD_ARGUMENTS.events}chain:block`,
      ]),
    ).toEqual({ methods: ["getblockcount", "getblock"], events: ["chain:block"] });
    expect(parsePreloadArguments([])).toEqual({ methods: [], events: [] });
  });
});
