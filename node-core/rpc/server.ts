// The JSON-RPC 2.0 server over HTTP, on 127.0.0.1 by default. Every request passes, in order: the Host
// check (403), the plain GET routes (/metrics, /health: no auth, GET only), the refusal of OPTIONS and of
// browser requests (any Origin header: 403, and no CORS header is ever sent, so a web page can neither
// read an answer nor pass a preflight), POST to "/" only, Basic auth against the cookie or the configured
// user (401), a cap on requests in flight (503) and on the body, enforced while it is read (413). Tasks a
// method leaves for after its reply (stop) run once the response is written.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../util/index.js";
import { Authenticator } from "./auth.js";
import { type Cookie, removeCookie, writeCookie } from "./cookie.js";
import { RpcError } from "./errors.js";
import { allowedHostSet, hostAllowed } from "./host-check.js";
import { handleJsonRpc } from "./jsonrpc.js";
import {
  type ResolvedRpcOptions,
  type RouteHandler,
  type RpcServerModules,
  type RpcServerOptions,
  resolveRpcOptions,
} from "./options.js";

/** Longest a client may take to send its headers, and its whole request. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

class BodyTooLarge extends Error {}

export class RpcServer {
  private readonly opts: ResolvedRpcOptions;
  private readonly logger: Logger;
  private server: Server | null = null;
  private cookie: Cookie | null = null;
  private auth: Authenticator | null = null;
  private allowed: ReadonlySet<string> = new Set();
  private inFlight = 0;
  private boundPort = 0;

  constructor(
    opts: RpcServerOptions,
    private readonly modules: RpcServerModules,
  ) {
    this.opts = resolveRpcOptions(opts);
    this.logger = modules.logger.child({ module: "rpc" });
  }

  /** The port listened on (after start). */
  get port(): number {
    return this.boundPort;
  }

  /** The cookie file's path, or null without cookie auth. */
  get cookiePath(): string | null {
    return this.cookie?.path ?? null;
  }

  /** Writes the cookie and listens; rejects with RPC_COOKIE_FAILED or RPC_BIND_FAILED. */
  async start(): Promise<void> {
    if (this.server !== null)
      throw new RpcError("RPC_ALREADY_STARTED", "the RPC server is already started", {});
    const { host, port, cookieDir, user, password } = this.opts;
    this.cookie = cookieDir === null ? null : await writeCookie(cookieDir);
    this.auth = new Authenticator(
      this.cookie?.password ?? null,
      user !== null && password !== null ? { user, password } : null,
    );
    const server = createServer((req, res) => this.handle(req, res));
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host, port }, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      if (this.cookie !== null) await removeCookie(this.cookie).catch(() => {});
      this.cookie = null;
      throw new RpcError("RPC_BIND_FAILED", `cannot listen on ${host}:${port}`, {
        host,
        port,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    server.on("error", (error) => this.logger.error({ err: error }, "RPC server error"));
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.allowed = allowedHostSet(this.boundPort, this.opts.allowedHosts);
    this.logger.info({ host, port: this.boundPort }, "RPC server listening");
  }

  /** Stops listening, drops open connections and deletes the cookie file. Idempotent. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    if (this.cookie !== null) {
      const cookie = this.cookie;
      this.cookie = null;
      await removeCookie(cookie);
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
    if (!hostAllowed(this.allowed, req.headers.host)) {
      this.plain(req, res, 403, "forbidden: Host header not allowed");
      return;
    }
    const path = (req.url ?? "/").split("?")[0] as string;
    const route = Object.hasOwn(this.opts.routes, path) ? this.opts.routes[path] : undefined;
    if (route !== undefined) {
      if (req.method !== "GET") {
        res.setHeader("Allow", "GET");
        this.plain(req, res, 405, "method not allowed");
        return;
      }
      void this.serveRoute(req, res, path, route);
      return;
    }
    if (req.method === "OPTIONS") {
      this.plain(req, res, 405, "method not allowed");
      return;
    }
    if (req.headers.origin !== undefined) {
      this.plain(req, res, 403, "forbidden: browser requests are not served");
      return;
    }
    if (path !== "/") {
      this.plain(req, res, 404, "not found");
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      this.plain(req, res, 405, "method not allowed: JSON-RPC takes POST");
      return;
    }
    if (this.auth === null || !this.auth.check(req.headers.authorization)) {
      res.setHeader("WWW-Authenticate", 'Basic realm="jsonrpc"');
      this.plain(req, res, 401, "unauthorized");
      return;
    }
    if (this.inFlight >= this.opts.maxConcurrent) {
      this.plain(req, res, 503, "busy: too many requests in flight");
      return;
    }
    this.inFlight++;
    this.serveRpc(req, res).finally(() => {
      this.inFlight--;
    });
  }

  private async serveRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: string;
    try {
      body = await this.readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        this.plain(req, res, 413, `payload too large: at most ${this.opts.maxBodyBytes} bytes`);
      } else if (!res.headersSent) {
        this.plain(req, res, 400, "bad request: the body could not be read");
      }
      return;
    }
    const after: (() => void)[] = [];
    try {
      const text = await handleJsonRpc(body, {
        maxBatch: this.opts.maxBatch,
        call: (method, params) =>
          this.modules.api.call(method, params, { afterReply: (task) => void after.push(task) }),
        onInternalError: (method, error) =>
          this.logger.error({ method, reason: error.data.reason, err: error }, `RPC ${method} failed`),
      });
      if (after.length > 0) {
        res.once("close", () => {
          for (const task of after.splice(0)) {
            try {
              task();
            } catch (error) {
              this.logger.error({ err: error }, "a task after an RPC reply threw");
            }
          }
        });
      }
      if (text === null) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    } catch (error) {
      this.logger.error({ err: error }, "RPC request failed");
      if (!res.headersSent) this.plain(req, res, 500, "internal error");
    }
  }

  /** The body as UTF-8, refused past maxBodyBytes (by Content-Length at once, else while reading). */
  private readBody(req: IncomingMessage): Promise<string> {
    const max = this.opts.maxBodyBytes;
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > max) return Promise.reject(new BodyTooLarge());
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on("data", (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > max) {
          done = true;
          chunks.length = 0;
          req.pause();
          reject(new BodyTooLarge());
          return;
        }
        chunks.push(chunk);
      });
      req.on("end", () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks).toString("utf8"));
      });
      req.on("error", (error) => {
        if (done) return;
        done = true;
        reject(error);
      });
    });
  }

  private async serveRoute(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    route: RouteHandler,
  ): Promise<void> {
    try {
      const answer = await route();
      const body = typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : answer.body;
      res.writeHead(answer.status, { "Content-Type": answer.contentType, "Content-Length": body.byteLength });
      res.end(body);
    } catch (error) {
      // A route that throws, or answers with something HTTP cannot carry, is a fault of that module.
      this.logger.error({ err: error, path }, `route ${path} failed`);
      this.plain(req, res, 500, "internal error");
    }
  }

  /** A short text answer; the connection is closed when the request body was not read. */
  private plain(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
    if (res.headersSent) return;
    const readAll = req.complete;
    res.writeHead(status, {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      ...(readAll ? {} : { Connection: "close" }),
    });
    res.end(text);
    if (!readAll) res.once("finish", () => req.destroy());
  }
}
