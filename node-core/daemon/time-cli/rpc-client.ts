// One JSON-RPC 2.0 call over HTTP to timed: credentials from -rpcuser/-rpcpassword or the cookie file
// (`__cookie__:<hex>`, sent as HTTP Basic auth like bitcoin-cli), the POST, and the answer sorted into a
// result, an RPC error, or a CliError saying why there is neither (exit code 1). Its payload's causeCode
// tells -rpcwait whether the daemon may still come up (isRetryable).
import { request } from "node:http";
import { readSecretText, SecretFileError } from "../secret-file.js";
import { CliError, EXIT_NEGATIVE } from "./errors.js";
import type { RpcConnection } from "./rpc-options.js";

/** A getblock answer of a full block is a few MB; far more is not an answer of timed. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
/** bitcoind's "in warm-up" error code: under -rpcwait the call is tried again. */
export const RPC_IN_WARMUP = -28;

export type RpcOutcome =
  | { readonly kind: "result"; readonly result: unknown }
  | { readonly kind: "error"; readonly code: number; readonly message: string };

/** Causes after which the daemon may still answer: it is starting (no socket, no cookie yet) or restarting. */
const RETRYABLE_CAUSES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOENT"]);

/** Whether -rpcwait should try again after this failure of callRpc. */
export function isRetryable(err: unknown): boolean {
  return (
    err instanceof CliError &&
    (err.code === "CLI_RPC_UNREACHABLE" || err.code === "CLI_RPC_NO_CREDENTIALS") &&
    err.payload.causeCode !== undefined &&
    RETRYABLE_CAUSES.has(err.payload.causeCode)
  );
}

/** The Authorization header value. Throws CliError CLI_RPC_NO_CREDENTIALS when there are none. */
export async function authorization(connection: RpcConnection): Promise<string> {
  if (connection.credentials !== null) {
    const { user, password } = connection.credentials;
    return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
  }
  const path = connection.cookieFile;
  let text: string;
  try {
    text = await readSecretText({ path, what: "cookie" });
  } catch (err) {
    if (!(err instanceof SecretFileError)) throw err;
    const missing = err.code === "SECRET_FILE_UNREADABLE" && err.payload.reason === "no such file";
    const message = missing
      ? `no cookie file ${path}: timed is not running with the data directory ${connection.dataDir} ` +
        `(start it with: ${connection.startCommand}), or pass -datadir, or -rpcuser and -rpcpassword`
      : `${err.message}; pass -rpcuser and -rpcpassword, or fix the cookie file`;
    // The daemon writes the cookie when it starts, so a missing one may still appear under -rpcwait.
    const payload = missing ? { path, causeCode: "ENOENT" } : { path };
    throw new CliError("CLI_RPC_NO_CREDENTIALS", message, payload, EXIT_NEGATIVE, { cause: err });
  }
  const cookie = text.replace(/\r?\n$/, "");
  if (!/^__cookie__:[0-9A-Za-z]{16,256}$/.test(cookie)) {
    throw new CliError(
      "CLI_RPC_NO_CREDENTIALS",
      `cookie file ${path} does not hold "__cookie__:<hex>"; restart timed to write a new one`,
      { path },
      EXIT_NEGATIVE,
    );
  }
  return `Basic ${Buffer.from(cookie, "utf8").toString("base64")}`;
}

/** The request body of a call whose params are already JSON text (see rpc-params.ts). */
export function requestBody(method: string, params: string, id = 1): string {
  return `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${params}}`;
}

/** Sends one call and sorts the answer. Throws a CliError (exit code 1) for every outcome that is not one. */
export async function callRpc(
  connection: RpcConnection,
  method: string,
  params: string,
): Promise<RpcOutcome> {
  const auth = await authorization(connection);
  const { status, body } = await post(connection, requestBody(method, params), auth);
  return interpret(connection, status, body);
}

function endpointOf(connection: RpcConnection): string {
  return connection.host.includes(":")
    ? `[${connection.host}]:${connection.port}`
    : `${connection.host}:${connection.port}`;
}

function post(
  connection: RpcConnection,
  body: string,
  auth: string,
): Promise<{ status: number; body: string }> {
  const endpoint = endpointOf(connection);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: connection.host,
        port: connection.port,
        method: "POST",
        path: "/",
        // One call per process: no pooled keep-alive socket to hold the process open or linger on the server.
        agent: false,
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          Authorization: auth,
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy();
            reject(
              failure(
                "CLI_RPC_BAD_RESPONSE",
                `the answer from ${endpoint} is larger than ${MAX_RESPONSE_BYTES} bytes`,
                endpoint,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", (err) => reject(transportFailure(connection, endpoint, err)));
      },
    );
    if (connection.clientTimeoutS > 0) {
      req.setTimeout(connection.clientTimeoutS * 1000, () => {
        req.destroy(Object.assign(new Error("timeout"), { code: "RPC_CLIENT_TIMEOUT" }));
      });
    }
    req.on("error", (err) => reject(transportFailure(connection, endpoint, err)));
    req.end(body);
  });
}

function failure(
  code: "CLI_RPC_UNREACHABLE" | "CLI_RPC_REFUSED" | "CLI_RPC_BAD_RESPONSE",
  message: string,
  endpoint: string,
  extra: { readonly status?: number; readonly causeCode?: string } = {},
): CliError {
  return new CliError(code, message, { endpoint, ...extra }, EXIT_NEGATIVE);
}

function transportFailure(connection: RpcConnection, endpoint: string, err: unknown): CliError {
  // Node's socket errors are not NodeCoreErrors: their documented `code` is the way to tell them apart.
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return failure(
        "CLI_RPC_UNREACHABLE",
        `cannot connect to timed at ${endpoint} (connection refused): the daemon is not running on ` +
          `${connection.network}; start it with: ${connection.startCommand} ` +
          "(or add -rpcwait to wait for it)",
        endpoint,
        { causeCode: code },
      );
    // A daemon that is starting or stopping can drop the connection; under -rpcwait that is worth a retry.
    case "ECONNRESET":
    case "EPIPE":
      return failure(
        "CLI_RPC_UNREACHABLE",
        `the connection to timed at ${endpoint} was closed before an answer`,
        endpoint,
        { causeCode: code },
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return failure(
        "CLI_RPC_UNREACHABLE",
        `cannot resolve the host of -rpcconnect ${connection.host}`,
        endpoint,
        { causeCode: code },
      );
    case "RPC_CLIENT_TIMEOUT":
      return failure(
        "CLI_RPC_UNREACHABLE",
        `timed at ${endpoint} did not answer within ${connection.clientTimeoutS} s (-rpcclienttimeout)`,
        endpoint,
      );
    default:
      return failure(
        "CLI_RPC_UNREACHABLE",
        `cannot reach timed at ${endpoint} (${typeof code === "string" ? code : "unknown error"})`,
        endpoint,
        typeof code === "string" ? { causeCode: code } : {},
      );
  }
}

function interpret(connection: RpcConnection, status: number, body: string): RpcOutcome {
  const endpoint = endpointOf(connection);
  if (status === 401) {
    const how =
      connection.credentials === null
        ? `the cookie file ${connection.cookieFile} is stale (is another timed using ${connection.dataDir}?)`
        : "-rpcuser or -rpcpassword is wrong";
    throw failure(
      "CLI_RPC_REFUSED",
      `timed at ${endpoint} refused the credentials (HTTP 401): ${how}`,
      endpoint,
      { status },
    );
  }
  if (status === 403) {
    throw failure(
      "CLI_RPC_REFUSED",
      `timed at ${endpoint} refused the request (HTTP 403); add this host to its rpc-allow-host setting`,
      endpoint,
      { status },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw failure(
      "CLI_RPC_BAD_RESPONSE",
      `timed at ${endpoint} answered HTTP ${status} without a JSON-RPC response`,
      endpoint,
      { status },
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw failure(
      "CLI_RPC_BAD_RESPONSE",
      `timed at ${endpoint} answered HTTP ${status} with JSON that is not a JSON-RPC response`,
      endpoint,
      { status },
    );
  }
  const response = parsed as { result?: unknown; error?: unknown };
  if (response.error !== undefined && response.error !== null) {
    const error = response.error as { code?: unknown; message?: unknown };
    if (typeof error !== "object" || !Number.isInteger(error.code) || typeof error.message !== "string") {
      throw failure(
        "CLI_RPC_BAD_RESPONSE",
        `timed at ${endpoint} answered with a malformed error object`,
        endpoint,
        { status },
      );
    }
    return { kind: "error", code: error.code as number, message: error.message };
  }
  if (!("result" in response)) {
    throw failure(
      "CLI_RPC_BAD_RESPONSE",
      `timed at ${endpoint} answered HTTP ${status} with neither result nor error`,
      endpoint,
      { status },
    );
  }
  return { kind: "result", result: response.result };
}
