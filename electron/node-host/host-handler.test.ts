// The node host's message handler in-process against a real daemon (node-core's startDaemon on devnet in a
// temp data directory, loopback p2p, JSON-RPC on a free port): a call answered with its result, a bad
// method and bad params answered as ApiOutcome refusals, malformed messages ignored, the chosen events
// pushed (a wallet unlock), a stop handed to the shutdown. Also the host's configuration resolution.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDaemon } from "../../node-core/daemon/timed-main.js";
import { silentLogger } from "../../node-core/util/index.js";
import type { HostToMainMessage } from "../contract.js";
import { hostArguments, isRetryableStartFailure, resolveHostConfig } from "./host-config.js";
import { createHostHandler, type HostHandler } from "./host-handler.js";

const dir = mkdtempSync(join(tmpdir(), "node-host-"));
const env = { HOME: dir };
let daemon: Awaited<ReturnType<typeof startDaemon>>;
let handler: HostHandler;
const sent: HostToMainMessage[] = [];
const warnings: string[] = [];
const stops: string[] = [];

beforeAll(async () => {
  const config = await resolveHostConfig(
    [...hostArguments({ network: "devnet", dataDir: join(dir, "data") }), "--listen", "/ip4/127.0.0.1/tcp/0"],
    env,
  );
  daemon = await startDaemon(config, silentLogger);
  handler = createHostHandler({
    api: daemon.api,
    send: (message) => sent.push(message),
    stop: (reason) => stops.push(reason),
    warn: (message) => warnings.push(message),
  });
}, 120_000);

afterAll(async () => {
  handler?.close();
  await daemon?.stop("test done");
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

function lastOutcome(id: number) {
  return sent.find((m) => m.kind === "outcome" && m.id === id);
}

describe("host handler against a real daemon", () => {
  it("answers getblockchaininfo", async () => {
    await handler.handle({ kind: "call", id: 1, method: "getblockchaininfo" });
    const outcome = lastOutcome(1);
    expect(outcome).toMatchObject({ kind: "outcome", id: 1, ok: true, result: { chain: "devnet" } });
    expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
  });

  it("answers a bad method and bad params as refusals", async () => {
    await handler.handle({ kind: "call", id: 2, method: "nosuchmethod", params: {} });
    expect(lastOutcome(2)).toEqual({
      kind: "outcome",
      id: 2,
      ok: false,
      error: { code: "API_METHOD_NOT_FOUND", message: "method not found: nosuchmethod" },
    });
    await handler.handle({ kind: "call", id: 3, method: "getblockhash", params: { height: "tall" } });
    expect(lastOutcome(3)).toMatchObject({ ok: false, error: { code: "API_INVALID_PARAMS" } });
    await handler.handle({ kind: "call", id: 4, params: {} });
    expect(lastOutcome(4)).toMatchObject({ ok: false, error: { code: "API_INVALID_REQUEST" } });
  });

  it("ignores malformed messages with a warning", async () => {
    const before = sent.length;
    for (const message of [
      null,
      "call",
      { kind: "call", id: "x", method: "getblockcount" },
      { kind: "dance" },
      { kind: "subscribe" },
    ])
      await handler.handle(message);
    expect(sent.length).toBe(before);
    expect(warnings).toHaveLength(5);
    await handler.handle({ kind: "subscribe", events: ["no:such"] });
    expect(warnings.at(-1)).toMatch(/unknown event: no:such/);
  });

  it("pushes the subscribed events only", async () => {
    await handler.handle({ kind: "subscribe", events: ["wallet:lockChanged"] });
    await handler.handle({
      kind: "call",
      id: 5,
      method: "createwallet",
      params: { wallet_name: "host-test", passphrase: "correct horse battery", words: 12 },
    });
    const created = lastOutcome(5);
    expect(created).toMatchObject({ ok: true });
    await handler.handle({
      kind: "call",
      id: 6,
      method: "walletpassphrase",
      params: { passphrase: "correct horse battery", timeout: 60 },
    });
    expect(lastOutcome(6)).toMatchObject({ ok: true, result: null });
    const pushes = sent.filter((m) => m.kind === "push");
    expect(pushes).toContainEqual({
      kind: "push",
      event: "wallet:lockChanged",
      payload: { wallet: "host-test", locked: false, reason: "unlock" },
    });
    expect(pushes.every((m) => m.kind === "push" && m.event === "wallet:lockChanged")).toBe(true);
    // A new set replaces the old one.
    await handler.handle({ kind: "subscribe", events: ["chain:block"] });
    const count = sent.filter((m) => m.kind === "push").length;
    await handler.handle({ kind: "call", id: 7, method: "walletlock", params: {} });
    expect(lastOutcome(7)).toMatchObject({ ok: true });
    expect(sent.filter((m) => m.kind === "push").length).toBe(count);
  }, 60_000);

  it("hands a stop to the shutdown", async () => {
    await handler.handle({ kind: "stop", reason: "app quitting" });
    expect(stops).toEqual(["app quitting"]);
  });
});

describe("host configuration", () => {
  it("uses timed's resolution with a free JSON-RPC port unless one is set", async () => {
    const config = await resolveHostConfig(
      hostArguments({ network: "testnet", dataDir: join(dir, "t") }),
      env,
    );
    expect(config.network).toBe("testnet");
    expect(config.dataDir).toBe(join(dir, "t"));
    expect(config.rpc.port).toBe(0);
    const fixed = await resolveHostConfig(
      [...hostArguments({ network: "devnet", dataDir: join(dir, "t") }), "--rpc-port", "25111"],
      env,
    );
    expect(fixed.rpc.port).toBe(25111);
    await expect(resolveHostConfig(["--network", "moonnet"], env)).rejects.toMatchObject({
      code: expect.stringMatching(/^CONFIG_/),
    });
  });

  it("tells retryable start failures from ones a restart cannot fix", () => {
    expect(isRetryableStartFailure({ code: "CONFIG_USAGE" })).toBe(false);
    expect(isRetryableStartFailure({ code: "START_STORE_UNAVAILABLE" })).toBe(false);
    expect(isRetryableStartFailure({ code: "SECRET_FILE_NOT_PRIVATE" })).toBe(false);
    expect(isRetryableStartFailure({ code: "RPC_BIND_FAILED" })).toBe(true);
    expect(isRetryableStartFailure(new Error("boom"))).toBe(true);
  });
});
