// The web UI server over a real API on an in-memory node: nothing without the launch token, the token
// turning into a cookie, the security headers, files confined to the built folder, and the WebSocket
// transport (calls, refusals as data, malformed input, pushed events, origin and token checks).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startTestApi, type TestApi } from "../api/test-support.js";
import { DEVNET } from "../params/index.js";
import { memoryLogger } from "../util/index.js";
import { WebUiServer } from "./server.js";

const TOKEN = "test-token-0123456789abcdef";
const RENDERER = fileURLToPath(new URL("../../renderer/", import.meta.url));

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

/** Sends and waits for the answer with the same id (pushed events are kept aside). */
class Client {
  private readonly waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  readonly events: Record<string, unknown>[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(data.toString()) as Record<string, unknown>;
      if ("event" in msg) this.events.push(msg);
      else this.waiting.get(msg.id as number)?.(msg);
    });
  }
  ask(message: Record<string, unknown> & { id: number }): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiting.set(message.id, resolve);
      this.ws.send(JSON.stringify(message));
    });
  }
}

describe("WebUiServer", () => {
  let t: TestApi;
  let server: WebUiServer;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    t = await startTestApi(DEVNET);
    dir = mkdtempSync(join(tmpdir(), "webui-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>TIME</title>");
    writeFileSync(join(dir, "assets", "app.js"), "console.log(1)");
    writeFileSync(join(dir, ".secret.json"), "{}");
    writeFileSync(join(tmpdir(), "webui-outside.txt"), "outside");
    server = new WebUiServer(
      { port: 0, staticDir: dir, token: TOKEN },
      { api: t.api, logger: memoryLogger() },
    );
    await server.start();
    base = `127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves nothing without the token", async () => {
    for (const path of ["/", "/index.html", "/assets/app.js", "/?token=wrong", `/?token=${TOKEN}x`]) {
      const answer = await get(server.port, path);
      expect(answer.status, path).toBe(401);
      expect(answer.body).not.toContain("TIME");
    }
  });

  it("serves the page with the token, sets it as a strict cookie, and the cookie lets assets in", async () => {
    const first = await get(server.port, `/?token=${TOKEN}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain("<title>TIME</title>");
    const cookie = String(first.headers["set-cookie"]);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(first.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(first.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(first.headers["referrer-policy"]).toBe("no-referrer");
    expect(first.headers["access-control-allow-origin"]).toBeUndefined();
    const asset = await get(server.port, "/assets/app.js", { cookie: `time_ui=${TOKEN}` });
    expect(asset.status).toBe(200);
    expect(asset.headers["content-type"]).toContain("text/javascript");
    expect((await get(server.port, "/assets/app.js", { cookie: "time_ui=nope" })).status).toBe(401);
  });

  it("refuses foreign Host headers, other methods, and paths outside the built folder", async () => {
    const auth = { cookie: `time_ui=${TOKEN}` };
    expect((await get(server.port, "/", { ...auth, host: "evil.example:80" })).status).toBe(403);
    expect((await get(server.port, "/", auth, "POST")).status).toBe(405);
    for (const path of [
      "/../webui-outside.txt",
      "/%2e%2e/webui-outside.txt",
      "/assets/..%2f..%2fwebui-outside.txt",
      "/.secret.json",
      "/assets",
      "/nope.js",
      "/%E0%A4%A",
      "/x%00.js",
    ]) {
      expect((await get(server.port, path, auth)).status, path).toBe(404);
    }
  });

  it("answers calls over the socket, with refusals as data", async () => {
    const client = new Client(await open(`ws://${base}/ws?token=${TOKEN}`));
    try {
      const count = await client.ask({ id: 1, call: "getblockcount", params: {} });
      expect(count).toEqual({ id: 1, ok: true, result: 0 });
      const missing = await client.ask({ id: 2, call: "nosuchmethod" });
      expect(missing.ok).toBe(false);
      expect((missing.error as { code: string }).code).toBe("API_METHOD_NOT_FOUND");
      const bad = await client.ask({ id: 3, call: "getblockhash", params: { height: "x" } });
      expect((bad.error as { code: string }).code).toBe("API_INVALID_PARAMS");
      const neither = await client.ask({ id: 4 });
      expect((neither.error as { code: string }).code).toBe("API_INVALID_REQUEST");
      // Garbage and binary frames are dropped; the socket keeps working.
      client.ws.send("{not json");
      client.ws.send(JSON.stringify([1, 2]));
      client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      expect(await client.ask({ id: 5, call: "getblockcount" })).toMatchObject({ id: 5, ok: true });
    } finally {
      client.ws.close();
    }
  });

  it("pushes the events a socket subscribed to, and refuses unknown ones", async () => {
    const client = new Client(
      await open(`ws://${base}/ws`, { cookie: `time_ui=${TOKEN}`, origin: `http://${base}` }),
    );
    try {
      const unknown = await client.ask({ id: 1, subscribe: ["node:txSeen", "no:such"] });
      expect((unknown.error as { code: string }).code).toBe("API_INVALID_PARAMS");
      expect(await client.ask({ id: 2, subscribe: ["node:txSeen"] })).toEqual({
        id: 2,
        ok: true,
        result: ["node:txSeen"],
      });
      t.node.events.emit("node:txSeen", { txid: "ab".repeat(32) });
      await client.ask({ id: 3, call: "getblockcount" });
      expect(client.events).toEqual([{ event: "node:txSeen", payload: { txid: "ab".repeat(32) } }]);
      await client.ask({ id: 4, subscribe: [] });
      t.node.events.emit("node:txSeen", { txid: "cd".repeat(32) });
      await client.ask({ id: 5, call: "getblockcount" });
      expect(client.events).toHaveLength(1);
    } finally {
      client.ws.close();
    }
  });

  it("refuses sockets without the token, from another origin, or on another path", async () => {
    await expect(open(`ws://${base}/ws`)).rejects.toThrow(/401/);
    await expect(open(`ws://${base}/ws?token=wrong`)).rejects.toThrow(/401/);
    await expect(open(`ws://${base}/ws?token=${TOKEN}`, { origin: "http://evil.example" })).rejects.toThrow(
      /403/,
    );
    await expect(open(`ws://${base}/ws?token=${TOKEN}`, { origin: "http://127.0.0.1:1" })).rejects.toThrow(
      /403/,
    );
    await expect(open(`ws://${base}/other?token=${TOKEN}`)).rejects.toThrow(/404/);
  });

  it("will not start off loopback or without a built UI", async () => {
    const api = { api: t.api, logger: memoryLogger() };
    await expect(
      new WebUiServer({ host: "0.0.0.0", port: 0, staticDir: dir }, api).start(),
    ).rejects.toMatchObject({
      code: "WEBUI_BIND_FAILED",
    });
    await expect(
      new WebUiServer({ port: 0, staticDir: join(dir, "none") }, api).start(),
    ).rejects.toMatchObject({
      code: "WEBUI_NOT_BUILT",
    });
  });

  it("serves the tab icon the renderer's page links (a browser asks for /favicon.ico when none is linked)", async () => {
    // The layout Vite builds: renderer/index.html with renderer/public/ copied beside it.
    const built = mkdtempSync(join(tmpdir(), "webui-renderer-"));
    cpSync(join(RENDERER, "index.html"), join(built, "index.html"));
    cpSync(join(RENDERER, "public"), built, { recursive: true });
    const ui = new WebUiServer(
      { port: 0, staticDir: built, token: TOKEN },
      { api: t.api, logger: memoryLogger() },
    );
    await ui.start();
    try {
      const page = await get(ui.port, `/?token=${TOKEN}`);
      expect(page.status).toBe(200);
      const link = /<link\s[^>]*rel="icon"[^>]*>/.exec(page.body)?.[0];
      expect(link, "index.html links an icon").toBeDefined();
      const href = /href="([^"]+)"/.exec(link ?? "")?.[1] ?? "";
      // Same origin (the CSP's img-src 'self'), resolved as the browser would against the page.
      const path = new URL(href, `http://127.0.0.1:${ui.port}/`);
      expect(path.origin).toBe(`http://127.0.0.1:${ui.port}`);
      const icon = await get(ui.port, path.pathname, { cookie: `time_ui=${TOKEN}` });
      expect(icon.status).toBe(200);
      expect(icon.headers["content-type"]).toBe("image/svg+xml");
      expect(icon.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(page.headers["content-security-policy"]).toContain("img-src 'self'");
    } finally {
      await ui.close();
      rmSync(built, { recursive: true, force: true });
    }
  });
});
