// The call/outcome correlation over a real MessageChannel standing in for the utilityProcess port: answers
// out of order reach the right caller, a host that goes away or stays silent fails waiting calls as data,
// and pushed events and stray messages are told apart.
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import type { HostToMainMessage, MainToHostMessage } from "../contract.js";
import { HostClient } from "./host-client.js";

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function connect(client: HostClient): MessagePort {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  port1.on("message", (message) => client.handleMessage(message));
  client.attach({ postMessage: (message) => port1.postMessage(message) });
  return port2;
}

describe("HostClient", () => {
  it("matches answers to calls even when the host answers out of order", async () => {
    const client = new HostClient();
    const host = connect(client);
    const received: MainToHostMessage[] = [];
    host.on("message", (message: MainToHostMessage) => {
      received.push(message);
      if (received.length === 2) {
        for (const call of [...received].reverse()) {
          if (call.kind !== "call") continue;
          const reply: HostToMainMessage = { kind: "outcome", id: call.id, ok: true, result: call.method };
          host.postMessage(reply);
        }
      }
    });
    const [a, b] = await Promise.all([client.call("getblockcount"), client.call("getpeerinfo", {})]);
    expect(a).toEqual({ ok: true, result: "getblockcount" });
    expect(b).toEqual({ ok: true, result: "getpeerinfo" });
    expect(received[1]).toMatchObject({ kind: "call", method: "getpeerinfo", params: {} });
    expect(received[0]).not.toHaveProperty("params");
    expect(client.waiting).toBe(0);
  });

  it("passes a refusal through as data", async () => {
    const client = new HostClient();
    const host = connect(client);
    host.on("message", (call: MainToHostMessage) => {
      if (call.kind === "call")
        host.postMessage({
          kind: "outcome",
          id: call.id,
          ok: false,
          error: { code: "API_METHOD_NOT_FOUND", message: "method not found: x" },
        });
    });
    await expect(client.call("x")).resolves.toEqual({
      ok: false,
      error: { code: "API_METHOD_NOT_FOUND", message: "method not found: x" },
    });
  });

  it("fails waiting calls when the host goes away, and new calls at once", async () => {
    const client = new HostClient();
    connect(client);
    const waiting = client.call("getblockcount");
    expect(client.waiting).toBe(1);
    client.hostGone("the node exited (code 3)");
    await expect(waiting).resolves.toEqual({
      ok: false,
      error: { code: "API_TRANSPORT_ERROR", message: "the node exited (code 3)" },
    });
    const after = await client.call("getblockcount");
    expect(after.ok).toBe(false);
    expect(client.send({ kind: "stop", reason: "test" })).toBe(false);
  });

  it("times a silent host out", async () => {
    const client = new HostClient({ callTimeoutMs: 30 });
    connect(client);
    const outcome = await client.call("getblockcount");
    expect(outcome).toMatchObject({ ok: false, error: { code: "API_TRANSPORT_ERROR" } });
    expect(client.waiting).toBe(0);
  });

  it("reports a port that cannot send as a failed call", async () => {
    const client = new HostClient();
    client.attach({
      postMessage: () => {
        throw new Error("could not be cloned");
      },
    });
    await expect(client.call("getblockcount", { f: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: "API_TRANSPORT_ERROR", message: expect.stringContaining("could not be cloned") },
    });
  });

  it("routes pushes, ready and fatal, and ignores what is not of the protocol", async () => {
    const seen: string[] = [];
    const client = new HostClient({
      onPush: (event) => seen.push(`push ${event}`),
      onReady: ({ network }) => seen.push(`ready ${network}`),
      onFatal: (message, retryable) => seen.push(`fatal ${message} ${retryable}`),
    });
    expect(client.handleMessage({ kind: "push", event: "chain:block", payload: { height: 1 } })).toBe(true);
    expect(client.handleMessage({ kind: "ready", network: "devnet", dataDir: "/d" })).toBe(true);
    expect(client.handleMessage({ kind: "fatal", message: "store locked", retryable: false })).toBe(true);
    for (const stray of [
      null,
      7,
      "x",
      {},
      { kind: "outcome", id: "1", ok: true },
      { kind: "outcome", id: 99, ok: true },
    ])
      expect(client.handleMessage(stray)).toBe(false);
    expect(seen).toEqual(["push chain:block", "ready devnet", "fatal store locked false"]);
  });
});
