// The web mode of the UI: the built renderer served on 127.0.0.1 behind a per-launch token, and the
// WebSocket transport of the contract at /ws. Without the token nothing is served: the URL printed at
// start carries it once (`/?token=…`), the answer sets it as an HttpOnly, SameSite=Strict cookie so the
// page's assets and socket are let in, and a reload keeps working. The Host header is checked (DNS
// rebinding), a socket must come from this server's own origin, every answer carries a strict CSP and
// no-referrer (the token never leaks in a Referer), and nothing is sent with CORS headers.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { access } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { type WebSocket, WebSocketServer } from "ws";
import { allowedHostSet, hostAllowed } from "../rpc/index.js";
import type { Logger } from "../util/index.js";
import { WebUiError } from "./errors.js";
import {
  type ResolvedWebUiOptions,
  resolveWebUiOptions,
  type WebUiModules,
  type WebUiOptions,
} from "./options.js";
import { SocketSession } from "./socket-session.js";
import { readStaticFile } from "./static-files.js";

const COOKIE_NAME = "time_ui";
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/** The Content-Security-Policy of every page: own scripts and styles only, no inline code, no framing. */
export const WEB_UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": WEB_UI_CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()",
};

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class WebUiServer {
  private readonly opts: ResolvedWebUiOptions;
  private readonly logger: Logger;
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  #token = "";
  private allowed: ReadonlySet<string> = new Set();
  private boundPort = 0;
  private readonly sessions = new Map<WebSocket, SocketSession>();

  constructor(
    opts: WebUiOptions,
    private readonly modules: WebUiModules,
  ) {
    this.opts = resolveWebUiOptions(opts);
    this.logger = modules.logger.child({ module: "webui" });
  }

  get port(): number {
    return this.boundPort;
  }

  /** The URL to open, with the launch token (a secret: print it for the user, never log it). */
  get url(): string {
    const host = this.opts.host.includes(":") ? `[${this.opts.host}]` : this.opts.host;
    return `http://${host}:${this.boundPort}/?token=${this.#token}`;
  }

  /** The launch token (a secret: for a restarted server to keep the page's URL, never for a log). */
  get token(): string {
    return this.#token;
  }

  /** Sockets open now. */
  get socketCount(): number {
    return this.sessions.size;
  }

  async start(): Promise<void> {
    if (this.server !== null)
      throw new WebUiError("WEBUI_ALREADY_STARTED", "the web UI is already started", {});
    const { host, port, staticDir } = this.opts;
    if (!isLoopback(host)) {
      throw new WebUiError("WEBUI_BIND_FAILED", `the web UI listens on loopback only, not ${host}`, {
        host,
        port,
        reason: "not a loopback address",
      });
    }
    try {
      await access(join(staticDir, "index.html"));
    } catch {
      throw new WebUiError(
        "WEBUI_NOT_BUILT",
        `the UI is not built (no ${join(staticDir, "index.html")}): run npm run build:ui`,
        {
          dir: staticDir,
        },
      );
    }
    this.#token = this.opts.token ?? randomBytes(32).toString("base64url");
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.opts.maxMessageBytes });
    const server = createServer((req, res) => void this.handle(req, res));
    server.on("upgrade", (req, socket, head) => this.upgrade(wss, req, socket as Socket, head));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host, port }, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      throw new WebUiError("WEBUI_BIND_FAILED", `cannot listen on ${host}:${port}`, {
        host,
        port,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    server.on("error", (error) => this.logger.error({ err: error }, "web UI server error"));
    this.server = server;
    this.wss = wss;
    this.boundPort = (server.address() as AddressInfo).port;
    this.allowed = allowedHostSet(this.boundPort, this.opts.allowedHosts);
    // A socket whose peer vanished without a close (a sleeping laptop) is found and dropped.
    const alive = new WeakSet<WebSocket>();
    this.heartbeat = setInterval(() => {
      for (const ws of this.sessions.keys()) {
        if (!alive.has(ws)) {
          ws.terminate();
          continue;
        }
        alive.delete(ws);
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    wss.on("connection", (ws) => {
      alive.add(ws);
      ws.on("pong", () => alive.add(ws));
    });
    this.logger.info({ host, port: this.boundPort }, "web UI listening");
  }

  /** Closes every socket and stops listening. Idempotent. */
  async close(): Promise<void> {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const [ws, session] of this.sessions) {
      session.close();
      ws.terminate();
    }
    this.sessions.clear();
    this.wss?.close();
    this.wss = null;
    const server = this.server;
    this.server = null;
    if (server !== null) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  }

  private authorized(req: IncomingMessage, url: URL): { ok: boolean; viaQuery: boolean } {
    const query = url.searchParams.get("token");
    if (query !== null && this.tokenMatches(query)) return { ok: true, viaQuery: true };
    const cookie = cookieValue(req.headers.cookie, COOKIE_NAME);
    return { ok: cookie !== null && this.tokenMatches(cookie), viaQuery: false };
  }

  private tokenMatches(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.#token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!hostAllowed(this.allowed, req.headers.host)) {
      plain(res, 403, "forbidden: Host header not allowed");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      plain(res, 405, "method not allowed");
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const auth = this.authorized(req, url);
    if (!auth.ok) {
      plain(res, 401, "unauthorized: open the URL the node printed at start (it carries the launch token)");
      return;
    }
    if (auth.viaQuery) {
      res.setHeader("Set-Cookie", `${COOKIE_NAME}=${this.#token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    let file: Awaited<ReturnType<typeof readStaticFile>>;
    try {
      file = await readStaticFile(this.opts.staticDir, url.pathname);
    } catch (error) {
      this.logger.error({ err: error }, "web UI file read failed");
      plain(res, 500, "internal error");
      return;
    }
    if (file === null) {
      plain(res, 404, "not found");
      return;
    }
    // Hashed assets never change; index.html names the current ones and must be read fresh.
    const immutable = url.pathname.startsWith("/assets/");
    res.writeHead(200, {
      "Content-Type": file.contentType,
      "Content-Length": file.body.byteLength,
      "Cache-Control": immutable ? "private, max-age=31536000, immutable" : "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : file.body);
  }

  /** Why a socket upgrade is refused ([status, reason]), or null to accept it. */
  private upgradeRefusal(req: IncomingMessage): [number, string] | null {
    const host = req.headers.host;
    if (!hostAllowed(this.allowed, host)) return [403, "Forbidden"];
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws") return [404, "Not Found"];
    // A page elsewhere (another site, another local port) may not open the node's socket.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return [403, "Forbidden"];
    if (!this.authorized(req, url).ok) return [401, "Unauthorized"];
    if (this.sessions.size >= this.opts.maxSockets) return [503, "Service Unavailable"];
    return null;
  }

  private upgrade(wss: WebSocketServer, req: IncomingMessage, socket: Socket, head: Buffer): void {
    const refuse = (status: number, text: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
    };
    socket.on("error", () => {});
    const refusal = this.upgradeRefusal(req);
    if (refusal !== null) {
      refuse(refusal[0], refusal[1]);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new SocketSession(
        ws,
        this.modules.api,
        { maxInFlight: this.opts.maxInFlightPerSocket, maxBufferedBytes: MAX_BUFFERED_BYTES },
        this.logger,
      );
      this.sessions.set(ws, session);
      wss.emit("connection", ws, req);
      ws.on("message", (data, isBinary) => {
        if (isBinary) {
          session.droppedMessages++;
          return;
        }
        session.receive(data.toString());
      });
      ws.on("error", (error) => this.logger.debug({ err: error }, "web UI socket error"));
      ws.on("close", () => {
        session.close();
        this.sessions.delete(ws);
      });
    });
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
