// What the JSON-RPC server is configured with (where it listens, how it authenticates, its caps, the
// unauthenticated GET routes other modules plug in) and what it is handed (the API to call, the logger).
import type { CallOptions } from "../api/index.js";
import type { Logger } from "../util/index.js";
import { RpcError } from "./errors.js";

/** The answer of a plain GET route (/metrics, /health). */
export interface RouteResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

export type RouteHandler = () => Promise<RouteResponse>;

export interface RpcServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Where `.cookie` is written (the data dir), or null for user/password only. */
  readonly cookieDir: string | null;
  /** Optional fixed credentials, besides the cookie. */
  readonly user?: string;
  readonly password?: string;
  /** Host header values accepted besides 127.0.0.1:port, localhost:port and [::1]:port ("name:port"). */
  readonly allowedHosts?: readonly string[];
  /** Largest request body (default 2 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
  /** Most requests in one batch (default 100). */
  readonly maxBatch?: number;
  /** Most HTTP requests served at once, long waits included (default 64); past it, 503. */
  readonly maxConcurrent?: number;
  /** Unauthenticated GET routes by path, e.g. { "/metrics": ..., "/health": ... }. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

export interface RpcServerModules {
  /** The API the requests call (createApi's result). */
  readonly api: { call(name: string, params: unknown, options?: CallOptions): Promise<unknown> };
  readonly logger: Logger;
}

export interface ResolvedRpcOptions {
  readonly host: string;
  readonly port: number;
  readonly cookieDir: string | null;
  readonly user: string | null;
  readonly password: string | null;
  readonly allowedHosts: readonly string[];
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
  readonly maxConcurrent: number;
  readonly routes: Readonly<Record<string, RouteHandler>>;
}

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_BATCH = 100;
export const DEFAULT_MAX_CONCURRENT = 64;
/** The user name of cookie authentication (as Bitcoin Core). */
export const COOKIE_USER = "__cookie__";

function positiveInt(name: string, value: number | undefined, fallback: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new RpcError("RPC_BAD_OPTIONS", `${name} must be an integer from 1 to ${max}`, { option: name });
  }
  return v;
}

export function resolveRpcOptions(opts: RpcServerOptions): ResolvedRpcOptions {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65_535) {
    throw new RpcError("RPC_BAD_OPTIONS", "port must be an integer from 0 to 65535", { option: "port" });
  }
  const user = opts.user ?? null;
  const password = opts.password ?? null;
  if ((user === null) !== (password === null)) {
    throw new RpcError("RPC_BAD_OPTIONS", "user and password go together", { option: "user" });
  }
  if (user !== null && (user.length === 0 || user.includes(":") || user === COOKIE_USER)) {
    throw new RpcError("RPC_BAD_OPTIONS", `user must be non-empty, without ":", and not ${COOKIE_USER}`, {
      option: "user",
    });
  }
  if (password !== null && password.length === 0) {
    throw new RpcError("RPC_BAD_OPTIONS", "password must not be empty", { option: "password" });
  }
  if (opts.cookieDir === null && user === null) {
    throw new RpcError("RPC_BAD_OPTIONS", "without a cookie dir, a user and password are needed", {
      option: "cookieDir",
    });
  }
  const routes = opts.routes ?? {};
  for (const path of Object.keys(routes)) {
    if (!path.startsWith("/") || path === "/") {
      throw new RpcError("RPC_BAD_OPTIONS", `route ${path} must be a path other than /`, {
        option: "routes",
      });
    }
  }
  return {
    host: opts.host ?? "127.0.0.1",
    port: opts.port,
    cookieDir: opts.cookieDir,
    user,
    password,
    allowedHosts: (opts.allowedHosts ?? []).map((h) => h.toLowerCase()),
    maxBodyBytes: positiveInt("maxBodyBytes", opts.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 64 * 1024 * 1024),
    maxBatch: positiveInt("maxBatch", opts.maxBatch, DEFAULT_MAX_BATCH, 10_000),
    maxConcurrent: positiveInt("maxConcurrent", opts.maxConcurrent, DEFAULT_MAX_CONCURRENT, 10_000),
    routes,
  };
}
