// What the web UI server is configured with (where it listens, the built renderer's folder, its caps) and
// what it is handed (the API it calls and whose events it pushes, the logger).
import type { Api } from "../api/index.js";
import type { Logger } from "../util/index.js";

export interface WebUiOptions {
  /** Default 127.0.0.1. The server refuses to start on a non-loopback address. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (dist/renderer): index.html and assets/. */
  readonly staticDir: string;
  /** The launch token; default: 32 random bytes, new every start. */
  readonly token?: string;
  /** Host header values accepted besides 127.0.0.1:port, localhost:port and [::1]:port. */
  readonly allowedHosts?: readonly string[];
  /** Largest WebSocket message from a client (default 1 MiB). */
  readonly maxMessageBytes?: number;
  /** Most calls one socket may have unanswered (default 32). */
  readonly maxInFlightPerSocket?: number;
  /** Most sockets at once (default 16). */
  readonly maxSockets?: number;
}

export interface WebUiModules {
  readonly api: Api;
  readonly logger: Logger;
}

export interface ResolvedWebUiOptions {
  readonly host: string;
  readonly port: number;
  readonly staticDir: string;
  readonly token: string | null;
  readonly allowedHosts: readonly string[];
  readonly maxMessageBytes: number;
  readonly maxInFlightPerSocket: number;
  readonly maxSockets: number;
}

export function resolveWebUiOptions(opts: WebUiOptions): ResolvedWebUiOptions {
  return {
    host: opts.host ?? "127.0.0.1",
    port: opts.port,
    staticDir: opts.staticDir,
    token: opts.token ?? null,
    allowedHosts: opts.allowedHosts ?? [],
    maxMessageBytes: opts.maxMessageBytes ?? 1024 * 1024,
    maxInFlightPerSocket: opts.maxInFlightPerSocket ?? 32,
    maxSockets: opts.maxSockets ?? 16,
  };
}
