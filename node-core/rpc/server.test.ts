// The JSON-RPC server on 127.0.0.1:0 in front of a real devnet node's API, driven with fetch (and
// node:http where fetch cannot send the header under test): cookie file, auth, Host check, browser
// refusals, body cap, batches, params by position and by name, error objects, GET routes and stop.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../api/test-support.js";
import { encodeBlock, encodeTransaction, transactionId } from "../codec/index.js";
import { DEVNET, TESTNET } from "../params/index.js";
import { toHex } from "../types/index.js";
import { memoryLogger } from "../util/index.js";
import { COOKIE_FILE } from "./cookie.js";
import type { RpcServerOptions } from "./options.js";
import { RpcServer } from "./server.js";

interface Running {
  readonly t: TestApi;
  readonly server: RpcServer;
  readonly dir: string;
  readonly url: string;
  readonly auth: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(opts: Partial<RpcServerOptions> = {}, params = DEVNET): Promise<Running> {
  const t = await startTestApi(params);
  cleanups.push(() => t.close());
  const dir = await mkdtemp(join(tmpdir(), "time-rpc-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const server = new RpcServer(
    {
      port: 0,
      cookieDir: dir,
      routes: {
        "/health": async () => ({ status: 200, contentType: "application/json", body: '{"status":"ok"}' }),
      },
      ...opts,
    },
    { api: t.api, logger: memoryLogger() },
  );
  await server.start();
  cleanups.push(() => server.close());
  const cookie = opts.cookieDir === null ? "" : await readFile(join(dir, COOKIE_FILE), "utf8");
  return {
    t,
    server,
    dir,
    url: `http://127.0.0.1:${server.port}/`,
    auth: `Basic ${Buffer.from(cookie).toString("base64")}`,
  };
}

async function post(r: Running, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(r.url, {
    method: "POST",
    headers: { authorization: r.auth, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function call(
  r: Running,
  method: string,
  params?: unknown,
): Promise<{ result?: unknown; error?: { code: number; message: string; data?: Record<string, unknown> } }> {
  const res = await post(r, { jsonrpc: "2.0", id: 1, method, ...(params === undefined ? {} : { params }) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json");
  const json = (await res.json()) as { id: number; jsonrpc: string };
  expect(json).toMatchObject({ jsonrpc: "2.0", id: 1 });
  return json as never;
}

/** A raw HTTP request (fetch will not send a Host or an arbitrary body length of our choosing). */
function raw(
  port: number,
  opts: { method: string; path?: string; headers: Record<string, string>; body?: Buffer },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: opts.method, path: opts.path ?? "/", headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    // The server may answer and close before the whole body is written (413): that is not a failure here.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    req.end(opts.body);
  });
}

describe("RpcServer", () => {
  it("writes a fresh 0600 cookie per start and deletes it on close", async () => {
    const r = await serve();
    const path = join(r.dir, COOKIE_FILE);
    const text = await readFile(path, "utf8");
    expect(text).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(r.server.cookiePath).toBe(path);
    await r.server.close();
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
    await r.server.close();

    const again = new RpcServer({ port: 0, cookieDir: r.dir }, { api: r.t.api, logger: memoryLogger() });
    await again.start();
    cleanups.push(() => again.close());
    expect(await readFile(path, "utf8")).not.toBe(text);
  });

  it("refuses requests without the cookie, with a wrong one, from another Host or from a browser", async () => {
    const r = await serve();
    const body = { jsonrpc: "2.0", id: 1, method: "getblockcount" };
    const none = await fetch(r.url, { method: "POST", body: JSON.stringify(body) });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Basic realm="jsonrpc"');
    const cookie = Buffer.from(r.auth.slice(6), "base64").toString();
    const wrong = `Basic ${Buffer.from(`${cookie.slice(0, -1)}${cookie.endsWith("0") ? "1" : "0"}`).toString("base64")}`;
    expect((await post(r, body, { authorization: wrong })).status).toBe(401);
    expect((await post(r, body, { authorization: "Bearer x" })).status).toBe(401);
    const ok = await post(r, body);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ jsonrpc: "2.0", result: 0, id: 1 });

    const headers = { authorization: r.auth, "content-type": "application/json" };
    const rebind = await raw(r.server.port, {
      method: "POST",
      headers: { ...headers, host: `evil.example:${r.server.port}` },
      body: Buffer.from(JSON.stringify(body)),
    });
    expect(rebind.status).toBe(403);
    const otherPort = await raw(r.server.port, {
      method: "POST",
      headers: { ...headers, host: `127.0.0.1:${r.server.port + 1}` },
      body: Buffer.from(JSON.stringify(body)),
    });
    expect(otherPort.status).toBe(403);
    const local = await raw(r.server.port, {
      method: "POST",
      headers: { ...headers, host: `localhost:${r.server.port}` },
      body: Buffer.from(JSON.stringify(body)),
    });
    expect([local.status, JSON.parse(local.body).result]).toEqual([200, 0]);

    expect((await post(r, body, { origin: "https://evil.example" })).status).toBe(403);
    const preflight = await fetch(r.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(405);
    for (const res of [ok, preflight]) {
      expect([...res.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
    }
    expect((await fetch(r.url, { headers: { authorization: r.auth } })).status).toBe(405);
    expect(
      (await fetch(`${r.url}wallet`, { method: "POST", headers: { authorization: r.auth } })).status,
    ).toBe(404);
  });

  it("accepts a configured user and password and configured hosts", async () => {
    const r = await serve({
      cookieDir: null,
      user: "alice",
      password: "correct horse",
      allowedHosts: ["node.lan:1234"],
    });
    expect(r.server.cookiePath).toBeNull();
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getblockcount" });
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
    expect((await post(r, body, { authorization: basic("alice", "correct horse") })).status).toBe(200);
    expect((await post(r, body, { authorization: basic("alice", "wrong") })).status).toBe(401);
    const viaName = await raw(r.server.port, {
      method: "POST",
      headers: { authorization: basic("alice", "correct horse"), host: "node.lan:1234" },
      body: Buffer.from(body),
    });
    expect(viaName.status).toBe(200);
    expect(
      () => new RpcServer({ port: 0, cookieDir: null }, { api: r.t.api, logger: memoryLogger() }),
    ).toThrowError(expect.objectContaining({ code: "RPC_BAD_OPTIONS" }));
  });

  it("caps the body while reading it (413) and the batch length", async () => {
    const r = await serve({ maxBodyBytes: 4096, maxBatch: 3 });
    const big = Buffer.alloc(10_000, 0x20);
    const declared = await raw(r.server.port, {
      method: "POST",
      headers: {
        authorization: r.auth,
        host: `127.0.0.1:${r.server.port}`,
        "content-length": String(big.length),
      },
      body: big,
    });
    expect(declared.status).toBe(413);
    // Chunked: no length up front, so the cap is met while reading.
    const chunked = await raw(r.server.port, {
      method: "POST",
      headers: { authorization: r.auth, host: `127.0.0.1:${r.server.port}`, "transfer-encoding": "chunked" },
      body: big,
    });
    expect(chunked.status).toBe(413);
    const fine = await call(r, "getblockcount");
    expect(fine.result).toBe(0);

    const tooMany = (await (
      await post(
        r,
        Array.from({ length: 4 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "uptime" })),
      )
    ).json()) as { error: { code: number } };
    expect(tooMany.error.code).toBe(-32600);
    const empty = (await (await post(r, [])).json()) as { error: { code: number } };
    expect(empty.error.code).toBe(-32600);
  });

  it("serves batches, positional and named params, notifications and proper error objects", async () => {
    const r = await serve();
    const hash = toHex(r.t.genesis.hash);
    const res = await post(r, [
      { jsonrpc: "2.0", id: "a", method: "getblockhash", params: [0] },
      { jsonrpc: "2.0", id: "b", method: "getblockhash", params: { height: 0 } },
      { jsonrpc: "2.0", method: "getblockcount" },
      { jsonrpc: "2.0", id: "c", method: "nope" },
      { jsonrpc: "1.0", id: "d", method: "getblockcount" },
      42,
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { jsonrpc: "2.0", result: hash, id: "a" },
      { jsonrpc: "2.0", result: hash, id: "b" },
      { jsonrpc: "2.0", error: { code: -32601, message: "method not found: nope" }, id: "c" },
      { jsonrpc: "2.0", error: { code: -32600, message: 'invalid request: jsonrpc must be "2.0"' }, id: "d" },
      {
        jsonrpc: "2.0",
        error: { code: -32600, message: "invalid request: a request must be an object" },
        id: null,
      },
    ]);
    const onlyNotifications = await post(r, [{ jsonrpc: "2.0", method: "getblockcount" }]);
    expect(onlyNotifications.status).toBe(204);
    expect(await onlyNotifications.text()).toBe("");
    const parse = (await (await post(r, "{not json")).json()) as { error: { code: number }; id: null };
    expect(parse).toMatchObject({ error: { code: -32700 }, id: null });
    const invalid = await call(r, "getblockhash", ["zero"]);
    expect(invalid.error).toMatchObject({ code: -32602, data: { param: "height" } });
    expect((await call(r, "getblockhash", [0, 1])).error?.code).toBe(-32602);
    expect((await call(r, "getblockhash", { height: 0, extra: 1 })).error?.code).toBe(-32602);
    expect((await call(r, "getblockhash", "0")).error?.code).toBe(-32600);
  });

  it("serves getblock at each verbosity and sendrawtransaction's admission over HTTP", async () => {
    const r = await serve();
    const hash = toHex(r.t.genesis.hash);
    expect((await call(r, "getblock", [hash, 0])).result).toBe(toHex(encodeBlock(r.t.genesis.block)));
    expect((await call(r, "getblock", [hash, 1])).result).toMatchObject({
      hash,
      height: 0,
      tx: expect.any(Array),
    });
    expect((await call(r, "getblock", { blockhash: hash, verbosity: 2 })).result).toMatchObject({
      tx: expect.arrayContaining([
        expect.objectContaining({ special: expect.objectContaining({ kind: "masternodeRegistration" }) }),
      ]),
    });
    const faucet = await call(r, "faucet", ["TIME065JoWv8HLC95rc8sog7gao46aWvfbw2dw", "5"]);
    expect(faucet.result).toMatch(/^[0-9a-f]{64}$/);
    const tx = r.t.node.services.mempool.get(faucet.result as string)!.tx;
    const forged = {
      ...tx,
      outputs: [{ ...tx.outputs[0]!, amount: tx.outputs[0]!.amount - 1n }, ...tx.outputs.slice(1)],
    };
    const refused = await call(r, "sendrawtransaction", [toHex(encodeTransaction(forged))]);
    expect(refused.error).toMatchObject({ code: -26, data: { reason: "TX_BAD_SIGNATURE" } });
    expect((await call(r, "sendrawtransaction", [toHex(encodeTransaction(tx))])).result).toBe(
      toHex(transactionId(tx)),
    );
    expect((await call(r, "gettransactionfinality", ["00".repeat(32)])).result).toMatchObject({
      status: "unknown",
    });
  });

  it("refuses the faucet on testnet", async () => {
    const r = await serve({}, TESTNET);
    const refused = await call(r, "faucet", ["TIME065JoWv8HLC95rc8sog7gao46aWvfbw2dw", "5"]);
    expect(refused.error).toEqual({
      code: -1,
      message: "the faucet exists on devnet only; this node runs testnet",
    });
  });

  it("serves GET routes without auth and GET only; stop runs after its reply", async () => {
    const r = await serve();
    const health = await fetch(`${r.url}health`);
    expect([health.status, await health.text()]).toEqual([200, '{"status":"ok"}']);
    expect((await fetch(`${r.url}health`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${r.url}metrics`)).status).toBe(404);

    const stop = await call(r, "stop");
    expect(stop.result).toBe("TIME Coin server stopping");
    // The reply is in; the stop request follows once the response is closed.
    for (let i = 0; i < 50 && r.t.stops.count === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.t.stops.count).toBe(1);
  });

  it("answers 503 past the requests in flight; a finality wait ends when the API closes", async () => {
    const r = await serve({ maxConcurrent: 1 });
    const waiting = call(r, "waittransactionfinality", ["cd".repeat(32), 600_000]);
    let busy: Response | null = null;
    // The wait holds the only slot until it ends, whenever the second request gets in.
    for (let i = 0; i < 100 && busy?.status !== 503; i++)
      busy = await post(r, { jsonrpc: "2.0", id: 2, method: "uptime" });
    expect(busy?.status).toBe(503);
    r.t.api.close();
    expect((await waiting).result).toMatchObject({ txid: "cd".repeat(32), status: "unknown" });
    expect((await call(r, "uptime")).result).toBe(42);
  });
});
